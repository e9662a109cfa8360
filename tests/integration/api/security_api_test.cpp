// Hostile clients against the real binary, on SQLite and PostgreSQL: injection and script payloads in
// every text field, one user reaching for another's data, forged and misused tokens, broken UTF-8,
// the security headers, and CORS. docs/SECURITY.md names each test next to the threat it covers.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "api_fixture.hpp"
#include "domain/calendar.hpp"

namespace habitd::test {
namespace {

using domain::format_date;
using std::chrono::days;

const std::vector<std::string> kPayloads = {"'; DROP TABLE users; --",
                                            "\" OR \"1\"=\"1",
                                            "Robert'); DROP TABLE habit_logs;--",
                                            "1; SELECT pg_sleep(5)--",
                                            "<script>alert(document.cookie)</script>",
                                            "<img src=x onerror=alert(1)>",
                                            "javascript:alert(1)",
                                            "{{7*7}} ${7*7} ${jndi:ldap://x/a}",
                                            "%27%20OR%201%3D1",
                                            "\\'; --\\",
                                            "\xe2\x80\xae\xf0\x9f\x98\x80 \xc3\xbc"};

std::string base64url(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                     reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(length));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : (c == '/' ? '_' : c);
  return out;
}

// header.claims.HS256(key) over raw JSON texts, so a test can write claims the server never issues.
std::string hs256(const std::string& header, const std::string& claims, const std::string& key) {
  const std::string input = base64url(header) + "." + base64url(claims);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(input.data()), input.size(),
       mac, &length);
  return input + "." + base64url(std::string_view(reinterpret_cast<const char*>(mac), length));
}

std::string server_secret() {
  for (const auto& [name, value] : backend_env())
    if (name == "HABITS_JWT_SECRET") return value;
  return {};
}

