#include "store/user_store.hpp"

#include <soci/soci.h>

#include "domain/error.hpp"
#include "domain/validation.hpp"
#include "store/database.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

constexpr const char* kEmailTaken = "SELECT COUNT(*) FROM users WHERE email_key = :k AND id <> :id";
constexpr const char* kUsernameTaken = "SELECT COUNT(*) FROM users WHERE username_key = :k AND id <> :id";
constexpr const char* kInsertUser =
    "INSERT INTO users (id, email, email_key, username, username_key, password_hash, timezone, day_start, created_at, "
    "updated_at) VALUES (:id, :email, :ekey, :username, :ukey, :hash, :tz, :ds, :created, :updated)";
constexpr const char* kUpdateUser =
    "UPDATE users SET email = :e, email_key = :ek, username = :u, username_key = :uk, timezone = :tz, "
    "day_start = :ds, updated_at = :t, data_version = data_version + 1 WHERE id = :id";
constexpr const char* kSetPassword = "UPDATE users SET password_hash = :h, updated_at = :t WHERE id = :id";
constexpr const char* kRevokeUserTokens = "UPDATE refresh_tokens SET revoked_at = :t WHERE user_id = :id AND revoked_at IS NULL";
constexpr const char* kDeleteAccessTokens = "DELETE FROM personal_access_tokens WHERE user_id = :id";
// Only over the hash it was computed from: a password changed meanwhile stays changed.
constexpr const char* kStoreRehash = "UPDATE users SET password_hash = :h WHERE id = :id AND password_hash = :old";

// The rows of a user, table by table, children before parents.
constexpr const char* kDeleteUserRows[] = {"DELETE FROM idempotency_keys WHERE user_id = :id",
                                           "DELETE FROM deletions WHERE user_id = :id",
                                           "DELETE FROM habit_logs WHERE user_id = :id",
                                           "DELETE FROM habits WHERE user_id = :id",
                                           "DELETE FROM refresh_tokens WHERE user_id = :id",
                                           "DELETE FROM sessions WHERE user_id = :id",
                                           "DELETE FROM personal_access_tokens WHERE user_id = :id"};
constexpr const char* kDeleteUser = "DELETE FROM users WHERE id = :id";

// Keeps the table from growing without bound: a user's long-expired tokens go on each sign-in.
constexpr const char* kDeleteExpiredTokens = "DELETE FROM refresh_tokens WHERE user_id = :u AND expires_at < :t";
constexpr const char* kInsertRefreshToken =
    "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at) "
    "VALUES (:id, :u, :f, :h, :e, :c)";
constexpr const char* kRefreshToken =
    "SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = :h";
constexpr const char* kFamilyOfToken = "SELECT family_id FROM refresh_tokens WHERE token_hash = :h";
constexpr const char* kRevokeFamily = "UPDATE refresh_tokens SET revoked_at = :t WHERE family_id = :f AND revoked_at IS NULL";
// The conditional update decides a race between two refreshes of the same token.
constexpr const char* kMarkTokenUsed =
    "UPDATE refresh_tokens SET used_at = :t WHERE id = :id AND used_at IS NULL AND revoked_at IS NULL";

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

// The columns of kRefreshToken.
struct RefreshTokenRecord {
  std::string id, user_id, family;
  long long expires = 0, used = 0, revoked = 0;
  soci::indicator used_ind = soci::i_null, revoked_ind = soci::i_null;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(family));
    st.exchange(soci::into(expires));
    st.exchange(soci::into(used, used_ind));
    st.exchange(soci::into(revoked, revoked_ind));
  }
  // Used or revoked: presenting it again is a reuse.
  [[nodiscard]] bool spent() const { return used_ind == soci::i_ok || revoked_ind == soci::i_ok; }
};

using InsertUser =
    Command<std::string, std::string, std::string, std::string, std::string, std::string, std::string, int, long long, long long>;
using UpdateUser = Command<std::string, std::string, std::string, std::string, std::string, int, long long, std::string>;
using InsertRefreshToken = Command<std::string, std::string, std::string, std::string, long long, long long>;
using InsertSession = Command<std::string, std::string, long long, long long, Nullable<std::string>>;

const std::string kUserById = std::string(kSelectUser) + "WHERE id = :v";
const std::string kUserByEmail = std::string(kSelectUser) + "WHERE email_key = :v";
const std::string kUserByUsername = std::string(kSelectUser) + "WHERE username_key = :v";
// Only what a read stamp needs. Ids are generated by habitd (hexadecimal): none holds a comma.
constexpr const char* kStampsByIds =
    "SELECT id, timezone, day_start, data_version FROM users WHERE id = ANY(string_to_array(:v, ','))";

