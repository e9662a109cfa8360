#pragma once
// Sign-up, sign-in, token rotation and account management.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "domain/user.hpp"
#include "store/user_store.hpp"

namespace habitd::util {
class Clock;
}
namespace habitd::security {
class PasswordHasher;
class AccessTokens;
class LoginLimiter;
}  // namespace habitd::security

namespace habitd::service {

struct RegisterInput {
  std::string email;
  std::string username;
  std::string password;
  std::string timezone = "UTC";
  int day_start_minutes = 0;
};

struct TokenPair {
  std::string access_token;
  long long expires_in = 0;
  std::string refresh_token;
};

class AuthService {
 public:
  AuthService(const store::UserStore& users, const security::PasswordHasher& hasher, const security::AccessTokens& tokens,
              security::LoginLimiter& limiter, const util::Clock& clock, std::chrono::seconds refresh_ttl);

  [[nodiscard]] domain::User register_user(const RegisterInput& input) const;
  [[nodiscard]] TokenPair login(const std::string& login, const std::string& password, const std::string& client_address) const;
  [[nodiscard]] TokenPair refresh(const std::string& refresh_token) const;
  void logout(const std::string& refresh_token) const;

  // The user id of a valid `Authorization: Bearer` header; throws kUnauthenticated otherwise.
  [[nodiscard]] std::string authenticate(std::optional<std::string_view> authorization) const;

  [[nodiscard]] domain::User get_user(const std::string& user_id) const;
  [[nodiscard]] domain::User update_user(const std::string& user_id, const store::UserChanges& changes) const;
  void change_password(const std::string& user_id, const std::string& current_password, const std::string& new_password) const;
  void delete_user(const std::string& user_id, const std::string& password) const;

 private:
  [[nodiscard]] TokenPair issue_tokens(const std::string& user_id) const;
  [[nodiscard]] std::int64_t now_micros() const;
  [[nodiscard]] store::UserRecord require_password(const std::string& user_id, const std::string& password,
                                                   const char* field) const;

  const store::UserStore& users_;
  const security::PasswordHasher& hasher_;
  const security::AccessTokens& tokens_;
  security::LoginLimiter& limiter_;
  const util::Clock& clock_;
  std::chrono::seconds refresh_ttl_;
};

}  // namespace habitd::service
