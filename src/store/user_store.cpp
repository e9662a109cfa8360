#include "store/user_store.hpp"

#include <soci/soci.h>

#include "domain/error.hpp"
#include "domain/validation.hpp"
#include "store/database.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

// Tables holding a user's rows, children before parents.
constexpr const char* kUserTables[] = {"idempotency_keys",      "deletions", "habit_logs", "habits", "refresh_tokens", "sessions",
                                       "personal_access_tokens"};

constexpr const char* kInsertSession =
    "INSERT INTO sessions (id, user_id, created_at, last_used_at, user_agent) VALUES (:id, :u, :c, :l, :a)";
// Sessions whose every token is spent (expired, revoked) are of no more use: cleared at sign-in.
constexpr const char* kDeleteDeadSessions =
    "DELETE FROM sessions WHERE user_id = :u AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = sessions.id "
    "AND r.revoked_at IS NULL AND r.expires_at > :now)";
constexpr const char* kSessionBegan = "SELECT created_at FROM sessions WHERE id = :id";
constexpr const char* kTouchSession = "UPDATE sessions SET last_used_at = :t WHERE id = :id";
constexpr const char* kListSessions =
    "SELECT s.id, s.created_at, s.last_used_at, s.user_agent FROM sessions s WHERE s.user_id = :u AND s.created_at >= :oldest "
    "AND EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = s.id AND r.revoked_at IS NULL AND r.used_at IS NULL "
    "AND r.expires_at > :now) ORDER BY s.last_used_at DESC, s.id";
constexpr const char* kRevokeFamilyOfUser =
    "UPDATE refresh_tokens SET revoked_at = :t WHERE family_id = :f AND user_id = :u AND revoked_at IS NULL";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE id = :id AND user_id = :u";
constexpr const char* kRevokeOtherFamilies =
    "UPDATE refresh_tokens SET revoked_at = :t WHERE user_id = :u AND family_id <> :keep AND revoked_at IS NULL";
constexpr const char* kDeleteOtherSessions = "DELETE FROM sessions WHERE user_id = :u AND id <> :keep";

constexpr const char* kSelectUser =
    "SELECT id, email, username, timezone, day_start, created_at, updated_at, password_hash, data_version FROM users ";

// The columns of kSelectUser, read into a UserRecord.
struct UserRow {
  UserRecord record;
  long long created = 0, updated = 0, version = 0;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(record.user.id));
    st.exchange(soci::into(record.user.email));
    st.exchange(soci::into(record.user.username));
    st.exchange(soci::into(record.user.timezone));
    st.exchange(soci::into(record.user.day_start_minutes));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(record.password_hash));
    st.exchange(soci::into(version));
  }
  [[nodiscard]] UserRecord fetched() const {
    UserRecord out = record;
    out.user.created_at = created;
    out.user.updated_at = updated;
    out.data_version = version;
    return out;
  }
};

// The columns of kListSessions.
struct SessionRecord {
  SessionRow row;
  long long created = 0, used = 0;
  soci::indicator agent_ind = soci::i_null;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(created));
    st.exchange(soci::into(used));
    st.exchange(soci::into(row.user_agent, agent_ind));
  }
  [[nodiscard]] SessionRow session() const {
    SessionRow out = row;
    out.created_at = created;
    out.last_used_at = used;
    if (agent_ind != soci::i_ok) out.user_agent.clear();
    return out;
  }
};

const std::string kUserById = std::string(kSelectUser) + "WHERE id = :v";
const std::string kUserByEmail = std::string(kSelectUser) + "WHERE email_key = :v";
const std::string kUserByUsername = std::string(kSelectUser) + "WHERE username_key = :v";

// Every authenticated read looks its user up by id: the statement is prepared once per connection.
std::optional<UserRecord> fetch_user(soci::session& sql, const std::string& query, const std::string& value) {
  auto& select = prepared<Select<UserRow, std::string>>(sql, query);
  select.values.params = {value};
  if (!read_one(sql, select)) return std::nullopt;
  return select.values.row.fetched();
}

}  // namespace

domain::FieldErrors UserStore::duplicates(const std::string& email_key, const std::string& username_key,
                                          const std::string& except_id) const {
  domain::FieldErrors errors;
  database_.run([&](soci::session& sql) {
    int count = 0;
    sql << "SELECT COUNT(*) FROM users WHERE email_key = :k AND id <> :id", soci::use(email_key), soci::use(except_id),
        soci::into(count);
    if (count > 0) errors.add("email", "is already registered");
    sql << "SELECT COUNT(*) FROM users WHERE username_key = :k AND id <> :id", soci::use(username_key), soci::use(except_id),
        soci::into(count);
    if (count > 0) errors.add("username", "is already taken");
  });
  return errors;
}

void UserStore::throw_duplicate(const std::string& email_key, const std::string& username_key,
                                const std::string& except_id) const {
  const auto errors = duplicates(email_key, username_key, except_id);
  throw domain::Error(domain::ErrorCode::kConflict, "The email or username is already in use.", errors.list());
}

