#pragma once
// The transport's Authenticator for habitd's credentials: access tokens (JWTs from a password login).
#include "http/principal.hpp"

namespace habitd::service {
class AuthService;
}

namespace habitd::api::v1 {

class BearerAuthenticator final : public http::Authenticator {
 public:
  explicit BearerAuthenticator(const service::AuthService& auth) : auth_(auth) {}

  [[nodiscard]] bool verifies_offline(std::optional<std::string_view> authorization) const override;
  [[nodiscard]] http::Principal authenticate(std::optional<std::string_view> authorization) const override;

 private:
  const service::AuthService& auth_;
};

}  // namespace habitd::api::v1
