// Personal access tokens as time passes, on the server's test clock: a token stops working when
// it expires, and its last_used_at is never more than a minute behind its last use while being
// written at most once a minute.
#include <memory>

#include "api_fixture.hpp"
#include "test_clock.hpp"

namespace habitd::test {
namespace {

class TokensClockApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    clock_ = std::make_unique<TestClock>(utc(2026, 6, 1, 12, 0));  // 2026-06-01T12:00:30Z
    start_server_alone(clock_->env());
  }
  static void TearDownTestSuite() {
    server_.reset();
    clock_.reset();
  }
  static inline std::unique_ptr<TestClock> clock_;
};

TEST_F(TokensClockApi, ATokenStopsWorkingWhenItExpires) {
  const Account a = register_user();
  auto created = client().post(
      "/api/v1/tokens", {{"name", "for five minutes"}, {"scope", "write"}, {"expires_at", "2026-06-01T12:05:00Z"}}, a.auth());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto token = bearer(std::string(created.json().at("token").as_string()));
  EXPECT_EQ(client().get("/api/v1/habits", token).status, 200);
  clock_->set(utc(2026, 6, 1, 12, 4));  // 12:04:30, half a minute before it expires
  EXPECT_EQ(client().post("/api/v1/habits", {{"name", "still here"}, {"frequency", "daily"}}, token).status, 201);
  clock_->set(utc(2026, 6, 1, 12, 5));  // 12:05:30, half a minute after
  const auto expired = client().get("/api/v1/habits", token);
  expect_problem(expired, 401);
  EXPECT_EQ(expired.header("www-authenticate"), "Bearer");
  expect_problem(client().post("/api/v1/habits", {{"name", "too late"}, {"frequency", "daily"}}, token), 401);
  // The password login that made it still works, and the expired token is still listed.
  const auto list = client().get("/api/v1/tokens", a.auth());
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json().at("total").as_int64(), 1);
}

// Noted uses are written by a background job and by a clean stop: each step below stops the
// server, so what it noted is written, and starts it again on the same database and clock.
TEST(TokensLastUseOnTheClock, MovesWhenUsedAfterAMinuteAndIsWrittenAtMostOnceAMinute) {
  TestClock clock(utc(2026, 7, 1, 9, 0));  // 2026-07-01T09:00:30Z
  EnvVars env = backend_env_alone();
  for (const auto& variable : clock.env()) env.push_back(variable);
  auto server = std::make_unique<ServerProcess>(env);
  const auto restart = [&] {
    EXPECT_EQ(server->stop(), 0);
    server = std::make_unique<ServerProcess>(env);
  };
  const auto http = [&] { return HttpClient(server->port()); };
  const std::string name = "clockuse" + std::to_string(::getpid());
  ASSERT_EQ(
      http()
          .post("/api/v1/auth/register", {{"email", name + "@example.com"}, {"username", name}, {"password", "a good password"}})
          .status,
      201);
  const auto login = http().post("/api/v1/auth/login", {{"login", name}, {"password", "a good password"}});
  ASSERT_EQ(login.status, 200) << login.body;
  const auto access = bearer(std::string(login.json().at("access_token").as_string()));
  const auto created = http().post("/api/v1/tokens", {{"name", "cron"}, {"scope", "read"}}, access);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto token = bearer(std::string(created.json().at("token").as_string()));
  const auto last_used = [&] {
    const auto list = http().get("/api/v1/tokens", access);
    EXPECT_EQ(list.status, 200) << list.body;
    const auto body = list.json();
    const auto& items = body.at("items").as_array();
    EXPECT_EQ(items.size(), 1u) << list.body;
    if (items.empty() || items[0].at("last_used_at").is_null()) return std::string("null");
    return std::string(items[0].at("last_used_at").as_string());
  };

  EXPECT_EQ(last_used(), "null");
  ASSERT_EQ(http().get("/api/v1/habits", token).status, 200);  // 09:00:30
  restart();
  const std::string first = last_used();
  ASSERT_EQ(first.substr(0, 19), "2026-07-01T09:00:30") << first;

  // Used again and again within the minute: the stamp is not rewritten.
  for (const int second : {10, 25, 40, 50}) {
    clock.set(utc(2026, 7, 1, 9, 0, 30 + second));
    ASSERT_EQ(http().get("/api/v1/habits", token).status, 200) << second;
  }
  restart();
  EXPECT_EQ(last_used(), first);

  // Used after a minute: it moves to that use.
  clock.set(utc(2026, 7, 1, 9, 1, 31));
  ASSERT_EQ(http().get("/api/v1/today", token).status, 200);
  restart();
  const std::string second = last_used();
  EXPECT_EQ(second.substr(0, 19), "2026-07-01T09:01:31") << second;

  // And not again within the next minute, however often it is used.
  for (const int after : {5, 20, 45}) {
    clock.set(utc(2026, 7, 1, 9, 1, 31 + after));
    ASSERT_EQ(http().get("/api/v1/habits", token).status, 200) << after;
  }
  restart();
  EXPECT_EQ(last_used(), second);
  EXPECT_EQ(server->stop(), 0);
}

}  // namespace
}  // namespace habitd::test
