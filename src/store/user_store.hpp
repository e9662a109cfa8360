#pragma once
// Users and their refresh tokens. Every method that touches user data takes the user id.
#include <optional>
#include <string>

#include "domain/user.hpp"

namespace habitd::store {

class Database;

struct UserRecord {
  domain::User user;
  std::string password_hash;
  // Grows with every write to the user's habits, logs or day settings (see read_cache).
  std::int64_t data_version = 0;
};

struct UserChanges {
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::optional<std::string> timezone;
  std::optional<int> day_start_minutes;
};

struct RefreshTokenRow {
  std::string id;
  std::string user_id;
  std::string family_id;
  std::string token_hash;
  std::int64_t expires_at = 0;
};

enum class RotateOutcome { kRotated, kUnknown, kExpired, kReused };

struct RotateResult {
  RotateOutcome outcome;
  std::string user_id;
};

class UserStore {
 public:
  explicit UserStore(Database& database) : database_(database) {}

  // Throws domain kConflict naming the field when the email or username is taken.
  void create(const UserRecord& record) const;
  [[nodiscard]] std::optional<UserRecord> find_by_id(const std::string& user_id) const;
  // By email or username, case-insensitively.
  [[nodiscard]] std::optional<UserRecord> find_by_login(const std::string& login) const;
  [[nodiscard]] std::optional<domain::User> update(const std::string& user_id, const UserChanges& changes, std::int64_t now) const;
  // Sets the hash and revokes every refresh token and personal access token, in one transaction.
  void change_password(const std::string& user_id, const std::string& password_hash, std::int64_t now) const;
  // Removes every row of the user, in one transaction.
  void remove(const std::string& user_id) const;

  void insert_refresh_token(const RefreshTokenRow& row, std::int64_t now) const;
  // Marks the presented token used and stores its successor, atomically; a reused token revokes its family.
  [[nodiscard]] RotateResult rotate_refresh_token(const std::string& token_hash, const RefreshTokenRow& successor,
                                                  std::int64_t now) const;
  // Revokes the token's whole login session; false when no such token exists.
  [[nodiscard]] bool revoke_refresh_family(const std::string& token_hash, std::int64_t now) const;

 private:
  [[noreturn]] void throw_duplicate(const std::string& email_key, const std::string& username_key, const std::string& except_id) const;

  Database& database_;
};

}  // namespace habitd::store
