#include "store/user_store.hpp"

#include <soci/soci.h>

#include "domain/error.hpp"
#include "domain/validation.hpp"
#include "store/database.hpp"
#include "store/soci_rows.hpp"
#include "store/statement_cache.hpp"

namespace habitd::store {
namespace {

// Tables holding a user's rows, children before parents.
constexpr const char* kUserTables[] = {"idempotency_keys", "habit_logs", "habits", "refresh_tokens", "personal_access_tokens"};

constexpr const char* kSelectUser =
    "SELECT id, email, username, timezone, day_start, created_at, updated_at, password_hash, data_version FROM users ";

// The columns of kSelectUser, bound to a statement.
struct UserRow {
  UserRecord record;
  long long created = 0, updated = 0, version = 0;

  void bind(soci::statement& st) {
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

std::optional<UserRecord> fetch_user(soci::session& sql, const std::string& where, const std::string& value) {
  std::optional<UserRecord> found;
  UserRow row;
  rows::for_each_row(sql, row, std::string(kSelectUser) + where, [&] { found = row.fetched(); }, soci::use(value));
  return found;
}

// Every authenticated read looks its user up by id: prepared once per connection.
struct UserById {
  std::string id;
  UserRow row;
  soci::statement st;

  explicit UserById(soci::session& sql) : st(sql) {
    row.bind(st);
    st.exchange(soci::use(id));
    st.alloc();
    st.prepare(std::string(kSelectUser) + "WHERE id = :v");
    st.define_and_bind();
  }
};

}  // namespace

void UserStore::throw_duplicate(const std::string& email_key, const std::string& username_key, const std::string& except_id) const {
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
  throw domain::Error(domain::ErrorCode::kConflict, "The email or username is already in use.", errors.list());
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
  return database_.run([&](soci::session& sql) -> std::optional<UserRecord> {
    auto& query = prepared<UserById>(sql);
    query.id = user_id;
    const bool found = execute_prepared(sql, query);
    done_with(sql, query.st);
    if (!found) return std::nullopt;
    return query.row.fetched();
  });
}

std::optional<UserRecord> UserStore::find_by_login(const std::string& login) const {
  const std::string key = domain::fold_case(login);
  return database_.run([&](soci::session& sql) {
    if (auto found = fetch_user(sql, "WHERE email_key = :v", key)) return found;
    return fetch_user(sql, "WHERE username_key = :v", key);
  });
}

std::optional<domain::User> UserStore::update(const std::string& user_id, const UserChanges& changes, std::int64_t now) const {
  std::string email_key;
  std::string username_key;
  try {
    return database_.transaction([&](soci::session& sql) -> std::optional<domain::User> {
      auto current = fetch_user(sql, "WHERE id = :v", user_id);
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

void UserStore::remove(const std::string& user_id) const {
  database_.transaction([&](soci::session& sql) {
    // Children first, explicitly: the result does not depend on cascade settings.
    for (const char* table : kUserTables) {
      sql << std::string("DELETE FROM ") + table + " WHERE user_id = :id", soci::use(user_id);
    }
    sql << "DELETE FROM users WHERE id = :id", soci::use(user_id);
  });
}

void UserStore::insert_refresh_token(const RefreshTokenRow& row, std::int64_t now) const {
  const long long created = now;
  const long long expires = row.expires_at;
  database_.transaction([&](soci::session& sql) {
    // Keeps the table from growing without bound: a user's long-expired tokens go on each sign-in.
    sql << "DELETE FROM refresh_tokens WHERE user_id = :u AND expires_at < :t", soci::use(row.user_id), soci::use(created);
    sql << "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at) "
           "VALUES (:id, :u, :f, :h, :e, :c)",
        soci::use(row.id), soci::use(row.user_id), soci::use(row.family_id), soci::use(row.token_hash), soci::use(expires),
        soci::use(created);
  });
}

RotateResult UserStore::rotate_refresh_token(const std::string& token_hash, const RefreshTokenRow& successor,
                                             std::int64_t now) const {
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
      return {RotateOutcome::kReused, user_id};
    }
    if (expires <= at) return {RotateOutcome::kExpired, user_id};
    // The conditional update decides a race between two refreshes of the same token.
    soci::statement mark = (sql.prepare << "UPDATE refresh_tokens SET used_at = :t WHERE id = :id AND used_at IS NULL "
                                           "AND revoked_at IS NULL",
                            soci::use(at), soci::use(id));
    mark.execute(true);
    if (mark.get_affected_rows() != 1) {
      revoke_family();
      return {RotateOutcome::kReused, user_id};
    }
    const long long successor_expires = successor.expires_at;
    sql << "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at) "
           "VALUES (:id, :u, :f, :h, :e, :c)",
        soci::use(successor.id), soci::use(user_id), soci::use(family), soci::use(successor.token_hash),
        soci::use(successor_expires), soci::use(at);
    return {RotateOutcome::kRotated, user_id};
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