void UserStore::ensure_available(const std::string& email, const std::string& username) const {
  const std::string email_key = domain::fold_case(email);
  const std::string username_key = domain::fold_case(username);
  if (!duplicates(email_key, username_key, {}).list().empty()) throw_duplicate(email_key, username_key, {});
}

void UserStore::create(const UserRecord& record) const {
  const auto& u = record.user;
  const std::string email_key = domain::fold_case(u.email);
  const std::string username_key = domain::fold_case(u.username);
  const long long created = u.created_at;
  try {
    database_.transaction([&](soci::session& sql) {
      sql << "INSERT INTO users (id, email, email_key, username, username_key, password_hash, timezone, day_start, created_at, "
             "updated_at) VALUES (:id, :email, :ekey, :username, :ukey, :hash, :tz, :ds, :created, :updated)",
          soci::use(u.id), soci::use(u.email), soci::use(email_key), soci::use(u.username), soci::use(username_key),
          soci::use(record.password_hash), soci::use(u.timezone), soci::use(u.day_start_minutes), soci::use(created),
          soci::use(created);
    });
  } catch (const ConstraintViolation&) {
    throw_duplicate(email_key, username_key, u.id);
  }
}

std::optional<UserRecord> UserStore::find_by_id(const std::string& user_id) const {
  return database_.run([&](soci::session& sql) -> std::optional<UserRecord> { return fetch_user(sql, kUserById, user_id); });
}

std::optional<UserRecord> UserStore::find_by_login(const std::string& login) const {
  const std::string key = domain::fold_case(login);
  return database_.run([&](soci::session& sql) {
    if (auto found = fetch_user(sql, kUserByEmail, key)) return found;
    return fetch_user(sql, kUserByUsername, key);
  });
}

std::optional<domain::User> UserStore::update(const std::string& user_id, const UserChanges& changes, std::int64_t now) const {
  std::string email_key;
  std::string username_key;
  try {
    return database_.transaction([&](soci::session& sql) -> std::optional<domain::User> {
      auto current = fetch_user(sql, kUserById, user_id);
      if (!current) return std::nullopt;
      domain::User user = current->user;
      if (changes.email) user.email = *changes.email;
      if (changes.username) user.username = *changes.username;
      if (changes.timezone) user.timezone = *changes.timezone;
      if (changes.day_start_minutes) user.day_start_minutes = *changes.day_start_minutes;
      user.updated_at = now;
      email_key = domain::fold_case(user.email);
      username_key = domain::fold_case(user.username);
      const long long updated = now;
      sql << "UPDATE users SET email = :e, email_key = :ek, username = :u, username_key = :uk, timezone = :tz, "
             "day_start = :ds, updated_at = :t, data_version = data_version + 1 WHERE id = :id",
          soci::use(user.email), soci::use(email_key), soci::use(user.username), soci::use(username_key),
          soci::use(user.timezone), soci::use(user.day_start_minutes), soci::use(updated), soci::use(user_id);
      return user;
    });
  } catch (const ConstraintViolation&) {
    throw_duplicate(email_key, username_key, user_id);
  }
}

void UserStore::change_password(const std::string& user_id, const std::string& password_hash, std::int64_t now) const {
  const long long at = now;
  database_.transaction([&](soci::session& sql) {
    sql << "UPDATE users SET password_hash = :h, updated_at = :t WHERE id = :id", soci::use(password_hash), soci::use(at),
        soci::use(user_id);
    sql << "UPDATE refresh_tokens SET revoked_at = :t WHERE user_id = :id AND revoked_at IS NULL", soci::use(at),
        soci::use(user_id);
    // Personal access tokens stop working too: whoever learnt the old password may have made one.
    sql << "DELETE FROM personal_access_tokens WHERE user_id = :id", soci::use(user_id);
  });
}

void UserStore::store_rehashed_password(const std::string& user_id, const std::string& old_hash,
                                        const std::string& new_hash) const {
  database_.transaction([&](soci::session& sql) {
    // Only over the hash it was computed from: a password changed meanwhile stays changed.
    sql << "UPDATE users SET password_hash = :h WHERE id = :id AND password_hash = :old", soci::use(new_hash), soci::use(user_id),
        soci::use(old_hash);
  });
}

void UserStore::remove(const std::string& user_id) const {
  database_.transaction([&](soci::session& sql) {
    // Children first, explicitly: the result does not depend on cascade settings.
    for (const char* table : kUserTables) {
      sql << std::string("DELETE FROM ") + table + " WHERE user_id = :id", soci::use(user_id);
    }
    sql << "DELETE FROM users WHERE id = :id", soci::use(user_id);
  });
}

