// Authentication and account management through the real binary, on SQLite and PostgreSQL.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include "api_fixture.hpp"

namespace habitd::test {
namespace {

class AuthApi : public ApiTest {};

boost::json::object registration(const std::string& name, const std::string& password = "a good password") {
  return {{"email", name + "@example.com"}, {"username", name}, {"password", password}};
}

TEST_F(AuthApi, RegisterReturnsTheUserAndLocation) {
  const std::string name = unique("reg");
  auto reply = client().post("/api/v1/auth/register", {{"email", "  " + name + "@Example.com "},
                                                       {"username", name},
                                                       {"password", "a good password"},
                                                       {"timezone", "Asia/Tokyo"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.header("location"), "/api/v1/users/me");
  const auto user = reply.json().as_object();
  EXPECT_TRUE(user.at("id").is_string());
  EXPECT_EQ(user.at("email").as_string(), name + "@Example.com");
  EXPECT_EQ(user.at("username").as_string(), name);
  EXPECT_EQ(user.at("timezone").as_string(), "Asia/Tokyo");
  EXPECT_EQ(user.at("day_start").as_string(), "00:00");
  EXPECT_EQ(user.at("created_at").as_string().size(), 20u);
  EXPECT_FALSE(user.contains("password"));
  EXPECT_FALSE(user.contains("password_hash"));
}

TEST_F(AuthApi, TimezoneDefaultsToUtc) {
  auto reply = client().post("/api/v1/auth/register", registration(unique("tz")));
  ASSERT_EQ(reply.status, 201);
  EXPECT_EQ(reply.json().at("timezone").as_string(), "UTC");
}

TEST_F(AuthApi, DuplicatesAre409IgnoringCase) {
  const std::string name = unique("dup");
  ASSERT_EQ(client().post("/api/v1/auth/register", registration(name)).status, 201);
  auto same_email = client().post("/api/v1/auth/register",
                                  {{"email", name + "@EXAMPLE.COM"}, {"username", name + "x"}, {"password", "a good password"}});
  expect_problem(same_email, 409);
  EXPECT_EQ(error_fields(same_email), std::vector<std::string>{"email"});
  std::string upper = name;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto same_username =
      client().post("/api/v1/auth/register",
                    {{"email", "other" + name + "@example.com"}, {"username", upper}, {"password", "a good password"}});
  expect_problem(same_username, 409);
  EXPECT_EQ(error_fields(same_username), std::vector<std::string>{"username"});
}

TEST_F(AuthApi, ConcurrentDuplicateSignUpsGiveOneWinner) {
  const std::string name = unique("race");
  std::vector<int> statuses(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < statuses.size(); ++i)
    threads.emplace_back([&, i] { statuses[i] = client().post("/api/v1/auth/register", registration(name)).status; });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), static_cast<long>(statuses.size() - 1));
}

TEST_F(AuthApi, RegistrationValidatesEveryField) {
  auto reply =
      client().post("/api/v1/auth/register",
                    {{"email", "not-an-email"}, {"username", "x!"}, {"password", "short"}, {"timezone", "Mars/Olympus"}});
  expect_problem(reply, 422);
  auto fields = error_fields(reply);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"email", "password", "timezone", "username"}));

  expect_problem(client().post("/api/v1/auth/register", boost::json::object{}), 422);
  expect_problem(client().post("/api/v1/auth/register", {{"email", 5}, {"username", true}, {"password", nullptr}}), 422);
  expect_problem(client().post("/api/v1/auth/register", boost::json::array{1, 2}), 422);
  auto long_name = registration(unique("long"));
  long_name["username"] = std::string(33, 'a');
  expect_problem(client().post("/api/v1/auth/register", long_name), 422);
  auto day_start = registration(unique("ds"));
  day_start["day_start"] = "24:00";
  EXPECT_EQ(error_fields(client().post("/api/v1/auth/register", day_start)), std::vector<std::string>{"day_start"});
}

TEST_F(AuthApi, PasswordsOver72BytesAreRefusedNotTruncated) {
  auto reply = client().post("/api/v1/auth/register", registration(unique("pw"), std::string(73, 'p')));
  expect_problem(reply, 422);
  EXPECT_EQ(error_fields(reply), std::vector<std::string>{"password"});
  EXPECT_EQ(client().post("/api/v1/auth/register", registration(unique("pw"), std::string(72, 'p'))).status, 201);
}

