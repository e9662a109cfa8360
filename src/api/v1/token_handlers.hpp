#pragma once
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::service {
class TokenService;
}

namespace habitd::api::v1 {

// /api/v1/tokens: personal access tokens (login-only routes: a token never manages tokens).
class TokenHandlers {
 public:
  explicit TokenHandlers(const service::TokenService& tokens) : tokens_(tokens) {}

  [[nodiscard]] http::Response create(const http::Request& request) const;
  [[nodiscard]] http::Response list(const http::Request& request) const;
  [[nodiscard]] http::Response remove(const http::Request& request) const;

 private:
  const service::TokenService& tokens_;
};

}  // namespace habitd::api::v1
