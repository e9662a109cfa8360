#pragma once
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::service {
class TodayService;
}  // namespace habitd::service

namespace habitd::api::v1 {

// GET /api/v1/today: a home screen in one call.
class TodayHandlers {
 public:
  explicit TodayHandlers(const service::TodayService& today) : today_(today) {}

  [[nodiscard]] http::Response get(const http::Request& request) const;

 private:
  const service::TodayService& today_;
};

}  // namespace habitd::api::v1
