#pragma once
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::service {
class AuthService;
}

namespace habitd::api::v1 {

// /api/v1/auth/* and /api/v1/users/me*: parse, call AuthService, render.
class AuthHandlers {
 public:
  explicit AuthHandlers(const service::AuthService& auth) : auth_(auth) {}

  [[nodiscard]] http::Response register_user(const http::Request& request) const;
  [[nodiscard]] http::Response login(const http::Request& request) const;
  [[nodiscard]] http::Response refresh(const http::Request& request) const;
  [[nodiscard]] http::Response logout(const http::Request& request) const;
  [[nodiscard]] http::Response get_me(const http::Request& request) const;
  [[nodiscard]] http::Response update_me(const http::Request& request) const;
  [[nodiscard]] http::Response change_password(const http::Request& request) const;
  [[nodiscard]] http::Response delete_me(const http::Request& request) const;
  // /api/v1/sessions: the sign-ins of the account (login-only routes).
  [[nodiscard]] http::Response list_sessions(const http::Request& request) const;
  [[nodiscard]] http::Response end_session(const http::Request& request) const;
  [[nodiscard]] http::Response end_other_sessions(const http::Request& request) const;

 private:
  const service::AuthService& auth_;
};

}  // namespace habitd::api::v1
