#include "api/v1/bearer_authenticator.hpp"

#include "domain/error.hpp"
#include "domain/personal_token.hpp"
#include "security/access_tokens.hpp"
#include "service/auth_service.hpp"
#include "service/token_service.hpp"

namespace habitd::api::v1 {
namespace {

bool names_personal_token(std::optional<std::string_view> authorization) {
  if (!authorization) return false;
  const auto credential = security::bearer_credentials(*authorization);
  return credential && domain::is_personal_token(*credential);
}

}  // namespace

bool BearerAuthenticator::verifies_offline(std::optional<std::string_view> authorization) const {
  return !names_personal_token(authorization);  // a JWT is verified by its signature and claims alone
}

http::Principal BearerAuthenticator::authenticate(std::optional<std::string_view> authorization) const {
  if (!names_personal_token(authorization)) {
    auto verified = auth_.authenticate(authorization);
    return http::Principal{
        std::move(verified.user_id), http::Credential::kAccessToken, http::Scope::kWrite, {}, std::move(verified.session_id)};
  }
  const auto token = tokens_.verify(*security::bearer_credentials(*authorization));
  if (!token)
    throw domain::Error(domain::ErrorCode::kUnauthenticated, "The personal access token is invalid, expired or revoked.");
  return http::Principal{token->user_id, http::Credential::kPersonalToken,
                         token->scope == domain::TokenScope::kRead ? http::Scope::kRead : http::Scope::kWrite, token->id};
}

}  // namespace habitd::api::v1