TEST_F(AuthApi, LoginRefusesPasswordsBcryptWouldTruncate) {
  const std::string name = unique("trunc");
  const std::string password(72, 'p');
  ASSERT_EQ(client().post("/api/v1/auth/register", registration(name, password)).status, 201);
  EXPECT_EQ(client().post("/api/v1/auth/login", {{"login", name}, {"password", password}}).status, 200);
  expect_problem(client().post("/api/v1/auth/login", {{"login", name}, {"password", password + "extra"}}), 401);
}

TEST_F(AuthApi, NonJsonIs415AndBrokenJsonIs400) {
  expect_problem(
      client().request("POST", "/api/v1/auth/register", "email=x", {{"Content-Type", "application/x-www-form-urlencoded"}}), 415);
  expect_problem(client().request("POST", "/api/v1/auth/register", "{\"email\":", {}), 400);
  expect_problem(client().request("POST", "/api/v1/auth/register", "{\"email\":\"\xff\xfe\"}", {}), 400);
}

TEST_F(AuthApi, LoginByLoginEmailOrUsername) {
  const Account account = register_user();
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"login", account.email}, {"login", account.username}, {"email", account.email}, {"username", account.username}}) {
    std::string shouted = value;
    for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto reply = client().post("/api/v1/auth/login", {{key, shouted}, {"password", account.password}});
    ASSERT_EQ(reply.status, 200) << key << " " << reply.body;
    const auto tokens = reply.json().as_object();
    EXPECT_EQ(tokens.at("token_type").as_string(), "Bearer");
    EXPECT_EQ(tokens.at("expires_in").as_int64(), 900);
    EXPECT_FALSE(tokens.at("access_token").as_string().empty());
    EXPECT_FALSE(tokens.at("refresh_token").as_string().empty());
  }
}

TEST_F(AuthApi, BadCredentialsSayTheSameWhetherTheUserExists) {
  const Account account = register_user();
  auto wrong_password = client().post("/api/v1/auth/login", {{"login", account.username}, {"password", "wrong password"}});
  auto no_user = client().post("/api/v1/auth/login", {{"login", unique("ghost")}, {"password", "wrong password"}});
  expect_problem(wrong_password, 401);
  expect_problem(no_user, 401);
  EXPECT_EQ(wrong_password.json().at("detail"), no_user.json().at("detail"));
  EXPECT_EQ(wrong_password.header("www-authenticate"), "Bearer");
  expect_problem(client().post("/api/v1/auth/login", {{"password", "x"}}), 422);
}

TEST_F(AuthApi, ProtectedEndpointsNeedAValidToken) {
  const Account account = register_user();
  auto ok = client().get("/api/v1/users/me", account.auth());
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json().at("id").as_string(), account.id);
  for (const Headers& headers : std::vector<Headers>{{},
                                                     {{"Authorization", "Bearer"}},
                                                     {{"Authorization", "Basic abc"}},
                                                     {{"Authorization", "Bearer garbage"}},
                                                     {{"Authorization", "Bearer " + account.access_token + "x"}}}) {
    auto reply = client().get("/api/v1/users/me", headers);
    expect_problem(reply, 401);
    EXPECT_EQ(reply.header("www-authenticate"), "Bearer");
  }
  // alg "none" with the same claims.
  const auto dot = account.access_token.find('.');
  const auto second = account.access_token.find('.', dot + 1);
  const std::string none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + account.access_token.substr(dot + 1, second - dot - 1) + ".";
  expect_problem(client().get("/api/v1/users/me", bearer(none)), 401);
  EXPECT_EQ(client().get("/api/v1/users/me", {{"Authorization", "bearer " + account.access_token}}).status, 200);
}

