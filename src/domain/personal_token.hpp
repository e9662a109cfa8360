#pragma once
// Personal access tokens: long-lived credentials a person makes for a script or an integration,
// limited to reading or allowed to write, never to manage tokens or the account.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace habitd::domain {

enum class TokenScope { kRead, kWrite };

inline constexpr int kMaxTokensPerUser = 50;
inline constexpr std::string_view kPersonalTokenPrefix = "hbt_";

struct PersonalToken {
  std::string id;
  std::string user_id;
  std::string name;
  TokenScope scope = TokenScope::kRead;
  std::int64_t created_at = 0;                 // microseconds since the Unix epoch
  std::optional<std::int64_t> expires_at{};    // none: until revoked
  std::optional<std::int64_t> last_used_at{};  // may lag by up to a minute

  [[nodiscard]] bool expired_at(std::int64_t now) const { return expires_at && *expires_at <= now; }
};

[[nodiscard]] constexpr std::string_view to_string(TokenScope scope) { return scope == TokenScope::kRead ? "read" : "write"; }
[[nodiscard]] inline std::optional<TokenScope> parse_token_scope(std::string_view text) {
  if (text == "read") return TokenScope::kRead;
  if (text == "write") return TokenScope::kWrite;
  return std::nullopt;
}

// Whether `credential` has the form of a personal access token (the prefix tells it from a JWT).
[[nodiscard]] inline bool is_personal_token(std::string_view credential) { return credential.starts_with(kPersonalTokenPrefix); }

// expires_at, when given, must lie after `now`.
inline void validate_token_expiry(const std::optional<std::int64_t>& expires_at, std::int64_t now, FieldErrors& errors) {
  if (expires_at && *expires_at <= now) errors.add("expires_at", "must be in the future");
}

}  // namespace habitd::domain
