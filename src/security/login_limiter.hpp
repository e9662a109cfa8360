#pragma once
// Failed-login throttling per account and per client address, in memory (per process: with N
// replicas an attacker gets N times the budget; see docs/SECURITY.md).
#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace habitd::security {

struct LoginLimits {
  int failures_per_account = 5;
  int failures_per_address = 20;
  std::chrono::seconds window{900};
};

class LoginLimiter {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  explicit LoginLimiter(LoginLimits limits) : limits_(limits) {}

  // Seconds to wait when either budget is spent, nullopt when a login may be tried.
  [[nodiscard]] std::optional<int> retry_after(const std::string& account, const std::string& address, TimePoint now);
  void record_failure(const std::string& account, const std::string& address, TimePoint now);
  void record_success(const std::string& account);

 private:
  using Failures = std::deque<TimePoint>;
  std::optional<int> check(const std::string& key, int budget, TimePoint now);
  void prune(TimePoint now);

  LoginLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> failures_;
};

}  // namespace habitd::security
