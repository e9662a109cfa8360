#pragma once
// HS256 access tokens (JWT): issue, and verify with the algorithm pinned, `exp` required, the
// issuer checked and a small leeway; a previous secret is still accepted during a rotation.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "security/verified_token_cache.hpp"
#include "util/clock.hpp"

namespace habitd::security {

struct AccessTokenSettings {
  std::string secret;
  std::string previous_secret;  // empty: none
  std::string issuer = "habitd";
  std::chrono::seconds ttl{900};
  std::chrono::seconds leeway{30};
  std::size_t verified_cache_size = 8192;  // tokens whose verification is remembered; 0: none
};

struct IssuedToken {
  std::string token;
  std::chrono::seconds expires_in;
};

class AccessTokens {
 public:
  AccessTokens(AccessTokenSettings settings, const util::Clock& clock);

  // `session_id` (the `sid` claim, when not empty) names the sign-in the token belongs to.
  [[nodiscard]] IssuedToken issue(std::string_view user_id, std::string_view session_id = {}) const;
  // The user id (`sub`) of a valid token, or nullopt for anything else, whatever the reason.
  [[nodiscard]] std::optional<std::string> verify(std::string_view token) const;
  // The same, with the token's session (empty for a token issued without one).
  [[nodiscard]] std::optional<VerifiedToken> verify_session(std::string_view token) const;

 private:
  [[nodiscard]] std::optional<VerifiedClaims> verify_with(std::string_view token, const std::string& secret) const;
  [[nodiscard]] bool is_current(const VerifiedClaims& claims) const;

  AccessTokenSettings settings_;
  const util::Clock& clock_;
  // Filled by verify_session, a const operation: the cache is a memo of it, locked inside.
  mutable VerifiedTokenCache verified_;
};

// The credentials of an `Authorization` header value when it uses the Bearer scheme (any case,
// surrounding blanks ignored), nullopt for any other scheme. The token itself is not checked.
[[nodiscard]] std::optional<std::string_view> bearer_credentials(std::string_view authorization);

}  // namespace habitd::security
