#include "service/token_service.hpp"

#include <algorithm>

#include "domain/error.hpp"
#include "domain/validation.hpp"
#include "security/random.hpp"
#include "store/token_store.hpp"
#include "util/clock.hpp"
#include "util/time_format.hpp"

namespace habitd::service {

using domain::Error;
using domain::ErrorCode;

namespace {

constexpr std::size_t kSecretBytes = 32;  // 256 random bits
constexpr std::size_t kLongestSecret = 128;

}  // namespace

CreatedToken TokenService::create(const std::string& user_id, const TokenInput& input) const {
  const std::int64_t now = util::to_micros(clock_.now());
  domain::FieldErrors errors;
  domain::validate_token_expiry(input.expires_at, now, errors);
  errors.throw_if_any();
  CreatedToken created;
  created.token =
      domain::PersonalToken{security::new_id(), user_id, input.name, input.scope, now, input.expires_at, std::nullopt};
  const auto bytes = security::random_bytes(kSecretBytes);
  created.secret = std::string(domain::kPersonalTokenPrefix) + security::base64url(bytes.data(), bytes.size());
  store_.insert(created.token, security::sha256_hex(created.secret), static_cast<int>(max_per_user_));
  return created;
}

std::vector<domain::PersonalToken> TokenService::list(const std::string& user_id) const { return store_.list(user_id); }

void TokenService::remove(const std::string& user_id, const std::string& token_id) const {
  if (!domain::is_id(token_id) || !store_.remove(user_id, token_id)) throw Error(ErrorCode::kNotFound, "No such token.");
}

std::optional<domain::PersonalToken> TokenService::verify(std::string_view secret) const {
  if (!domain::is_personal_token(secret) || secret.size() > kLongestSecret) return std::nullopt;
  const std::string hash = security::sha256_hex(secret);
  auto stored = store_.find_by_hash(hash);
  // Found by the hash's index; compared again in constant time, so no timing tells how much matched.
  if (!stored || !security::constant_time_equal(stored->token_hash, hash)) return std::nullopt;
  const std::int64_t now = util::to_micros(clock_.now());
  if (stored->token.expired_at(now)) return std::nullopt;
  {
    const std::lock_guard lock(uses_mutex_);
    std::int64_t last_stamp = stored->token.last_used_at.value_or(0);
    if (const auto written = written_uses_.find(stored->token.id); written != written_uses_.end())
      last_stamp = std::max(last_stamp, written->second);
    // The latest use since the stamp is noted, so a flush writes the freshest time it can.
    if (now - last_stamp >= std::chrono::microseconds(kStampEvery).count()) pending_uses_[stored->token.id] = now;
  }
  return std::move(stored->token);
}

void TokenService::flush_last_used() const {
  std::unordered_map<std::string, std::int64_t> batch;
  {
    const std::lock_guard lock(uses_mutex_);
    batch.swap(pending_uses_);
    for (const auto& [id, at] : batch) written_uses_[id] = at;
    // Forget tokens not used for a while, so the map stays as small as the set of active tokens.
    if (written_uses_.size() > 4 * (batch.size() + 1024)) written_uses_ = batch;
  }
  store_.record_last_used(batch);
}

}  // namespace habitd::service