std::string claims(const std::string& sub, std::int64_t iat, const std::string& exp, const std::string& extra = "") {
  return R"({"sub":")" + sub + R"(","iss":"habitd","iat":)" + std::to_string(iat) + R"(,"exp":)" + exp + extra + "}";
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class SecurityApi : public ApiTest {
 protected:
  // Several tests fail logins on purpose; no budget may turn a later set-up login into a 429.
  static void SetUpTestSuite() {
    start_server({{"HABITS_LOGIN_FAILURES_PER_ADDRESS", "1000000"}, {"HABITS_LOGIN_FAILURES_PER_ACCOUNT", "1000000"}});
  }

  std::string create_habit(const Account& account, const boost::json::object& body) {
    auto reply = client().post("/api/v1/habits", body, account.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.status == 201 ? std::string(reply.json().at("id").as_string()) : std::string();
  }
};

TEST_F(SecurityApi, InjectionAndScriptPayloadsInEveryTextFieldAreStoredVerbatim) {
  const Account a = register_user();
  const std::string today = format_date(today_in("UTC"));
  const std::string week_ago = format_date(today_in("UTC") - days(7));
  for (const auto& payload : kPayloads) {
    SCOPED_TRACE(payload);
    const std::string id =
        create_habit(a, {{"name", payload}, {"description", payload}, {"frequency", "daily"}, {"start_date", week_ago}});
    const std::string base = "/api/v1/habits/" + id;
    const auto habit = client().get(base, a.auth()).json();
    EXPECT_EQ(habit.at("name").as_string(), payload);
    EXPECT_EQ(habit.at("description").as_string(), payload);
    // Log notes, edited notes, and the reason of a skipped range.
    EXPECT_EQ(client().post(base + "/logs", {{"notes", payload}}, a.auth()).json().at("notes").as_string(), payload);
    const auto edited = client().patch(base + "/logs/" + today, {{"notes", payload + payload}}, a.auth());
    EXPECT_EQ(edited.json().at("notes").as_string(), payload + payload);
    ASSERT_EQ(client().post(base + "/skips", {{"from", week_ago}, {"to", week_ago}, {"notes", payload}}, a.auth()).status, 201);
    const auto day_view = client().get(base + "/logs?from=" + week_ago + "&to=" + today, a.auth()).json();
    EXPECT_EQ(day_view.at("days").as_array().front().at("notes").as_string(), payload);
    EXPECT_EQ(day_view.at("days").as_array().back().at("notes").as_string(), payload + payload);
    const auto renamed = client().patch(base, {{"name", "x" + payload}, {"description", payload + "x"}}, a.auth()).json();
    EXPECT_EQ(renamed.at("name").as_string(), "x" + payload);
    EXPECT_EQ(renamed.at("description").as_string(), payload + "x");
  }
  // A unit (20 characters at most) on a numeric habit, and an import carrying payloads.
  const std::string unit = "<b>'--\"</b>";
  const std::string goal = create_habit(a, {{"name", "goal"}, {"frequency", "daily"}, {"goal", 5}, {"unit", unit}});
  EXPECT_EQ(client().get("/api/v1/habits/" + goal, a.auth()).json().at("unit").as_string(), unit);
  boost::json::object log{{"date", week_ago}, {"notes", kPayloads[4]}};
  boost::json::object imported{
      {"name", kPayloads[0]}, {"frequency", "daily"}, {"start_date", week_ago}, {"logs", boost::json::array{log}}};
  const boost::json::object document{{"format", "habitd-export"}, {"version", 1}, {"habits", boost::json::array{imported}}};
  ASSERT_EQ(client().post("/api/v1/import", document, a.auth()).status, 201);
  const auto exported = client().get("/api/v1/export", a.auth()).json();
  bool found = false;
  for (const auto& habit : exported.at("habits").as_array())
    if (habit.at("name").as_string() == kPayloads[0] && habit.at("logs").as_array().size() == 1)
      found = habit.at("logs").as_array()[0].at("notes").as_string() == kPayloads[4];
  EXPECT_TRUE(found);
  // Emails may hold quotes and SQL; usernames may not (their pattern refuses them with 422).
  const std::string email = "o'brien'--+{1=1}" + unique("") + "@example.com";
  const std::string name = unique("sqli");
  ASSERT_EQ(client()
                .post("/api/v1/auth/register", {{"email", email}, {"username", name}, {"password", "correct horse battery"}})
                .status,
            201);
  EXPECT_EQ(client().post("/api/v1/auth/login", {{"login", email}, {"password", "correct horse battery"}}).status, 200);
  expect_problem(client().post("/api/v1/auth/register", {{"email", unique("e") + "@example.com"},
                                                         {"username", "x' OR 1=1--"},
                                                         {"password", "correct horse battery"}}),
                 422);
  // Injection as credentials gets the ordinary 401, and every table is still there.
  for (const auto& payload : {std::string("' OR '1'='1"), std::string("admin'--"), a.username + "' --"})
    expect_problem(client().post("/api/v1/auth/login", {{"login", payload}, {"password", "' OR '1'='1"}}), 401);
  EXPECT_EQ(client().get("/api/v1/habits?limit=200", a.auth()).json().at("total").as_int64(),
            static_cast<std::int64_t>(kPayloads.size()) + 2);
  EXPECT_EQ(client().post("/api/v1/auth/login", {{"login", a.username}, {"password", a.password}}).status, 200);
}

TEST_F(SecurityApi, AnotherUsersHabitsAndLogsAre404OnEveryRoute) {
  const Account owner = register_user();
  const Account intruder = register_user();
  const std::string today = format_date(today_in("UTC"));
  const std::string id = create_habit(owner, {{"name", "private"}, {"description", "mine"}, {"frequency", "daily"}});
  ASSERT_EQ(client().post("/api/v1/habits/" + id + "/logs", {{"notes", "secret"}}, owner.auth()).status, 201);
  const std::string base = "/api/v1/habits/" + id;
  // Every route of the document that takes a habit id (and a log date), every method on it.
  struct Attempt {
    std::string method;
    std::string target;
    std::string body;
  };
  const std::vector<Attempt> attempts = {
      {"GET", base, ""},
      {"PATCH", base, R"({"name":"taken"})"},
      {"DELETE", base, ""},
      {"GET", base + "/streak", ""},
      {"GET", base + "/logs", ""},
      {"POST", base + "/logs", R"({"notes":"forged"})"},
      {"POST", base + "/skips", R"({"from":")" + today + R"(","to":")" + today + R"("})"},
      {"PATCH", base + "/logs/" + today, R"({"notes":"forged"})"},
      {"DELETE", base + "/logs/" + today, ""},
      {"GET", base + "/calendar?year=2026", ""},
  };
  auto http = client();
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    const Attempt& attempt = attempts[i];
    SCOPED_TRACE(attempt.method + " " + attempt.target);
    expect_problem(http.request(attempt.method, attempt.target, attempt.body, intruder.auth()), 404);
    // The same request with an idempotency key must not replay anything of the owner's either.
    if (attempt.method == "POST")
      expect_problem(http.request(attempt.method, attempt.target, attempt.body,
                                  {intruder.auth()[0], {"Idempotency-Key", "idor-" + std::to_string(i) + id}}),
                     404);
  }
  // Nothing of the owner's leaks into the intruder's lists, export or progress.
  EXPECT_EQ(http.get("/api/v1/habits", intruder.auth()).json().at("total").as_int64(), 0);
  EXPECT_EQ(http.get("/api/v1/export", intruder.auth()).json().at("habits").as_array().size(), 0U);
  EXPECT_EQ(http.get("/api/v1/export?format=csv", intruder.auth()).body.find("private"), std::string::npos);
  EXPECT_EQ(http.get("/api/v1/progress", intruder.auth()).json().at("total_habits").as_int64(), 0);
  // And the owner's habit is untouched: same name, same log, same notes.
  const auto habit = http.get(base, owner.auth()).json();
  EXPECT_EQ(habit.at("name").as_string(), "private");
  EXPECT_EQ(habit.at("total_completions").as_int64(), 1);
  const auto day_view = http.get(base + "/logs?from=" + today + "&to=" + today, owner.auth()).json();
  EXPECT_EQ(day_view.at("days").as_array().at(0).at("notes").as_string(), "secret");
}

// Found by SpecFuzzApi: a habit id of bytes that are not UTF-8 was a 500 on PostgreSQL.
TEST_F(SecurityApi, HabitIdsThatNameNothingAre404WhateverTheirBytes) {
  const Account a = register_user();
  for (const std::string& id :
       std::vector<std::string>{"%FF%FE", "%C0%AF", "%00", "%ED%A0%80", "x%27%20OR%20%271%27=%271", std::string(400, 'f')}) {
    SCOPED_TRACE(id);
    expect_problem(client().get("/api/v1/habits/" + id, a.auth()), 404);
    expect_problem(client().del("/api/v1/habits/" + id, a.auth()), 404);
    expect_problem(client().post("/api/v1/habits/" + id + "/logs", boost::json::object{}, a.auth()), 404);
    // A path no route knows: the problem body stays valid UTF-8 JSON (it once echoed the raw path).
    expect_problem(client().get("/api/v1/" + id + "/x", a.auth()), 404);
  }
}

TEST_F(SecurityApi, ForgedTamperedAndMisusedTokensAre401) {
  const Account a = register_user();
  const std::string secret = server_secret();
  ASSERT_FALSE(secret.empty());
  const std::int64_t now = now_seconds();
  const std::string hs = R"({"alg":"HS256","typ":"JWT"})";
  const std::string exp = std::to_string(now + 600);
  const std::string token = a.access_token;
  const std::string signature = token.substr(token.rfind('.'));
  const std::string public_key =
      "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----\n";
  // A token the test signs with the server's secret is accepted: the forging helper is right, so
  // each refusal below is for the one thing that case changes.
  ASSERT_EQ(client().get("/api/v1/users/me", bearer(hs256(hs, claims(a.id, now, exp), secret))).status, 200);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"alg none", base64url(R"({"alg":"none","typ":"JWT"})") + "." + base64url(claims(a.id, now, exp)) + "."},
      {"HS256 keyed with a public key (key confusion)", hs256(hs, claims(a.id, now, exp), public_key)},
      {"RS256 header, HS256 signature with our secret", hs256(R"({"alg":"RS256","typ":"JWT"})", claims(a.id, now, exp), secret)},
      {"RS256 header on our token", base64url(R"({"alg":"RS256","typ":"JWT"})") + token.substr(token.find('.'))},
      {"sub changed, old signature", base64url(hs) + "." + base64url(claims("someone-else", now, exp)) + signature},
      {"expired", hs256(hs, claims(a.id, now - 3600, std::to_string(now - 60)), secret)},
      {"issued an hour from now", hs256(hs, claims(a.id, now + 3600, std::to_string(now + 7200)), secret)},
      {"not valid before an hour from now", hs256(hs, claims(a.id, now, exp, ",\"nbf\":" + std::to_string(now + 3600)), secret)},
      {"wrong issuer",
       hs256(hs, R"({"sub":")" + a.id + R"(","iss":"evil","iat":)" + std::to_string(now) + ",\"exp\":" + exp + "}", secret)},
      {"no issuer", hs256(hs, R"({"sub":")" + a.id + R"(","iat":)" + std::to_string(now) + ",\"exp\":" + exp + "}", secret)},
      {"no exp", hs256(hs, R"({"sub":")" + a.id + R"(","iss":"habitd","iat":)" + std::to_string(now) + "}", secret)},
      {"empty sub", hs256(hs, claims("", now, exp), secret)},
      {"exp 1e300 (undefined behaviour in cpp-jwt before the check)", hs256(hs, claims(a.id, now, "1e300"), secret)},
      {"exp 1e300, unsigned", base64url(hs) + "." + base64url(claims(a.id, now, "1e300")) + ".c2ln"},
      {"byte outside base64url (cpp-jwt read outside its table)", "\xff" + token},
      {"signed with another secret", hs256(hs, claims(a.id, now, exp), secret + "x")},
      {"refresh token as access token", a.refresh_token},
      {"garbage", "garbage"},
      {"empty", ""},
  };
  for (const auto& [what, forged] : cases) {
    SCOPED_TRACE(what);
    const auto reply = client().get("/api/v1/users/me", bearer(forged));
    expect_problem(reply, 401);
    EXPECT_EQ(reply.header("www-authenticate"), "Bearer");
  }
  for (const std::string& header :
       {"Basic " + base64url(a.username + ":" + a.password), "Token " + token, token, "Bearer" + token})
    expect_problem(client().get("/api/v1/users/me", {{"Authorization", header}}), 401);
  // The other way round: an access token is no refresh token.
  expect_problem(client().post("/api/v1/auth/refresh", {{"refresh_token", token}}), 401);
  EXPECT_EQ(client().get("/api/v1/users/me", a.auth()).status, 200);
}

