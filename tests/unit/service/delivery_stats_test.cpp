// /metrics' webhook figures: the pending gauge when the background job counted it, none when it
// could not (or has not yet).
#include "service/delivery_stats.hpp"

#include <gtest/gtest.h>

namespace habitd::service {
namespace {

TEST(DeliveryStats, ThePendingGaugeIsTheDatabasesCount) {
  DeliveryStats stats;
  stats.on_attempt(true, false, false, std::chrono::milliseconds(20));
  stats.set_pending(3);
  std::string out;
  stats.render(out);
  EXPECT_NE(out.find("\nhabitd_webhook_deliveries_pending 3\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\nhabitd_webhook_delivered_total 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\nhabitd_webhook_attempt_seconds_bucket{le=\"0.025\"} 1\n"), std::string::npos) << out;
}

// The database was down at the last count: the gauge has no sample (not a made-up 0), and the counters kept in the
// process are all still there.
TEST(DeliveryStats, WithoutTheDatabaseThePendingGaugeIsLeftOut) {
  DeliveryStats stats;
  stats.on_attempt(false, true, false, std::chrono::milliseconds(5));
  stats.set_pending(3);
  stats.set_pending(std::nullopt);  // the last count failed
  std::string out;
  stats.render(out);
  EXPECT_EQ(out.find("\nhabitd_webhook_deliveries_pending "), std::string::npos) << out;
  EXPECT_NE(out.find("\nhabitd_webhook_retried_total 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\nhabitd_webhook_attempt_seconds_count 1\n"), std::string::npos) << out;
}

}  // namespace
}  // namespace habitd::service
