#include "security/login_limiter.hpp"

#include <algorithm>

#include "security/random.hpp"

namespace habitd::security {

std::string LoginThrottle::key_of(char kind, const std::string& name) {
  return std::string(1, kind) + ':' + (name.size() <= kMaxKeyBytes ? name : "#" + sha256_hex(name));
}

std::optional<int> LoginLimiter::check(const std::string& key, int budget, TimePoint now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return std::nullopt;
  Failures& times = it->second.failures;
  while (!times.empty() && times.front() + limits_.window <= now) times.pop_front();
  if (static_cast<int>(times.size()) < budget) return std::nullopt;
  // Free again when the oldest failure that still counts leaves the window.
  const auto wait =
      std::chrono::ceil<std::chrono::seconds>(times[times.size() - static_cast<std::size_t>(budget)] + limits_.window - now);
  return static_cast<int>(std::max<long long>(1, wait.count()));
}

std::optional<int> LoginLimiter::retry_after(const std::string& account, const std::string& address, TimePoint now) {
  const std::lock_guard lock(mutex_);
  const auto by_account = check(key_of('a', account), limits_.failures_per_account, now);
  const auto by_address = check(key_of('i', address), limits_.failures_per_address, now);
  if (by_account && by_address) return std::max(*by_account, *by_address);
  return by_account ? by_account : by_address;
}

void LoginLimiter::add(const std::string& key, int budget, TimePoint now) {
  auto [it, fresh] = failures_.try_emplace(key);
  if (fresh) {
    it->second.age = by_age_.insert(by_age_.end(), key);
  } else {
    by_age_.splice(by_age_.end(), by_age_, it->second.age);
  }
  Failures& times = it->second.failures;
  times.push_back(now);
  // Only the last `budget` failures can ever refuse a request.
  while (times.size() > static_cast<std::size_t>(std::max(budget, 1))) times.pop_front();
  while (failures_.size() > std::max<std::size_t>(limits_.max_keys, 2)) erase(by_age_.front());
}

void LoginLimiter::record_failure(const std::string& account, const std::string& address, TimePoint now) {
  const std::lock_guard lock(mutex_);
  add(key_of('a', account), limits_.failures_per_account, now);
  add(key_of('i', address), limits_.failures_per_address, now);
}

void LoginLimiter::record_success(const std::string& account) {
  const std::lock_guard lock(mutex_);
  erase(key_of('a', account));
}

void LoginLimiter::erase(const std::string& key) {
  const auto it = failures_.find(key);
  if (it == failures_.end()) return;
  by_age_.erase(it->second.age);
  failures_.erase(it);
}

std::size_t LoginLimiter::size() {
  const std::lock_guard lock(mutex_);
  return failures_.size();
}

}  // namespace habitd::security
