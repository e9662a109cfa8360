#include "security/verified_token_cache.hpp"

namespace habitd::security {

VerifiedTokenCache::VerifiedTokenCache(std::size_t capacity) : capacity_(capacity) {}

std::optional<VerifiedClaims> VerifiedTokenCache::find(std::string_view token) const {
  const std::lock_guard lock(mutex_);
  const auto found = entries_.find(token);
  if (found == entries_.end()) return std::nullopt;
  return found->second;
}

void VerifiedTokenCache::remember(std::string_view token, const VerifiedClaims& claims) {
  if (capacity_ == 0) return;
  const std::lock_guard lock(mutex_);
  // Full: one entry makes room, whichever comes first. Tokens live minutes and a client reuses
  // its own, so the working set refills itself; no order needs to be kept on every hit.
  if (entries_.size() >= capacity_ && !entries_.contains(token)) entries_.erase(entries_.begin());
  entries_.insert_or_assign(std::string(token), claims);
}

void VerifiedTokenCache::forget(std::string_view token) {
  const std::lock_guard lock(mutex_);
  if (const auto found = entries_.find(token); found != entries_.end()) entries_.erase(found);
}

std::size_t VerifiedTokenCache::size() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace habitd::security
