#pragma once
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::service {
class HabitService;
}  // namespace habitd::service

namespace habitd::api::v1 {

// /api/v1/habits and its logs and streak: parse, call HabitService, render.
class HabitHandlers {
 public:
  explicit HabitHandlers(const service::HabitService& habits) : habits_(habits) {}

  [[nodiscard]] http::Response list(const http::Request& request) const;
  [[nodiscard]] http::Response create(const http::Request& request) const;
  [[nodiscard]] http::Response get(const http::Request& request) const;
  [[nodiscard]] http::Response update(const http::Request& request) const;
  [[nodiscard]] http::Response remove(const http::Request& request) const;
  [[nodiscard]] http::Response streak(const http::Request& request) const;

  [[nodiscard]] http::Response create_log(const http::Request& request) const;
  [[nodiscard]] http::Response skip_range(const http::Request& request) const;
  [[nodiscard]] http::Response day_view(const http::Request& request) const;
  [[nodiscard]] http::Response update_log(const http::Request& request) const;
  [[nodiscard]] http::Response remove_log(const http::Request& request) const;

 private:
  const service::HabitService& habits_;
};

}  // namespace habitd::api::v1
