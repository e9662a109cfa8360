#include "store/token_store.hpp"

#include <soci/soci.h>

#include "domain/error.hpp"
#include "store/database.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

constexpr const char* kTokenColumns = "id, user_id, name, scope, created_at, expires_at, last_used_at, token_hash";
const std::string kUserTokens =
    std::string("SELECT ") + kTokenColumns + " FROM personal_access_tokens WHERE user_id = :user ORDER BY created_at, id";
const std::string kTokenByHash = std::string("SELECT ") + kTokenColumns + " FROM personal_access_tokens WHERE token_hash = :hash";
// Serialises concurrent creations of one user's tokens on PostgreSQL, so the limit holds (SQLite
// has a single writer already).
constexpr const char* kLockUserPostgres = "SELECT id FROM users WHERE id = :user FOR UPDATE";
constexpr const char* kUserExists = "SELECT id FROM users WHERE id = :user";
constexpr const char* kCountTokens = "SELECT COUNT(*) FROM personal_access_tokens WHERE user_id = :user";
constexpr const char* kInsertToken =
    "INSERT INTO personal_access_tokens (id, user_id, name, scope, token_hash, created_at, expires_at, last_used_at) "
    "VALUES (:id, :user, :name, :scope, :hash, :created, :expires, NULL)";
constexpr const char* kDeleteToken = "DELETE FROM personal_access_tokens WHERE id = :id AND user_id = :user";
constexpr const char* kStampToken =
    "UPDATE personal_access_tokens SET last_used_at = :at WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :later)";

// A token that outlived its account is told so (401), whatever it asks of the tokens.
void require_user(soci::session& sql, const char* query, const std::string& user_id) {
  auto& found = prepared<Select<Scalar<std::string>, std::string>>(sql, query);
  found.values.params = {user_id};
  if (!read_one(sql, found)) throw domain::Error(domain::ErrorCode::kUnauthenticated, "The account no longer exists.");
}

using InsertToken = Command<std::string, std::string, std::string, std::string, std::string, long long, Nullable<long long>>;

// The columns of kTokenColumns, bound to a statement.
struct TokenRow {
  std::string id, user_id, name, scope, hash;
  long long created = 0, expires = 0, last_used = 0;
  soci::indicator expires_ind{}, last_used_ind{};

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(scope));
    st.exchange(soci::into(created));
    st.exchange(soci::into(expires, expires_ind));
    st.exchange(soci::into(last_used, last_used_ind));
    st.exchange(soci::into(hash));
  }
  [[nodiscard]] StoredToken stored() const {
    StoredToken out;
    out.token.id = id;
    out.token.user_id = user_id;
    out.token.name = name;
    out.token.scope = domain::parse_token_scope(scope).value_or(domain::TokenScope::kRead);
    out.token.created_at = created;
    if (expires_ind == soci::i_ok) out.token.expires_at = expires;
    if (last_used_ind == soci::i_ok) out.token.last_used_at = last_used;
    out.token_hash = hash;
    return out;
  }
};

}  // namespace

void TokenStore::insert(const domain::PersonalToken& token, const std::string& token_hash, int max_per_user) const {
  const std::string scope(domain::to_string(token.scope));
  const long long created = token.created_at;
  const std::optional<long long> expires = token.expires_at;
  database_.transaction([&](soci::session& sql) {
    require_user(sql, database_.dialect() == Dialect::kPostgres ? kLockUserPostgres : kUserExists, token.user_id);
    auto& counted = prepared<Select<Scalar<long long>, std::string>>(sql, kCountTokens);
    counted.values.params = {token.user_id};
    (void)read_one(sql, counted);
    const long long count = counted.values.row.value;
    if (count >= max_per_user)
      throw domain::Error(domain::ErrorCode::kValidation,
                          "You have " + std::to_string(count) + " tokens, the most allowed; delete one first.",
                          {{"tokens", "at most " + std::to_string(max_per_user) + " per user"}});
    auto& insert = prepared<InsertToken>(sql, kInsertToken);
    insert.values.params = {token.id, token.user_id, token.name, scope, token_hash, created, expires};
    write(sql, insert);
  });
}

std::vector<domain::PersonalToken> TokenStore::list(const std::string& user_id) const {
  return database_.run([&](soci::session& sql) {
    std::vector<domain::PersonalToken> tokens;
    auto& select = prepared<Select<TokenRow, std::string>>(sql, kUserTokens);
    select.values.params = {user_id};
    for_each_row(sql, select, [&] { tokens.push_back(select.values.row.stored().token); });
    if (tokens.empty()) require_user(sql, kUserExists, user_id);
    return tokens;
  });
}

bool TokenStore::remove(const std::string& user_id, const std::string& token_id) const {
  return database_.transaction([&](soci::session& sql) {
    auto& remove = prepared<Command<std::string, std::string>>(sql, kDeleteToken);
    remove.values.params = {token_id, user_id};
    if (write(sql, remove) == 1) return true;
    require_user(sql, kUserExists, user_id);
    return false;
  });
}

std::optional<StoredToken> TokenStore::find_by_hash(const std::string& token_hash) const {
  return database_.run([&](soci::session& sql) -> std::optional<StoredToken> {
    auto& select = prepared<Select<TokenRow, std::string>>(sql, kTokenByHash);
    select.values.params = {token_hash};
    if (!read_one(sql, select)) return std::nullopt;
    return select.values.row.stored();
  });
}

void TokenStore::record_last_used(const std::unordered_map<std::string, std::int64_t>& stamps) const {
  if (stamps.empty()) return;
  database_.transaction([&](soci::session& sql) {
    auto& stamp = prepared<Command<long long, std::string, long long>>(sql, kStampToken);
    for (const auto& [token_id, micros] : stamps) {
      stamp.values.params = {micros, token_id, micros};
      write(sql, stamp);
    }
  });
}

}  // namespace habitd::store