void UserStore::insert_refresh_token(const RefreshTokenRow& row, std::int64_t now, const std::string& user_agent) const {
  const long long created = now;
  const long long expires = row.expires_at;
  database_.transaction([&](soci::session& sql) {
    // Keeps the table from growing without bound: a user's long-expired tokens go on each sign-in.
    sql << "DELETE FROM refresh_tokens WHERE user_id = :u AND expires_at < :t", soci::use(row.user_id), soci::use(created);
    sql << "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at) "
           "VALUES (:id, :u, :f, :h, :e, :c)",
        soci::use(row.id), soci::use(row.user_id), soci::use(row.family_id), soci::use(row.token_hash), soci::use(expires),
        soci::use(created);
    sql << kDeleteDeadSessions, soci::use(row.user_id), soci::use(created);
    soci::indicator agent_ind = user_agent.empty() ? soci::i_null : soci::i_ok;
    sql << kInsertSession, soci::use(row.family_id), soci::use(row.user_id), soci::use(created), soci::use(created),
        soci::use(user_agent, agent_ind);
  });
}

RotateResult UserStore::rotate_refresh_token(const std::string& token_hash, const RefreshTokenRow& successor, std::int64_t now,
                                             std::int64_t oldest_session) const {
  const long long at = now;
  return database_.transaction([&](soci::session& sql) -> RotateResult {
    std::string id;
    std::string user_id;
    std::string family;
    long long expires = 0;
    long long used = 0;
    long long revoked = 0;
    soci::indicator used_ind = soci::i_null;
    soci::indicator revoked_ind = soci::i_null;
    sql << "SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = :h",
        soci::use(token_hash), soci::into(id), soci::into(user_id), soci::into(family), soci::into(expires),
        soci::into(used, used_ind), soci::into(revoked, revoked_ind);
    if (!sql.got_data()) return {RotateOutcome::kUnknown, {}};
    const auto revoke_family = [&] {
      sql << "UPDATE refresh_tokens SET revoked_at = :t WHERE family_id = :f AND revoked_at IS NULL", soci::use(at),
          soci::use(family);
    };
    if (used_ind == soci::i_ok || revoked_ind == soci::i_ok) {
      revoke_family();
      return {RotateOutcome::kReused, user_id, family};
    }
    if (expires <= at) return {RotateOutcome::kExpired, user_id, family};
    long long began = 0;
    sql << kSessionBegan, soci::use(family), soci::into(began);
    if (sql.got_data() && began < oldest_session) {
      // The session's absolute lifetime is over: the person signs in again, however active it was.
      revoke_family();
      return {RotateOutcome::kExpired, user_id, family};
    }
    // The conditional update decides a race between two refreshes of the same token.
    soci::statement mark = (sql.prepare << "UPDATE refresh_tokens SET used_at = :t WHERE id = :id AND used_at IS NULL "
                                           "AND revoked_at IS NULL",
                            soci::use(at), soci::use(id));
    mark.execute(true);
    if (mark.get_affected_rows() != 1) {
      revoke_family();
      return {RotateOutcome::kReused, user_id, family};
    }
    const long long successor_expires = successor.expires_at;
    sql << "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at) "
           "VALUES (:id, :u, :f, :h, :e, :c)",
        soci::use(successor.id), soci::use(user_id), soci::use(family), soci::use(successor.token_hash),
        soci::use(successor_expires), soci::use(at);
    sql << kTouchSession, soci::use(at), soci::use(family);
    return {RotateOutcome::kRotated, user_id, family};
  });
}

std::vector<SessionRow> UserStore::list_sessions(const std::string& user_id, std::int64_t now,
                                                 std::int64_t oldest_session) const {
  return database_.run([&](soci::session& sql) {
    auto& select = prepared<Select<SessionRecord, std::string, long long, long long>>(sql, kListSessions);
    select.values.params = {user_id, oldest_session, now};
    std::vector<SessionRow> sessions;
    for_each_row(sql, select, [&] { sessions.push_back(select.values.row.session()); });
    return sessions;
  });
}

bool UserStore::end_session(const std::string& user_id, const std::string& session_id, std::int64_t now) const {
  const long long at = now;
  return database_.transaction([&](soci::session& sql) {
    sql << kRevokeFamilyOfUser, soci::use(at), soci::use(session_id), soci::use(user_id);
    soci::statement remove = (sql.prepare << kDeleteSession, soci::use(session_id), soci::use(user_id));
    remove.execute(true);
    return remove.get_affected_rows() == 1;
  });
}

void UserStore::end_sessions_except(const std::string& user_id, const std::string& keep, std::int64_t now) const {
  const long long at = now;
  database_.transaction([&](soci::session& sql) {
    sql << kRevokeOtherFamilies, soci::use(at), soci::use(user_id), soci::use(keep);
    sql << kDeleteOtherSessions, soci::use(user_id), soci::use(keep);
  });
}

bool UserStore::revoke_refresh_family(const std::string& token_hash, std::int64_t now) const {
  const long long at = now;
  return database_.transaction([&](soci::session& sql) {
    std::string family;
    sql << "SELECT family_id FROM refresh_tokens WHERE token_hash = :h", soci::use(token_hash), soci::into(family);
    if (!sql.got_data()) return false;
    sql << "UPDATE refresh_tokens SET revoked_at = :t WHERE family_id = :f AND revoked_at IS NULL", soci::use(at),
        soci::use(family);
    return true;
  });
}

}  // namespace habitd::store
