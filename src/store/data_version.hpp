#pragma once
// The user's data_version (migrations/0003): every write transaction on the user's habits or logs
// calls this, so a cached read computed before the write is never served after it commits.
#include <soci/soci.h>

#include <string>

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

}  // namespace habitd::store
