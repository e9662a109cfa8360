#include "security/login_limiter.hpp"

namespace habitd::security {
namespace {

constexpr std::size_t kPruneAbove = 10000;

}  // namespace

std::optional<int> LoginLimiter::check(const std::string& key, int budget, TimePoint now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return std::nullopt;
  Failures& times = it->second;
  while (!times.empty() && times.front() + limits_.window <= now) times.pop_front();
  if (static_cast<int>(times.size()) < budget) return std::nullopt;
  // Free again when the oldest failure that still counts leaves the window.
  const auto wait = std::chrono::ceil<std::chrono::seconds>(times[times.size() - static_cast<std::size_t>(budget)] + limits_.window - now);
  return static_cast<int>(std::max<long long>(1, wait.count()));
}

std::optional<int> LoginLimiter::retry_after(const std::string& account, const std::string& address, TimePoint now) {
  const std::lock_guard lock(mutex_);
  const auto by_account = check("a:" + account, limits_.failures_per_account, now);
  const auto by_address = check("i:" + address, limits_.failures_per_address, now);
  if (by_account && by_address) return std::max(*by_account, *by_address);
  return by_account ? by_account : by_address;
}

void LoginLimiter::record_failure(const std::string& account, const std::string& address, TimePoint now) {
  const std::lock_guard lock(mutex_);
  if (failures_.size() > kPruneAbove) prune(now);
  failures_["a:" + account].push_back(now);
  failures_["i:" + address].push_back(now);
}

void LoginLimiter::record_success(const std::string& account) {
  const std::lock_guard lock(mutex_);
  failures_.erase("a:" + account);
}

void LoginLimiter::prune(TimePoint now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    if (it->second.empty() || it->second.back() + limits_.window <= now) {
      it = failures_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace habitd::security
