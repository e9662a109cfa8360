#include "http/metrics.hpp"

#include <cstdio>

namespace habitd::http {
namespace {

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

// A client may send any token as its method: only the ones HTTP defines get a series of their own,
// so the number of series stays bounded.
std::string_view method_label(std::string_view method) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"})
    if (method == known) return known;
  return "other";
}

}  // namespace

void Metrics::on_request(std::string_view method, std::string_view route, int status, std::chrono::microseconds duration) {
  const double seconds = static_cast<double>(duration.count()) / 1e6;
  const std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::string(method_label(method)), status}];
  Histogram& histogram = latency_[std::string(route)];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++histogram.buckets[i];
  ++histogram.count;
  histogram.sum += seconds;
}

std::string Metrics::render(const std::function<void(std::string&)>& extra) const {
  std::string out;
  out += "# HELP habitd_http_requests_total Requests answered, by route pattern, method and status.\n";
  out += "# TYPE habitd_http_requests_total counter\n";
  const std::lock_guard lock(mutex_);
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out += "habitd_http_requests_total{route=\"" + route + "\",method=\"" + method + "\",status=\"" + std::to_string(status) +
           "\"} " + std::to_string(count) + "\n";
  }
  out += "# HELP habitd_http_request_duration_seconds Time from the first byte of a request to its response, by route.\n";
  out += "# TYPE habitd_http_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    const std::string labels = "route=\"" + route + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out += "habitd_http_request_duration_seconds_bucket{" + labels + ",le=\"" + number(kBuckets[i]) + "\"} " +
             std::to_string(histogram.buckets[i]) + "\n";
    out += "habitd_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(histogram.count) + "\n";
    out += "habitd_http_request_duration_seconds_sum{" + labels + "} " + number(histogram.sum) + "\n";
    out += "habitd_http_request_duration_seconds_count{" + labels + "} " + std::to_string(histogram.count) + "\n";
  }
  if (extra) extra(out);
  return out;
}

}  // namespace habitd::http
