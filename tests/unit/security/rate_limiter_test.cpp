#include "security/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace habitd::security {
namespace {

using namespace std::chrono_literals;

const auto t0 = std::chrono::steady_clock::time_point{} + 1000s;

TEST(RateLimiter, ABurstUpToTheLimitThenTheWindowsPace) {
  RateLimiter limiter({.limit = 3, .window = 60s});
  for (int remaining : {2, 1, 0}) {
    const auto decision = limiter.take("a", t0);
    EXPECT_TRUE(decision.allowed);
    EXPECT_EQ(decision.remaining, remaining);
    EXPECT_EQ(decision.limit, 3);
  }
  const auto refused = limiter.take("a", t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 20);  // one request every 20 s
  EXPECT_EQ(refused.reset, 60);
  EXPECT_TRUE(limiter.take("b", t0).allowed);  // keys are separate
  EXPECT_TRUE(limiter.take("a", t0 + 20s).allowed);
  EXPECT_FALSE(limiter.take("a", t0 + 21s).allowed);
}

TEST(RateLimiter, ZeroTurnsItOff) {
  RateLimiter limiter({.limit = 0, .window = 60s});
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.take("a", t0).allowed);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiter, MemoryIsBoundedInKeysAndKeyLength) {
  RateLimiter limiter({.limit = 1, .window = 60s, .max_keys = 50});
  for (int i = 0; i < 10000; ++i) (void)limiter.take(std::string(100000, 'k') + std::to_string(i), t0);
  EXPECT_LE(limiter.size(), 50u);
  EXPECT_FALSE(limiter.take(std::string(100000, 'k') + "9999", t0).allowed);  // the newest is still remembered
}

}  // namespace
}  // namespace habitd::security
