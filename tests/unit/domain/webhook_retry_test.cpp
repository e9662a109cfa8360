#include "domain/webhook_retry.hpp"

#include <gtest/gtest.h>

#include <random>

namespace habitd::domain {
namespace {

using namespace std::chrono_literals;

const SysSeconds kRecorded{std::chrono::sys_days{std::chrono::year{2026} / 12 / 7}.time_since_epoch()};

TEST(WebhookRetry, FirstRetryComesWithinTenSecondsWhateverTheJitter) {
  for (const double jitter : {0.0, 0.25, 0.5, 0.999999}) {
    const auto decision = next_retry(1, kRecorded, kRecorded, jitter);
    EXPECT_FALSE(decision.give_up);
    EXPECT_GT(decision.next_attempt_at, kRecorded);
    EXPECT_LE(decision.next_attempt_at - kRecorded, 10s) << jitter;
  }
}

TEST(WebhookRetry, DelaysGrowAndJitterStaysWithinTwentyPercent) {
  for (int attempts = 1; attempts < 12; ++attempts) {
    const auto base = base_retry_delay(attempts);
    EXPECT_GE(base, base_retry_delay(attempts - 1 < 1 ? 1 : attempts - 1));
    const auto low = next_retry(attempts, kRecorded, kRecorded, 0.0).next_attempt_at - kRecorded;
    const auto high = next_retry(attempts, kRecorded, kRecorded, 0.999).next_attempt_at - kRecorded;
    EXPECT_GE(low, std::chrono::seconds(base.count() * 8 / 10)) << attempts;
    EXPECT_LE(high, std::chrono::seconds(base.count() * 12 / 10)) << attempts;
    EXPECT_LT(low, high) << attempts;
  }
  EXPECT_EQ(base_retry_delay(100), 8h);
}

// Simulated with an injected clock: a receiver that always fails. The event is retried for at
// least 24 hours and then given up, whatever the jitter draws.
TEST(WebhookRetry, AnAlwaysFailingEventIsRetriedForAtLeastADayThenGivenUp) {
  std::mt19937 random(19);
  std::uniform_real_distribution<double> draw(0.0, 1.0);
  for (int run = 0; run < 50; ++run) {
    SysSeconds now = kRecorded;
    int attempts = 0;
    SysSeconds last_attempt = now;
    for (;;) {
      ++attempts;  // an attempt at `now` fails
      last_attempt = now;
      const auto decision = next_retry(attempts, kRecorded, now, draw(random));
      if (decision.give_up) break;
      ASSERT_GT(decision.next_attempt_at, now);
      now = decision.next_attempt_at;
      ASSERT_LT(attempts, 100);
    }
    EXPECT_GE(last_attempt - kRecorded, kRetryWindow);
    EXPECT_LE(last_attempt - kRecorded, kRetryWindow + 10h);  // not much longer than needed
    EXPECT_GE(attempts, 10);
  }
}

TEST(WebhookRetry, AWebhookIsDisabledAfterThreeDaysOfFailuresOnly) {
  EXPECT_FALSE(should_disable(std::nullopt, kRecorded));
  EXPECT_FALSE(should_disable(kRecorded, kRecorded + 71h + 59min));
  EXPECT_TRUE(should_disable(kRecorded, kRecorded + 72h));
  EXPECT_TRUE(should_disable(kRecorded, kRecorded + 200h));
}

}  // namespace
}  // namespace habitd::domain