TEST_F(AuthApi, RefreshRotatesAndReuseRevokesTheSession) {
  Account account = register_user();
  auto first = client().post("/api/v1/auth/refresh", {{"refresh_token", account.refresh_token}});
  ASSERT_EQ(first.status, 200) << first.body;
  const std::string rotated(first.json().at("refresh_token").as_string());
  EXPECT_NE(rotated, account.refresh_token);
  EXPECT_EQ(client().get("/api/v1/users/me", bearer(std::string(first.json().at("access_token").as_string()))).status, 200);
  // The old token again: refused, and the whole login session with it.
  expect_problem(client().post("/api/v1/auth/refresh", {{"refresh_token", account.refresh_token}}), 401);
  expect_problem(client().post("/api/v1/auth/refresh", {{"refresh_token", rotated}}), 401);
  expect_problem(client().post("/api/v1/auth/refresh", {{"refresh_token", "nonsense"}}), 401);
  expect_problem(client().post("/api/v1/auth/refresh", boost::json::object{}), 422);
}

TEST_F(AuthApi, LogoutRevokesTheRefreshToken) {
  const Account account = register_user();
  EXPECT_EQ(client().post("/api/v1/auth/logout", {{"refresh_token", account.refresh_token}}).status, 204);
  expect_problem(client().post("/api/v1/auth/refresh", {{"refresh_token", account.refresh_token}}), 401);
  expect_problem(client().post("/api/v1/auth/logout", {{"refresh_token", "unknown-token"}}), 401);
}

TEST_F(AuthApi, PatchMeChangesProfileFields) {
  const Account account = register_user();
  const std::string new_name = unique("renamed");
  auto reply = client().patch("/api/v1/users/me",
                              {{"username", new_name}, {"timezone", "America/New_York"}, {"day_start", "04:30"}}, account.auth());
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json().at("username").as_string(), new_name);
  EXPECT_EQ(reply.json().at("timezone").as_string(), "America/New_York");
  EXPECT_EQ(reply.json().at("day_start").as_string(), "04:30");
  EXPECT_EQ(reply.json().at("email").as_string(), account.email);
  auto bad = client().patch("/api/v1/users/me", {{"timezone", "Nowhere/Land"}}, account.auth());
  expect_problem(bad, 422);
  EXPECT_EQ(error_fields(bad), std::vector<std::string>{"timezone"});
  const Account other = register_user();
  expect_problem(client().patch("/api/v1/users/me", {{"email", other.email}}, account.auth()), 409);
  expect_problem(client().patch("/api/v1/users/me", {{"timezone", "UTC"}}), 401);
}

TEST_F(AuthApi, PasswordChangeRevokesRefreshTokens) {
  const Account account = register_user();
  auto wrong = client().post("/api/v1/users/me/password",
                             {{"current_password", "not it at all"}, {"new_password", "another password"}}, account.auth());
  expect_problem(wrong, 422);
  expect_problem(client().post("/api/v1/users/me/password", {{"current_password", account.password}, {"new_password", "short"}},
                               account.auth()),
                 422);
  auto changed = client().post("/api/v1/users/me/password",
                               {{"current_password", account.password}, {"new_password", "another password"}}, account.auth());
  ASSERT_EQ(changed.status, 204) << changed.body;
  expect_problem(client().post("/api/v1/auth/refresh", {{"refresh_token", account.refresh_token}}), 401);
  expect_problem(client().post("/api/v1/auth/login", {{"login", account.username}, {"password", account.password}}), 401);
  EXPECT_EQ(client().post("/api/v1/auth/login", {{"login", account.username}, {"password", "another password"}}).status, 200);
}

TEST_F(AuthApi, DeleteMeRemovesTheAccount) {
  const Account account = register_user();
  expect_problem(client().request("DELETE", "/api/v1/users/me", R"({"password":"wrong password"})", account.auth()), 422);
  auto deleted = client().request("DELETE", "/api/v1/users/me", "{\"password\":\"" + account.password + "\"}", account.auth());
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  expect_problem(client().get("/api/v1/users/me", account.auth()), 401);
  expect_problem(client().post("/api/v1/auth/login", {{"login", account.username}, {"password", account.password}}), 401);
  expect_problem(client().post("/api/v1/auth/refresh", {{"refresh_token", account.refresh_token}}), 401);
  // The name is free again.
  EXPECT_EQ(client()
                .post("/api/v1/auth/register",
                      {{"email", account.email}, {"username", account.username}, {"password", account.password}})
                .status,
            201);
}

