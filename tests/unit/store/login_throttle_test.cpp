// The rules of the login throttle, held by both kinds: in one process's memory (SQLite) and in the
// database (PostgreSQL, shared by every process; tested here on a SQLite file, the same statements).
#include <gtest/gtest.h>

#include <memory>

#include "security/login_limiter.hpp"
#include "store/shared_login_limiter.hpp"
#include "temp_sqlite.hpp"

namespace habitd::store {
namespace {

using namespace std::chrono_literals;
using security::LoginLimits;
using security::LoginThrottle;

enum class Kind { kMemory, kDatabase };

class LoginThrottleTest : public testing::TestWithParam<Kind> {
 protected:
  LoginThrottle& make(LoginLimits limits) {
    if (GetParam() == Kind::kMemory) {
      throttle_ = std::make_unique<security::LoginLimiter>(limits);
    } else {
      temp_.emplace("login-throttle");
      throttle_ = std::make_unique<SharedLoginLimiter>(temp_->database(), limits);
    }
    return *throttle_;
  }
  const std::chrono::system_clock::time_point t0 = std::chrono::system_clock::time_point{} + 1000s;

 private:
  std::optional<TempSqlite> temp_;
  std::unique_ptr<LoginThrottle> throttle_;
};

TEST_P(LoginThrottleTest, AccountBudgetThenRetryAfterTheWindow) {
  auto& limiter = make({.failures_per_account = 3, .failures_per_address = 100, .window = 60s});
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(limiter.retry_after("alice", "1.2.3.4", t0 + std::chrono::seconds(i)));
    limiter.record_failure("alice", "1.2.3.4", t0 + std::chrono::seconds(i));
  }
  EXPECT_EQ(limiter.retry_after("alice", "5.6.7.8", t0 + 10s), 50);
  EXPECT_FALSE(limiter.retry_after("bob", "1.2.3.4", t0 + 10s));
  EXPECT_FALSE(limiter.retry_after("alice", "1.2.3.4", t0 + 60s));
}

TEST_P(LoginThrottleTest, AddressBudgetCoversEveryAccount) {
  auto& limiter = make({.failures_per_account = 100, .failures_per_address = 2, .window = 60s});
  limiter.record_failure("a", "9.9.9.9", t0);
  limiter.record_failure("b", "9.9.9.9", t0);
  EXPECT_TRUE(limiter.retry_after("c", "9.9.9.9", t0));
  EXPECT_FALSE(limiter.retry_after("c", "8.8.8.8", t0));
}

TEST_P(LoginThrottleTest, SuccessClearsTheAccountCount) {
  auto& limiter = make({.failures_per_account = 2, .failures_per_address = 100, .window = 60s});
  limiter.record_failure("a", "1", t0);
  limiter.record_success("a");
  limiter.record_failure("a", "1", t0);
  EXPECT_FALSE(limiter.retry_after("a", "1", t0));
}

// Failures keep counting for the whole window and stop counting after it, one by one.
TEST_P(LoginThrottleTest, FailuresLeaveTheWindowOneByOne) {
  auto& limiter = make({.failures_per_account = 2, .failures_per_address = 100, .window = 60s});
  limiter.record_failure("a", "1", t0);
  limiter.record_failure("a", "1", t0 + 30s);
  EXPECT_EQ(limiter.retry_after("a", "1", t0 + 31s), 29);
  EXPECT_FALSE(limiter.retry_after("a", "1", t0 + 60s));
  limiter.record_failure("a", "1", t0 + 61s);
  EXPECT_EQ(limiter.retry_after("a", "1", t0 + 61s), 29);
  EXPECT_FALSE(limiter.retry_after("a", "1", t0 + 200s));
}

TEST_P(LoginThrottleTest, ALongNameCountsAsItself) {
  auto& limiter = make({.failures_per_account = 1, .failures_per_address = 100, .window = 60s});
  const std::string long_name(10'000, 'x');
  limiter.record_failure(long_name, "1", t0);
  EXPECT_TRUE(limiter.retry_after(long_name, "2", t0));
  EXPECT_FALSE(limiter.retry_after(long_name + "y", "2", t0));
}

std::string kind_name(const testing::TestParamInfo<Kind>& kind) {
  return kind.param == Kind::kMemory ? "InMemory" : "InTheDatabase";
}

INSTANTIATE_TEST_SUITE_P(BothKinds, LoginThrottleTest, testing::Values(Kind::kMemory, Kind::kDatabase), kind_name);

}  // namespace
}  // namespace habitd::store
