#pragma once
// Counters of webhook deliveries for /metrics: attempts by outcome and their latency.
#include <array>
#include <atomic>
#include <chrono>
#include <optional>
#include <string>

namespace habitd::service {

class DeliveryStats {
 public:
  void on_attempt(bool delivered, bool retried, bool failed, std::chrono::microseconds latency);
  void on_disabled() { disabled_.fetch_add(1, std::memory_order_relaxed); }
  // The queued deliveries as a background job last counted them in the database, or nullopt when
  // it could not: /metrics then leaves the gauge out, and never waits for the database itself.
  void set_pending(std::optional<long long> pending) { pending_.store(pending.value_or(-1), std::memory_order_relaxed); }
  // Prometheus text: the counters, the latency histogram and the pending gauge (when known).
  void render(std::string& out) const;

  // How often the background job counts the queued deliveries.
  static constexpr std::chrono::seconds kCountPendingEvery{5};

  static constexpr std::array<double, 10> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

 private:
  std::atomic<unsigned long long> delivered_{0}, retried_{0}, failed_{0}, disabled_{0};
  std::array<std::atomic<unsigned long long>, kBuckets.size()> buckets_{};
  std::atomic<unsigned long long> count_{0};
  std::atomic<long long> sum_micros_{0};
  std::atomic<long long> pending_{-1};  // -1: not known
};

}  // namespace habitd::service
