#include "security/rate_limiter.hpp"

#include <gtest/gtest.h>

#include "security/fleet.hpp"

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

// The share is the least quota that, taken by every process, still covers the limit: checked
// against a count of every candidate.
TEST(FleetShare, IsTheLeastShareThatCoversTheLimitAndAtLeastOne) {
  for (int limit = 1; limit <= 60; ++limit)
    for (int processes = 1; processes <= 70; ++processes) {
      int least = 1;
      while (least * processes < limit) ++least;
      EXPECT_EQ(share_of(limit, processes), least) << limit << " among " << processes;
    }
  EXPECT_EQ(share_of(6000, 7), 858);
  EXPECT_EQ(share_of(100'000'000, 3), 33'333'334);
  EXPECT_EQ(share_of(0, 4), 0);  // no limit stays none
  EXPECT_EQ(share_of(5, 0), 5);  // no count yet: this process alone
}

TEST(FleetShare, TheCountIsAtLeastThisProcess) {
  FleetSize fleet;
  EXPECT_EQ(fleet.processes(), 1);
  fleet.set(3);
  EXPECT_EQ(fleet.processes(), 3);
  fleet.set(0);
  EXPECT_EQ(fleet.processes(), 1);
}

TEST(RateLimiter, AmongProcessesEachAllowsItsShareAndSaysSo) {
  FleetSize fleet;
  fleet.set(2);
  RateLimiter limiter({.limit = 6, .window = 60s}, &fleet);
  EXPECT_EQ(limiter.quota(), 3);
  for (int remaining : {2, 1, 0}) {
    const auto decision = limiter.take("a", t0);
    EXPECT_TRUE(decision.allowed);
    EXPECT_EQ(decision.limit, 3);
    EXPECT_EQ(decision.remaining, remaining);
  }
  const auto refused = limiter.take("a", t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 20);  // the share refills at the share's pace: 3 a minute
  EXPECT_EQ(refused.reset, 60);
  EXPECT_TRUE(limiter.take("a", t0 + 20s).allowed);
}

TEST(RateLimiter, ABucketFollowsTheFleetAsItGrowsAndShrinks) {
  FleetSize fleet;
  RateLimiter limiter({.limit = 6, .window = 60s}, &fleet);
  EXPECT_TRUE(limiter.take("a", t0).allowed);  // 5 left of 6
  fleet.set(3);                                // now 2 each: the full bucket holds no more than that
  EXPECT_TRUE(limiter.take("a", t0).allowed);
  EXPECT_TRUE(limiter.take("a", t0).allowed);
  EXPECT_FALSE(limiter.take("a", t0).allowed);
  EXPECT_TRUE(limiter.take("b", t0).allowed);  // a new key starts with the share, 2
  EXPECT_TRUE(limiter.take("b", t0).allowed);
  EXPECT_FALSE(limiter.take("b", t0).allowed);
  fleet.set(1);  // alone again: the whole limit, refilled at the whole pace (one every 10 s)
  EXPECT_EQ(limiter.take("a", t0 + 10s).limit, 6);
  EXPECT_FALSE(limiter.take("a", t0 + 10s).allowed);
  EXPECT_TRUE(limiter.take("a", t0 + 20s).allowed);
}

TEST(RateLimiter, WithoutAFleetItIsTheWholeLimit) {
  RateLimiter limiter({.limit = 4, .window = 60s});
  EXPECT_EQ(limiter.quota(), 4);
  EXPECT_EQ(limiter.take("a", t0).limit, 4);
}

}  // namespace
}  // namespace habitd::security
