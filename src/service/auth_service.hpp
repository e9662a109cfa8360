#pragma once
// Sign-up, sign-in, token rotation and account management.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "domain/user.hpp"
#include "security/access_tokens.hpp"
#include "store/user_store.hpp"

namespace habitd::util {
class Clock;
}
namespace habitd::security {
class PasswordHasher;
class AccessTokens;
class LoginThrottle;
class RateLimiter;
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
              security::LoginThrottle& limiter, security::RateLimiter& registrations, const util::Clock& clock,
              std::chrono::seconds refresh_ttl, std::chrono::seconds session_lifetime = std::chrono::days(90));

  // Sign-ups are limited per client address (`registrations`), before anything is hashed.
  [[nodiscard]] domain::User register_user(const RegisterInput& input, const std::string& client_address) const;
  // Begins a session (a refresh-token family) that `user_agent` is shown by.
  [[nodiscard]] TokenPair login(const std::string& login, const std::string& password, const std::string& client_address,
                                const std::string& user_agent = {}) const;
  [[nodiscard]] TokenPair refresh(const std::string& refresh_token) const;
  void logout(const std::string& refresh_token) const;

  // The user id and session of a valid `Authorization: Bearer` header; throws kUnauthenticated otherwise.
  [[nodiscard]] security::VerifiedToken authenticate(std::optional<std::string_view> authorization) const;

  // Sessions (sign-ins) of the user that can still be refreshed. A session ends at logout, when
  // ended here, at a password change, or at its absolute lifetime, however active it is.
  [[nodiscard]] std::vector<store::SessionRow> sessions(const std::string& user_id) const;
  // 404 when the user has no such session. Its refresh token stops working at once; access
  // tokens already issued to it live out their short lifetime.
  void end_session(const std::string& user_id, const std::string& session_id) const;
  // Ends every session but `current_session` (all of them when it is empty).
  void end_other_sessions(const std::string& user_id, const std::string& current_session) const;

  [[nodiscard]] domain::User get_user(const std::string& user_id) const;
  [[nodiscard]] domain::User update_user(const std::string& user_id, const store::UserChanges& changes) const;
  // Both check the password like a login does, in its budgets (429 with Retry-After when spent).
  void change_password(const std::string& user_id, const std::string& current_password, const std::string& new_password,
                       const std::string& client_address) const;
  void delete_user(const std::string& user_id, const std::string& password, const std::string& client_address) const;

 private:
  [[nodiscard]] TokenPair issue_tokens(const std::string& user_id, const std::string& user_agent) const;
  [[nodiscard]] std::int64_t oldest_session() const;
  [[nodiscard]] std::int64_t now_micros() const;
  [[nodiscard]] store::UserRecord require_password(const std::string& user_id, const std::string& password, const char* field,
                                                   const std::string& client_address) const;

  const store::UserStore& users_;
  const security::PasswordHasher& hasher_;
  const security::AccessTokens& tokens_;
  security::LoginThrottle& limiter_;
  security::RateLimiter& registrations_;
  const util::Clock& clock_;
  std::chrono::seconds refresh_ttl_;
  std::chrono::seconds session_lifetime_;
};

}  // namespace habitd::service
