// Personal access tokens as time passes, on the server's test clock: a token stops working when
// it expires.
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

}  // namespace
}  // namespace habitd::test
