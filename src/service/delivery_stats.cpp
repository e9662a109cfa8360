#include "service/delivery_stats.hpp"

#include <cstdio>

namespace habitd::service {

void DeliveryStats::on_attempt(bool delivered, bool retried, bool failed, std::chrono::microseconds latency) {
  if (delivered) delivered_.fetch_add(1, std::memory_order_relaxed);
  if (retried) retried_.fetch_add(1, std::memory_order_relaxed);
  if (failed) failed_.fetch_add(1, std::memory_order_relaxed);
  const double seconds = static_cast<double>(latency.count()) / 1e6;
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets.at(i)) buckets_.at(i).fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(latency.count(), std::memory_order_relaxed);
}

void DeliveryStats::render(std::string& out) const {
  const auto counter = [&out](const char* name, const char* help, unsigned long long value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " + std::to_string(value) +
           "\n";
  };
  out +=
      "# HELP habitd_webhook_deliveries_pending Webhook deliveries queued and not yet delivered or given up.\n"
      "# TYPE habitd_webhook_deliveries_pending gauge\n";
  if (const auto pending = pending_.load(std::memory_order_relaxed); pending >= 0)
    out += "habitd_webhook_deliveries_pending " + std::to_string(pending) + "\n";
  counter("habitd_webhook_delivered_total", "Webhook deliveries answered with a 2xx.", delivered_.load());
  counter("habitd_webhook_retried_total", "Webhook attempts that failed and will be retried.", retried_.load());
  counter("habitd_webhook_failed_total", "Webhook deliveries given up after their last retry.", failed_.load());
  counter("habitd_webhook_disabled_total", "Webhooks disabled after three days of failures.", disabled_.load());
  out += "# HELP habitd_webhook_attempt_seconds Time of one delivery attempt.\n# TYPE habitd_webhook_attempt_seconds histogram\n";
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    char bound[32];
    std::snprintf(bound, sizeof bound, "%g", kBuckets.at(i));
    out += std::string("habitd_webhook_attempt_seconds_bucket{le=\"") + bound + "\"} " + std::to_string(buckets_.at(i).load()) +
           "\n";
  }
  out += "habitd_webhook_attempt_seconds_bucket{le=\"+Inf\"} " + std::to_string(count_.load()) + "\n";
  char sum[48];
  std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(sum_micros_.load()) / 1e6);
  out += std::string("habitd_webhook_attempt_seconds_sum ") + sum + "\n";
  out += "habitd_webhook_attempt_seconds_count " + std::to_string(count_.load()) + "\n";
}

}  // namespace habitd::service
