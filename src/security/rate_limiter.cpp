#include "security/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

#include "security/random.hpp"

namespace habitd::security {

int RateLimiter::quota() const noexcept {
  return fleet_ != nullptr ? share_of(policy_.limit, fleet_->processes()) : policy_.limit;
}

RateDecision RateLimiter::take(const std::string& name, TimePoint now) {
  const int limit = quota();
  RateDecision decision{true, limit, limit, 0, 0};
  if (!enabled()) return decision;
  const std::string key = name.size() <= kMaxKeyBytes ? name : "#" + sha256_hex(name);
  // A bucket kept from a smaller fleet holds no more than the current share (the refill below).
  const double capacity = limit;
  const double per_second = capacity / static_cast<double>(std::max<long long>(1, policy_.window.count()));

  const std::lock_guard lock(mutex_);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{capacity, now, {}});
  Bucket& bucket = it->second;
  if (fresh) {
    bucket.age = by_age_.insert(by_age_.end(), key);
    while (buckets_.size() > std::max<std::size_t>(policy_.max_keys, 1)) {
      buckets_.erase(by_age_.front());
      by_age_.pop_front();
    }
  } else {
    by_age_.splice(by_age_.end(), by_age_, bucket.age);
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(capacity, bucket.tokens + std::max(0.0, elapsed) * per_second);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
  } else {
    decision.allowed = false;
    decision.retry_after = std::max(1, static_cast<int>(std::ceil((1.0 - bucket.tokens) / per_second)));
  }
  decision.remaining = static_cast<int>(std::floor(bucket.tokens));
  decision.reset = static_cast<int>(std::ceil((capacity - bucket.tokens) / per_second));
  return decision;
}

std::size_t RateLimiter::size() {
  const std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace habitd::security
