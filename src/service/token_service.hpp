#pragma once
// Personal access tokens: create, list, revoke, and verify one presented as a bearer credential.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/personal_token.hpp"

namespace habitd::store {
class TokenStore;
}
namespace habitd::util {
class Clock;
}

namespace habitd::service {

struct TokenInput {
  std::string name;
  domain::TokenScope scope = domain::TokenScope::kRead;
  std::optional<std::int64_t> expires_at;  // microseconds
};

struct CreatedToken {
  domain::PersonalToken token;
  std::string secret;  // "hbt_...": shown once, stored only as a hash
};

class TokenService {
 public:
  // last_used_at may lag by up to a minute (the contract): a use is noted when the token's stamp is
  // older than kStampEvery, and flush_last_used() runs every kFlushEvery, so the stamp shown is never
  // more than their sum, a minute, behind the last use. Each token is written at most once per
  // kStampEvery, however busy it is.
  static constexpr std::chrono::seconds kFlushEvery{5};
  static constexpr std::chrono::seconds kStampEvery = std::chrono::minutes(1) - kFlushEvery;

  TokenService(const store::TokenStore& store, const util::Clock& clock, long long max_per_user = domain::kMaxTokensPerUser)
      : store_(store), clock_(clock), max_per_user_(max_per_user) {}

  [[nodiscard]] CreatedToken create(const std::string& user_id, const TokenInput& input) const;
  [[nodiscard]] std::vector<domain::PersonalToken> list(const std::string& user_id) const;
  // 404 when the user has no such token; it stops working at once.
  void remove(const std::string& user_id, const std::string& token_id) const;

  // The token `secret` names, when it is known, unexpired and unrevoked. Its use is noted, to be
  // written by flush_last_used() (so a read stays a read).
  [[nodiscard]] std::optional<domain::PersonalToken> verify(std::string_view secret) const;
  // Writes the noted uses (every kFlushEvery, and when the server stops).
  void flush_last_used() const;

 private:
  const store::TokenStore& store_;
  const util::Clock& clock_;
  const long long max_per_user_;
  mutable std::mutex uses_mutex_;
  mutable std::unordered_map<std::string, std::int64_t> pending_uses_;  // token id -> last use
  mutable std::unordered_map<std::string, std::int64_t> written_uses_;  // token id -> last stamp written
};

}  // namespace habitd::service
