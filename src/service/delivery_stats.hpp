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
  // Prometheus text: the counters, the latency histogram and `pending` (queued deliveries), which
  // is left out when unknown: the database that counts it is down, and /metrics answers anyway.
  void render(std::string& out, std::optional<long long> pending) const;

  static constexpr std::array<double, 10> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

 private:
  std::atomic<unsigned long long> delivered_{0}, retried_{0}, failed_{0}, disabled_{0};
  std::array<std::atomic<unsigned long long>, kBuckets.size()> buckets_{};
  std::atomic<unsigned long long> count_{0};
  std::atomic<long long> sum_micros_{0};
};

}  // namespace habitd::service
