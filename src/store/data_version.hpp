#pragma once
// The user's data_version (migrations/0003): every write transaction on the user's habits or logs
// calls this, so a cached read computed before the write is never served after it commits.
#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

#include "domain/error.hpp"
#include "store/statement_cache.hpp"

namespace habitd::store {

struct BumpDataVersion {
  std::string user_id;
  soci::statement st;

  explicit BumpDataVersion(soci::session& sql)
      : st((sql.prepare << "UPDATE users SET data_version = data_version + 1 WHERE id = :user", soci::use(user_id))) {}
};

inline void bump_data_version(soci::session& sql, const std::string& user_id) {
  auto& bump = prepared<BumpDataVersion>(sql);
  bump.user_id = user_id;
  execute_prepared(sql, bump);
  done_with(sql, bump.st);
}

// Bumps the version and returns the new one. With `expected`, only while the version is still
// that one (an If-Match precondition, checked under the write's own lock), else 412.
inline std::int64_t bump_data_version_expecting(soci::session& sql, const std::string& user_id,
                                                std::optional<std::int64_t> expected) {
  if (expected) {
    const long long version = *expected;
    soci::statement st = (sql.prepare << "UPDATE users SET data_version = data_version + 1 WHERE id = :user AND data_version = :v",
                          soci::use(user_id), soci::use(version));
    st.execute(true);
    if (st.get_affected_rows() != 1)
      throw domain::Error(domain::ErrorCode::kPreconditionFailed,
                          "The habit changed since the ETag given in If-Match was read; read it again.");
  } else {
    bump_data_version(sql, user_id);
  }
  long long now = 0;
  sql << "SELECT data_version FROM users WHERE id = :user", soci::use(user_id), soci::into(now);
  return now;
}

}  // namespace habitd::store
