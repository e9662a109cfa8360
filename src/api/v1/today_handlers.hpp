#pragma once
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::service {
class AuthService;
class TodayService;
}  // namespace habitd::service

namespace habitd::api::v1 {

// GET /api/v1/today: a home screen in one call.
class TodayHandlers {
 public:
  TodayHandlers(const service::AuthService& auth, const service::TodayService& today) : auth_(auth), today_(today) {}

  [[nodiscard]] http::Response get(const http::Request& request) const;

 private:
  const service::AuthService& auth_;
  const service::TodayService& today_;
};

}  // namespace habitd::api::v1
