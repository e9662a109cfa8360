#pragma once
// bcrypt ($2b$) through libxcrypt. Slow on purpose: callers run it on the password lane.
#include <string>
#include <string_view>

namespace habitd::security {

class PasswordHasher {
 public:
  explicit PasswordHasher(int cost);

  [[nodiscard]] std::string hash(std::string_view password) const;
  [[nodiscard]] bool verify(std::string_view password, std::string_view stored_hash) const;
  // Spends the time of a real verification, so a login for an unknown user takes as long.
  void verify_dummy(std::string_view password) const;
  [[nodiscard]] int cost() const noexcept { return cost_; }
  // True when `stored_hash` was made with another cost than ours (HABITS_BCRYPT_COST changed), or
  // is not a bcrypt hash of the form we make: a successful login then stores a fresh hash.
  [[nodiscard]] bool needs_rehash(std::string_view stored_hash) const noexcept;

 private:
  int cost_;
  std::string dummy_hash_;
};

}  // namespace habitd::security
