#pragma once
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::service {
class StatsService;
}  // namespace habitd::service

namespace habitd::api::v1 {

// /api/v1/progress, /api/v1/insights and /api/v1/habits/{id}/calendar.
class StatsHandlers {
 public:
  explicit StatsHandlers(const service::StatsService& stats) : stats_(stats) {}

  [[nodiscard]] http::Response progress(const http::Request& request) const;
  [[nodiscard]] http::Response insights(const http::Request& request) const;
  [[nodiscard]] http::Response calendar(const http::Request& request) const;

 private:
  const service::StatsService& stats_;
};

}  // namespace habitd::api::v1