// The columns of kStampsByIds.
struct StampRow {
  UserRecord record;
  long long version = 0;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(record.user.id));
    st.exchange(soci::into(record.user.timezone));
    st.exchange(soci::into(record.user.day_start_minutes));
    st.exchange(soci::into(version));
  }
  [[nodiscard]] UserRecord fetched() const {
    UserRecord out = record;
    out.data_version = version;
    return out;
  }
};

// Every authenticated read looks its user up by id: the statement is prepared once per connection.
std::optional<UserRecord> fetch_user(soci::session& sql, const std::string& query, const std::string& value) {
  auto& select = prepared<Select<UserRow, std::string>>(sql, query);
  select.values.params = {value};
  if (!read_one(sql, select)) return std::nullopt;
  return select.values.row.fetched();
}

// How many users other than `except_id` hold `key` (an email or username key).
long long others_holding(soci::session& sql, const char* query, const std::string& key, const std::string& except_id) {
  auto& select = prepared<Select<Scalar<long long>, std::string, std::string>>(sql, query);
  select.values.params = {key, except_id};
  (void)read_one(sql, select);
  return select.values.row.value;
}

// Runs a statement whose parameters are all the user's id.
long long write_for_user(soci::session& sql, const char* query, const std::string& user_id) {
  auto& command = prepared<Command<std::string>>(sql, query);
  command.values.params = {user_id};
  return write(sql, command);
}

void revoke_family(soci::session& sql, const std::string& family, long long at) {
  auto& revoke = prepared<Command<long long, std::string>>(sql, kRevokeFamily);
  revoke.values.params = {at, family};
  write(sql, revoke);
}

void insert_refresh(soci::session& sql, const RefreshTokenRow& row, const std::string& user_id, const std::string& family,
                    long long created) {
  auto& insert = prepared<InsertRefreshToken>(sql, kInsertRefreshToken);
  insert.values.params = {row.id, user_id, family, row.token_hash, row.expires_at, created};
  write(sql, insert);
}

}  // namespace

domain::FieldErrors UserStore::duplicates(const std::string& email_key, const std::string& username_key,
                                          const std::string& except_id) const {
  domain::FieldErrors errors;
  database_.run([&](soci::session& sql) {
    if (others_holding(sql, kEmailTaken, email_key, except_id) > 0) errors.add("email", "is already registered");
    if (others_holding(sql, kUsernameTaken, username_key, except_id) > 0) errors.add("username", "is already taken");
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
      auto& insert = prepared<InsertUser>(sql, kInsertUser);
      insert.values.params = {
          u.id,    u.email, email_key, u.username, username_key, record.password_hash, u.timezone, u.day_start_minutes,
          created, created};
      write(sql, insert);
    });
  } catch (const ConstraintViolation&) {
    throw_duplicate(email_key, username_key, u.id);
  }
}

std::optional<UserRecord> UserStore::find_by_id(const std::string& user_id) const {
  return database_.run([&](soci::session& sql) -> std::optional<UserRecord> { return fetch_user(sql, kUserById, user_id); });
}

std::vector<UserRecord> UserStore::stamps_of(const std::vector<std::string>& user_ids) const {
  std::string joined;
  for (const auto& id : user_ids) joined += (joined.empty() ? "" : ",") + id;
  return database_.run([&](soci::session& sql) {
    std::vector<UserRecord> found;
    auto& select = prepared<Select<StampRow, std::string>>(sql, kStampsByIds);
    select.values.params = {joined};
    for_each_row(sql, select, [&] { found.push_back(select.values.row.fetched()); });
    return found;
  });
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
      auto& write_user = prepared<UpdateUser>(sql, kUpdateUser);
      write_user.values.params = {user.email, email_key, user.username, username_key, user.timezone, user.day_start_minutes,
                                  updated,    user_id};
      write(sql, write_user);
      return user;
    });
  } catch (const ConstraintViolation&) {
    throw_duplicate(email_key, username_key, user_id);
  }
}

void UserStore::change_password(const std::string& user_id, const std::string& password_hash, std::int64_t now) const {
  const long long at = now;
  database_.transaction([&](soci::session& sql) {
    auto& set_password = prepared<Command<std::string, long long, std::string>>(sql, kSetPassword);
    set_password.values.params = {password_hash, at, user_id};
    write(sql, set_password);
    auto& revoke = prepared<Command<long long, std::string>>(sql, kRevokeUserTokens);
    revoke.values.params = {at, user_id};
    write(sql, revoke);
    // Personal access tokens stop working too: whoever learnt the old password may have made one.
    write_for_user(sql, kDeleteAccessTokens, user_id);
  });
}

