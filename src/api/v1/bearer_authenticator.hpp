#pragma once
// The transport's Authenticator for habitd's credentials: access tokens (JWTs from a password
// login), verified offline, and personal access tokens (hbt_...), looked up in the database.
#include "http/principal.hpp"

namespace habitd::service {
class AuthService;
class TokenService;
}  // namespace habitd::service

namespace habitd::api::v1 {

class BearerAuthenticator final : public http::Authenticator {
 public:
  BearerAuthenticator(const service::AuthService& auth, const service::TokenService& tokens) : auth_(auth), tokens_(tokens) {}

  [[nodiscard]] bool verifies_offline(std::optional<std::string_view> authorization) const override;
  [[nodiscard]] http::Principal authenticate(std::optional<std::string_view> authorization) const override;

 private:
  const service::AuthService& auth_;
  const service::TokenService& tokens_;
};

}  // namespace habitd::api::v1
