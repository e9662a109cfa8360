#pragma once
// Prometheus text-format metrics: requests by route, method and status, and latency histograms.
#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "http/session.hpp"

namespace habitd::http {

class Metrics final : public RequestObserver {
 public:
  void on_request(std::string_view method, std::string_view route, int status, std::chrono::microseconds duration) override;
  // The exposition text; `extra` appends gauges owned by others (database pool, memory).
  [[nodiscard]] std::string render(const std::function<void(std::string&)>& extra = {}) const;

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

 private:
  struct Histogram {
    std::array<unsigned long long, kBuckets.size()> buckets{};
    unsigned long long count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, unsigned long long> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace habitd::http