void UserStore::store_rehashed_password(const std::string& user_id, const std::string& old_hash,
                                        const std::string& new_hash) const {
  database_.transaction([&](soci::session& sql) {
    auto& rehash = prepared<Command<std::string, std::string, std::string>>(sql, kStoreRehash);
    rehash.values.params = {new_hash, user_id, old_hash};
    write(sql, rehash);
  });
}

void UserStore::remove(const std::string& user_id) const {
  database_.transaction([&](soci::session& sql) {
    // Children first, explicitly: the result does not depend on cascade settings.
    for (const char* query : kDeleteUserRows) write_for_user(sql, query, user_id);
    write_for_user(sql, kDeleteUser, user_id);
  });
}

void UserStore::insert_refresh_token(const RefreshTokenRow& row, std::int64_t now, const std::string& user_agent) const {
  const long long created = now;
  database_.transaction([&](soci::session& sql) {
    auto& expired = prepared<Command<std::string, long long>>(sql, kDeleteExpiredTokens);
    expired.values.params = {row.user_id, created};
    write(sql, expired);
    insert_refresh(sql, row, row.user_id, row.family_id, created);
    auto& dead = prepared<Command<std::string, long long>>(sql, kDeleteDeadSessions);
    dead.values.params = {row.user_id, created};
    write(sql, dead);
    auto& session = prepared<InsertSession>(sql, kInsertSession);
    session.values.params = {row.family_id, row.user_id, created, created,
                             user_agent.empty() ? std::nullopt : std::optional<std::string>(user_agent)};
    write(sql, session);
  });
}

RotateResult UserStore::rotate_refresh_token(const std::string& token_hash, const RefreshTokenRow& successor, std::int64_t now,
                                             std::int64_t oldest_session) const {
  const long long at = now;
  return database_.transaction([&](soci::session& sql) -> RotateResult {
    auto& select = prepared<Select<RefreshTokenRecord, std::string>>(sql, kRefreshToken);
    select.values.params = {token_hash};
    if (!read_one(sql, select)) return {RotateOutcome::kUnknown, {}};
    const auto& token = select.values.row;
    if (token.spent()) {
      revoke_family(sql, token.family, at);
      return {RotateOutcome::kReused, token.user_id, token.family};
    }
    if (token.expires <= at) return {RotateOutcome::kExpired, token.user_id, token.family};
    auto& began = prepared<Select<Scalar<long long>, std::string>>(sql, kSessionBegan);
    began.values.params = {token.family};
    if (read_one(sql, began) && began.values.row.value < oldest_session) {
      // The session's absolute lifetime is over: the person signs in again, however active it was.
      revoke_family(sql, token.family, at);
      return {RotateOutcome::kExpired, token.user_id, token.family};
    }
    auto& mark = prepared<Command<long long, std::string>>(sql, kMarkTokenUsed);
    mark.values.params = {at, token.id};
    if (write(sql, mark) != 1) {
      revoke_family(sql, token.family, at);
      return {RotateOutcome::kReused, token.user_id, token.family};
    }
    insert_refresh(sql, successor, token.user_id, token.family, at);
    auto& touch = prepared<Command<long long, std::string>>(sql, kTouchSession);
    touch.values.params = {at, token.family};
    write(sql, touch);
    return {RotateOutcome::kRotated, token.user_id, token.family};
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
    auto& revoke = prepared<Command<long long, std::string, std::string>>(sql, kRevokeFamilyOfUser);
    revoke.values.params = {at, session_id, user_id};
    write(sql, revoke);
    auto& remove = prepared<Command<std::string, std::string>>(sql, kDeleteSession);
    remove.values.params = {session_id, user_id};
    return write(sql, remove) == 1;
  });
}

void UserStore::end_sessions_except(const std::string& user_id, const std::string& keep, std::int64_t now) const {
  const long long at = now;
  database_.transaction([&](soci::session& sql) {
    auto& revoke = prepared<Command<long long, std::string, std::string>>(sql, kRevokeOtherFamilies);
    revoke.values.params = {at, user_id, keep};
    write(sql, revoke);
    auto& remove = prepared<Command<std::string, std::string>>(sql, kDeleteOtherSessions);
    remove.values.params = {user_id, keep};
    write(sql, remove);
  });
}

bool UserStore::revoke_refresh_family(const std::string& token_hash, std::int64_t now) const {
  const long long at = now;
  return database_.transaction([&](soci::session& sql) {
    auto& family = prepared<Select<Scalar<std::string>, std::string>>(sql, kFamilyOfToken);
    family.values.params = {token_hash};
    if (!read_one(sql, family)) return false;
    revoke_family(sql, family.values.row.value, at);
    return true;
  });
}

}  // namespace habitd::store
