#pragma once
#include "http/request.hpp"
#include "http/response.hpp"

#include <functional>
#include <string>

namespace habitd::store {
class Database;
class Standbys;
}  // namespace habitd::store
namespace habitd::http {
class Metrics;
}

namespace habitd::api::v1 {

class ReadCache;

// Liveness, readiness and metrics, for load balancers, orchestrators and Prometheus.
class OpsHandlers {
 public:
  // An empty `metrics_token` leaves /metrics open (bind to a private address then). `version` is
  // habitd's (CMake's project version), reported as habitd_build_info. `more_metrics` appends
  // metrics owned by others (webhook deliveries). `standbys` are reported by /readyz and /metrics.
  OpsHandlers(store::Database& database, store::Standbys& standbys, const http::Metrics& metrics, const ReadCache& read_cache,
              std::string metrics_token, std::string version, std::function<void(std::string&)> more_metrics = {})
      : database_(database),
        standbys_(standbys),
        metrics_(metrics),
        read_cache_(read_cache),
        metrics_token_(std::move(metrics_token)),
        version_(std::move(version)),
        more_metrics_(std::move(more_metrics)) {}

  [[nodiscard]] http::Response health(const http::Request& request) const;
  [[nodiscard]] http::Response ready(const http::Request& request) const;
  [[nodiscard]] http::Response metrics(const http::Request& request) const;

 private:
  store::Database& database_;
  store::Standbys& standbys_;
  const http::Metrics& metrics_;
  const ReadCache& read_cache_;
  std::string metrics_token_;
  std::string version_;
  std::function<void(std::string&)> more_metrics_;
};

}  // namespace habitd::api::v1