TEST_F(SecurityApi, InvalidUtf8InJsonBodiesIs400) {
  const Account a = register_user();
  const std::string id = create_habit(a, {{"name", "utf8"}, {"frequency", "daily"}});
  const std::vector<std::string> broken = {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\x80z", "\xe2\x82"};
  const std::vector<std::pair<std::string, std::string>> targets = {{"POST", "/api/v1/auth/register"},
                                                                    {"POST", "/api/v1/auth/login"},
                                                                    {"POST", "/api/v1/habits"},
                                                                    {"PATCH", "/api/v1/habits/" + id},
                                                                    {"POST", "/api/v1/habits/" + id + "/logs"},
                                                                    {"PATCH", "/api/v1/users/me"},
                                                                    {"POST", "/api/v1/import"}};
  for (const auto& [method, target] : targets)
    for (const auto& bytes : broken) {
      SCOPED_TRACE(method + " " + target);
      expect_problem(
          client().request(method, target, R"({"name":")" + bytes + R"(","notes":"x","login":"x","password":"x"})", a.auth()),
          400);
    }
}

TEST_F(SecurityApi, ResponsesAreNoStoreNosniffAndCarryNoBanner) {
  const Account a = register_user();
  const std::string id = create_habit(a, {{"name", "headers"}, {"frequency", "daily"}});
  auto http = client();
  const std::vector<Reply> replies = {http.get("/api/v1/users/me", a.auth()),
                                      http.get("/api/v1/habits", a.auth()),
                                      http.get("/api/v1/habits/" + id, a.auth()),
                                      http.get("/api/v1/habits/" + id + "/logs", a.auth()),
                                      http.get("/api/v1/progress", a.auth()),
                                      http.get("/api/v1/insights", a.auth()),
                                      http.get("/api/v1/export", a.auth()),
                                      http.get("/api/v1/export?format=csv", a.auth()),
                                      http.post("/api/v1/auth/login", {{"login", a.username}, {"password", a.password}}),
                                      http.get("/api/v1/users/me"),
                                      http.get("/api/v1/habits/nope", a.auth()),
                                      http.get("/api/v1/habits?limit=0", a.auth()),
                                      http.request("POST", "/api/v1/habits", "{", a.auth())};
  for (const auto& reply : replies) {
    SCOPED_TRACE(std::to_string(reply.status) + " " + reply.body.substr(0, 60));
    EXPECT_EQ(reply.header("cache-control"), "no-store");
    EXPECT_EQ(reply.header("x-content-type-options"), "nosniff");
    EXPECT_FALSE(reply.has_header("server"));
    EXPECT_FALSE(reply.has_header("x-powered-by"));
  }
}

TEST_F(SecurityApi, PasswordsTakeAnyUnicodeAndAreNeverTrimmed) {
  const std::string name = unique("uni");
  const std::string password = "  p\xc3\xa4ss w\xc3\xb6rd \xf0\x9f\x98\x80  ";
  ASSERT_EQ(client()
                .post("/api/v1/auth/register", {{"email", name + "@example.com"}, {"username", name}, {"password", password}})
                .status,
            201);
  EXPECT_EQ(client().post("/api/v1/auth/login", {{"login", name}, {"password", password}}).status, 200);
  expect_problem(client().post("/api/v1/auth/login", {{"login", name}, {"password", "p\xc3\xa4ss w\xc3\xb6rd \xf0\x9f\x98\x80"}}),
                 401);
}

TEST_F(SecurityApi, NoDefaultAccountsExist) {
  for (const char* login : {"admin", "root", "administrator", "habitd", "test", "postgres", "sa"})
    for (const std::string& password : std::vector<std::string>{"admin", "password", "changeme", std::string(login)})
      expect_problem(client().post("/api/v1/auth/login", {{"login", login}, {"password", password}}), 401);
}

TEST_F(SecurityApi, EachLoginIssuesFreshHighEntropyTokens) {
  const Account a = register_user();
  const auto again = client().post("/api/v1/auth/login", {{"login", a.username}, {"password", a.password}}).json();
  const std::string refresh(again.at("refresh_token").as_string());
  EXPECT_NE(again.at("access_token").as_string(), a.access_token);
  EXPECT_NE(refresh, a.refresh_token);
  // 256 random bits, base64url: 43 characters of the URL-safe alphabet.
  EXPECT_GE(refresh.size(), 43U);
  EXPECT_EQ(refresh.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
}

TEST_F(SecurityApi, TokensInTheQueryStringAreIgnored) {
  const Account a = register_user();
  for (const char* name : {"access_token", "token", "authorization", "jwt"})
    expect_problem(client().get(std::string("/api/v1/users/me?") + name + "=" + a.access_token), 401);
}

bool has_cors_header(const Reply& reply) {
  for (const auto& [name, value] : reply.headers)
    if (name.rfind("access-control-", 0) == 0) return true;
  return false;
}

const Headers kPreflight = {{"Origin", "https://app.example.com"},
                            {"Access-Control-Request-Method", "PATCH"},
                            {"Access-Control-Request-Headers", "authorization, content-type"}};

TEST_F(SecurityApi, CorsIsOffByDefault) {
  const Account a = register_user();
  auto http = client();
  const auto reply = http.get("/api/v1/habits", {a.auth()[0], {"Origin", "https://app.example.com"}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_FALSE(has_cors_header(reply));
  const auto preflight = http.request("OPTIONS", "/api/v1/habits/abc", "", kPreflight);
  expect_problem(preflight, 405);
  EXPECT_FALSE(has_cors_header(preflight));
}

TEST(SecurityCors, AnAllowlistAnswersListedOriginsOnly) {
  auto env = backend_env();
  env.emplace_back("HABITS_CORS_ORIGINS", "https://app.example.com,https://admin.example.com");
  ServerProcess server(env);
  HttpClient http(server.port());
  // A listed origin: the origin echoed (never *, never credentials), Vary: Origin, headers exposed.
  const auto listed = http.get("/healthz", {{"Origin", "https://admin.example.com"}});
  EXPECT_EQ(listed.header("access-control-allow-origin"), "https://admin.example.com");
  EXPECT_EQ(listed.header("vary"), "Origin");
  EXPECT_NE(listed.header("access-control-expose-headers").find("Location"), std::string::npos);
  EXPECT_FALSE(listed.has_header("access-control-allow-credentials"));
  // Its preflight: 204 with the path's methods and the headers the API reads.
  const auto preflight = http.request("OPTIONS", "/api/v1/habits/abc", "", kPreflight);
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.header("access-control-allow-origin"), "https://app.example.com");
  EXPECT_EQ(preflight.header("access-control-allow-methods"), "GET, PATCH, DELETE");
  const auto allowed_headers = preflight.header("access-control-allow-headers");
  EXPECT_NE(allowed_headers.find("Authorization"), std::string::npos);
  EXPECT_NE(allowed_headers.find("Content-Type"), std::string::npos);
  EXPECT_FALSE(preflight.header("access-control-max-age").empty());
  // A preflight for a path that does not exist is an ordinary 404.
  expect_problem(http.request("OPTIONS", "/api/v1/nothing", "", kPreflight), 404);
  // Another origin, or a look-alike: no CORS header at all, and its preflight is an ordinary 405.
  for (const char* origin : {"https://evil.example.com", "https://app.example.com.evil.net", "http://app.example.com", "null"}) {
    SCOPED_TRACE(origin);
    EXPECT_FALSE(has_cors_header(http.get("/healthz", {{"Origin", origin}})));
    Headers foreign = kPreflight;
    foreign[0].second = origin;
    const auto refused = http.request("OPTIONS", "/api/v1/habits/abc", "", foreign);
    expect_problem(refused, 405);
    EXPECT_FALSE(has_cors_header(refused));
  }
}

}  // namespace
}  // namespace habitd::test