TEST_F(AuthApi, NoSecretEverReachesTheLog) {
  const Account account = register_user();
  (void)client().post("/api/v1/auth/refresh", {{"refresh_token", account.refresh_token}});
  const std::string log = server().log();
  EXPECT_EQ(log.find(account.password), std::string::npos);
  EXPECT_EQ(log.find(account.access_token), std::string::npos);
  EXPECT_EQ(log.find(account.refresh_token), std::string::npos);
  EXPECT_EQ(log.find("$2b$"), std::string::npos);
  EXPECT_EQ(log.find("test-secret-test-secret"), std::string::npos);
}

TEST(AuthRateLimit, RepeatedFailuresAre429WithRetryAfter) {
  auto env = backend_env_alone();  // the address budget is shared by every server on a database
  env.emplace_back("HABITS_LOGIN_FAILURES_PER_ACCOUNT", "3");
  env.emplace_back("HABITS_LOGIN_FAILURES_PER_ADDRESS", "5");
  ServerProcess server(env);
  HttpClient http(server.port());
  const std::string name = "limited" + std::to_string(::getpid());
  ASSERT_EQ(http.post("/api/v1/auth/register", registration(name)).status, 201);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(http.post("/api/v1/auth/login", {{"login", name}, {"password", "wrong guess"}}).status, 401);
  auto limited = http.post("/api/v1/auth/login", {{"login", name}, {"password", "a good password"}});
  expect_problem(limited, 429);
  EXPECT_GT(std::stoi(limited.header("retry-after")), 0);
  // Per address: other accounts from the same client are limited after 5 failures in all.
  for (int i = 0; i < 2; ++i) (void)http.post("/api/v1/auth/login", {{"login", "nobody" + std::to_string(i)}, {"password", "x"}});
  expect_problem(http.post("/api/v1/auth/login", {{"login", "someone-else"}, {"password", "whatever1"}}), 429);
}

TEST(AuthSecret, GeneratedSecretIsKeptOwnerOnlyBesideTheDatabase) {
  if (backend_name() != "sqlite") GTEST_SKIP() << "the generated secret belongs to SQLite deployments";
  const std::string dir = make_temp_dir();
  EnvVars env{{"HABITS_DATABASE_URL", "sqlite:" + dir + "/h.db"}, {"HABITS_BCRYPT_COST", "4"}};
  std::string token;
  {
    ServerProcess server(env);
    HttpClient http(server.port());
    ASSERT_EQ(http.post("/api/v1/auth/register", registration("keeper")).status, 201);
    token = std::string(http.post("/api/v1/auth/login", {{"login", "keeper"}, {"password", "a good password"}})
                            .json()
                            .at("access_token")
                            .as_string());
  }
  struct stat info {};
  ASSERT_EQ(::stat((dir + "/h.db.jwt-secret").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ServerProcess restarted(env);
  EXPECT_EQ(HttpClient(restarted.port()).get("/api/v1/users/me", bearer(token)).status, 200);
}

TEST(AuthSecret, PreviousSecretIsAcceptedDuringRotation) {
  auto env = backend_env();
  std::string token;
  const std::string name = "rotate" + std::to_string(::getpid());
  {
    ServerProcess server(env);
    HttpClient http(server.port());
    ASSERT_EQ(http.post("/api/v1/auth/register", registration(name)).status, 201);
    token = std::string(http.post("/api/v1/auth/login", {{"login", name}, {"password", "a good password"}})
                            .json()
                            .at("access_token")
                            .as_string());
  }
  auto rotated = env;
  std::string old_secret;
  for (auto& [key, value] : rotated)
    if (key == "HABITS_JWT_SECRET") {
      old_secret = value;
      value = "a-brand-new-secret-that-is-long-enough-0123";
    }
  {
    ServerProcess without_previous(rotated);
    EXPECT_EQ(HttpClient(without_previous.port()).get("/api/v1/users/me", bearer(token)).status, 401);
  }
  rotated.emplace_back("HABITS_JWT_PREVIOUS_SECRET", old_secret);
  ServerProcess with_previous(rotated);
  EXPECT_EQ(HttpClient(with_previous.port()).get("/api/v1/users/me", bearer(token)).status, 200);
}

}  // namespace
}  // namespace habitd::test
