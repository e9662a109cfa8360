#include "security/login_limiter.hpp"

#include <gtest/gtest.h>

namespace habitd::security {
namespace {

using namespace std::chrono_literals;

TEST(LoginLimiter, AccountBudgetThenRetryAfterTheWindow) {
  LoginLimiter limiter({.failures_per_account = 3, .failures_per_address = 100, .window = 60s});
  const auto t0 = std::chrono::system_clock::time_point{} + 1000s;
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(limiter.retry_after("alice", "1.2.3.4", t0 + std::chrono::seconds(i)));
    limiter.record_failure("alice", "1.2.3.4", t0 + std::chrono::seconds(i));
  }
  EXPECT_EQ(limiter.retry_after("alice", "5.6.7.8", t0 + 10s), 50);
  EXPECT_FALSE(limiter.retry_after("bob", "1.2.3.4", t0 + 10s));
  EXPECT_FALSE(limiter.retry_after("alice", "1.2.3.4", t0 + 60s));
}

TEST(LoginLimiter, AddressBudgetCoversEveryAccount) {
  LoginLimiter limiter({.failures_per_account = 100, .failures_per_address = 2, .window = 60s});
  const auto t0 = std::chrono::system_clock::time_point{} + 1000s;
  limiter.record_failure("a", "9.9.9.9", t0);
  limiter.record_failure("b", "9.9.9.9", t0);
  EXPECT_TRUE(limiter.retry_after("c", "9.9.9.9", t0));
  EXPECT_FALSE(limiter.retry_after("c", "8.8.8.8", t0));
}

TEST(LoginLimiter, SuccessClearsTheAccountCount) {
  LoginLimiter limiter({.failures_per_account = 2, .failures_per_address = 100, .window = 60s});
  const auto t0 = std::chrono::system_clock::time_point{} + 1000s;
  limiter.record_failure("a", "1", t0);
  limiter.record_success("a");
  limiter.record_failure("a", "1", t0);
  EXPECT_FALSE(limiter.retry_after("a", "1", t0));
}

}  // namespace
}  // namespace habitd::security
