#pragma once
// Failed password checks throttled per account and per client address. Logins, password changes
// and account deletions share it: each is a way to test a guess. Two kinds: LoginLimiter here
// keeps them in memory (one process: SQLite); store::SharedLoginLimiter keeps them in PostgreSQL,
// so that every habitd process on one database counts against the same budget.
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

class LoginThrottle {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  static constexpr std::size_t kMaxKeyBytes = 256;

  virtual ~LoginThrottle() = default;
  // Seconds to wait when either budget is spent, nullopt when a password may be tried.
  // `account` names the account: its id once the login named a real one (so its email and its
  // username share one count), else the login as typed (folded).
  [[nodiscard]] virtual std::optional<int> retry_after(const std::string& account, const std::string& address, TimePoint now) = 0;
  virtual void record_failure(const std::string& account, const std::string& address, TimePoint now) = 0;
  virtual void record_success(const std::string& account) = 0;

  // The key of an account ('a') or an address ('i'). No account or address is longer than
  // kMaxKeyBytes: a longer name is replaced by its digest, so what clients send cannot grow memory.
  [[nodiscard]] static std::string key_of(char kind, const std::string& name);
};

// In memory, per process. Bounded whatever clients send: each key keeps only the failures that
// can still refuse, and beyond `max_keys` the key whose last failure is oldest is forgotten first.
class LoginLimiter final : public LoginThrottle {
 public:
  explicit LoginLimiter(LoginLimits limits) : limits_(limits) {}

  [[nodiscard]] std::optional<int> retry_after(const std::string& account, const std::string& address, TimePoint now) override;
  void record_failure(const std::string& account, const std::string& address, TimePoint now) override;
  void record_success(const std::string& account) override;

  [[nodiscard]] std::size_t size();  // keys remembered (tests)

 private:
  using Failures = std::deque<TimePoint>;
  struct Entry {
    Failures failures;
    std::list<std::string>::iterator age;  // place in by_age_
  };
  std::optional<int> check(const std::string& key, int budget, TimePoint now);
  void add(const std::string& key, int budget, TimePoint now);
  void erase(const std::string& key);

  LoginLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> failures_;
  std::list<std::string> by_age_;  // least recently failed first
};

}  // namespace habitd::security
