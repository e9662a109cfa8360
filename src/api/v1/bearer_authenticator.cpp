#include "api/v1/bearer_authenticator.hpp"

#include "service/auth_service.hpp"

namespace habitd::api::v1 {

bool BearerAuthenticator::verifies_offline(std::optional<std::string_view>) const {
  return true;  // a JWT is verified by its signature and claims alone
}

http::Principal BearerAuthenticator::authenticate(std::optional<std::string_view> authorization) const {
  return http::Principal{auth_.authenticate(authorization), http::Credential::kAccessToken, http::Scope::kWrite, {}};
}

}  // namespace habitd::api::v1
