#include "security/login_limiter.hpp"

#include <gtest/gtest.h>

namespace habitd::security {
namespace {

using namespace std::chrono_literals;

// The rules both kinds keep are tested in tests/unit/store/login_throttle_test.cpp; here, the
// in-memory kind's bounds.
TEST(LoginLimiter, MemoryIsBoundedByEvictingTheOldestKeys) {
  LoginLimiter limiter({.failures_per_account = 3, .failures_per_address = 1000000, .window = 3600s, .max_keys = 100});
  const auto t0 = std::chrono::system_clock::time_point{} + 1000s;
  limiter.record_failure("victim", "1.2.3.4", t0);
  for (int i = 0; i < 10000; ++i) limiter.record_failure("guess" + std::to_string(i), "1.2.3.4", t0 + 1s);
  EXPECT_LE(limiter.size(), 100u);
  // The victim's one old failure was forgotten: two new ones stay within its budget of three.
  limiter.record_failure("victim", "5.5.5.5", t0 + 2s);
  limiter.record_failure("victim", "5.5.5.5", t0 + 2s);
  EXPECT_FALSE(limiter.retry_after("victim", "5.5.5.5", t0 + 2s));
}

TEST(LoginLimiter, LongKeysCountButAreNotKeptWhole) {
  LoginLimiter limiter({.failures_per_account = 2, .failures_per_address = 100, .window = 60s});
  const auto t0 = std::chrono::system_clock::time_point{} + 1000s;
  const std::string huge(1 << 20, 'x');
  limiter.record_failure(huge, "1", t0);
  limiter.record_failure(huge, "1", t0);
  EXPECT_TRUE(limiter.retry_after(huge, "2", t0));
  EXPECT_FALSE(limiter.retry_after(huge + "y", "2", t0));
}

TEST(LoginLimiter, AKeyKeepsOnlyTheFailuresThatCanRefuse) {
  LoginLimiter limiter({.failures_per_account = 2, .failures_per_address = 2, .window = 60s});
  const auto t0 = std::chrono::system_clock::time_point{} + 1000s;
  for (int i = 0; i < 1000; ++i) limiter.record_failure("a", "1", t0 + std::chrono::milliseconds(i));
  // Refused until the second-to-last failure leaves the window, not the first.
  EXPECT_EQ(limiter.retry_after("a", "2", t0 + 30s), 31);
}

}  // namespace
}  // namespace habitd::security
