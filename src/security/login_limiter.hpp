#pragma once
// Failed password checks throttled per account and per client address, in memory (per process:
// with N replicas an attacker gets N times the budget; see docs/SECURITY.md). Logins, password
// changes and account deletions share it: each is a way to test a guess.
// Its memory is bounded whatever clients send: keys longer than kMaxKeyBytes are replaced by
// their digest, each key keeps only the failures that can still refuse, and beyond `max_keys`
// the key whose last failure is oldest is forgotten first.
#include <chrono>
#include <cstddef>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace habitd::security {

struct LoginLimits {
  int failures_per_account = 5;
  int failures_per_address = 20;
  std::chrono::seconds window{900};
  std::size_t max_keys = 100000;  // accounts and addresses remembered at once
};

class LoginLimiter {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  static constexpr std::size_t kMaxKeyBytes = 256;

  explicit LoginLimiter(LoginLimits limits) : limits_(limits) {}

  // Seconds to wait when either budget is spent, nullopt when a password may be tried.
  // `account` names the account: its id once the login named a real one (so its email and its
  // username share one count), else the login as typed (folded).
  [[nodiscard]] std::optional<int> retry_after(const std::string& account, const std::string& address, TimePoint now);
  void record_failure(const std::string& account, const std::string& address, TimePoint now);
  void record_success(const std::string& account);

  [[nodiscard]] std::size_t size();  // keys remembered (tests)

 private:
  using Failures = std::deque<TimePoint>;
  struct Entry {
    Failures failures;
    std::list<std::string>::iterator age;  // place in by_age_
  };
  [[nodiscard]] static std::string key_of(char kind, const std::string& name);
  std::optional<int> check(const std::string& key, int budget, TimePoint now);
  void add(const std::string& key, int budget, TimePoint now);
  void erase(const std::string& key);

  LoginLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> failures_;
  std::list<std::string> by_age_;  // least recently failed first
};

}  // namespace habitd::security
