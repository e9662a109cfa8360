#pragma once
// Users and their refresh tokens. Every method that touches user data takes the user id.
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
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
  std::string session_id;  // the token's family
};

// One sign-in: a refresh-token family that can still be refreshed.
struct SessionRow {
  std::string id;
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;
  std::string user_agent;
};

class UserStore {
 public:
  explicit UserStore(Database& database) : database_(database) {}

  // Throws domain kConflict naming the field when the email or username is taken.
  // Throws the duplicate's domain kConflict when the email or username is taken: a cheap check
  // before the costly hash (the unique indexes still decide races, in create()).
  void ensure_available(const std::string& email, const std::string& username) const;
  void create(const UserRecord& record) const;
  [[nodiscard]] std::optional<UserRecord> find_by_id(const std::string& user_id) const;
  // PostgreSQL only: of several users, with one statement, what a read stamp needs (id, time zone,
  // day start, data_version; the other fields are left empty). Users without a row are left out.
  [[nodiscard]] std::vector<UserRecord> stamps_of(const std::vector<std::string>& user_ids) const;
  // By email or username, case-insensitively.
  [[nodiscard]] std::optional<UserRecord> find_by_login(const std::string& login) const;
  [[nodiscard]] std::optional<domain::User> update(const std::string& user_id, const UserChanges& changes,
                                                   std::int64_t now) const;
  // Sets the hash and revokes every refresh token and personal access token, in one transaction.
  void change_password(const std::string& user_id, const std::string& password_hash, std::int64_t now) const;
  // Removes every row of the user, in one transaction.
  void remove(const std::string& user_id) const;

  // Replaces the stored hash of the same password (a rehash at another cost): sessions stay.
  void store_rehashed_password(const std::string& user_id, const std::string& old_hash, const std::string& new_hash) const;
  // The first token of a new family: a new session, begun by `user_agent`.
  void insert_refresh_token(const RefreshTokenRow& row, std::int64_t now, const std::string& user_agent) const;
  // Marks the presented token used and stores its successor, atomically; a reused token revokes its
  // family. A session begun before `oldest_session` (its absolute lifetime is over) is ended: kExpired.
  [[nodiscard]] RotateResult rotate_refresh_token(const std::string& token_hash, const RefreshTokenRow& successor,
                                                  std::int64_t now, std::int64_t oldest_session) const;
  // The user's sessions that can still be refreshed, begun at or after `oldest_session`, most recently used first.
  [[nodiscard]] std::vector<SessionRow> list_sessions(const std::string& user_id, std::int64_t now,
                                                      std::int64_t oldest_session) const;
  // Ends one session of the user (its refresh tokens stop working); false when it has no such session.
  [[nodiscard]] bool end_session(const std::string& user_id, const std::string& session_id, std::int64_t now) const;
  // Ends every session of the user but `keep` (which may be empty: then all).
  void end_sessions_except(const std::string& user_id, const std::string& keep, std::int64_t now) const;
  // Revokes the token's whole login session; false when no such token exists.
  [[nodiscard]] bool revoke_refresh_family(const std::string& token_hash, std::int64_t now) const;

 private:
  [[nodiscard]] domain::FieldErrors duplicates(const std::string& email_key, const std::string& username_key,
                                               const std::string& except_id) const;
  [[noreturn]] void throw_duplicate(const std::string& email_key, const std::string& username_key,
                                    const std::string& except_id) const;

  Database& database_;
};

}  // namespace habitd::store
