#include "store/quota.hpp"

#include <soci/soci.h>

#include "domain/error.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

constexpr const char* kCountHabits = "SELECT COUNT(*) FROM habits WHERE user_id = :user";
constexpr const char* kCountLogs = "SELECT COUNT(*) FROM habit_logs WHERE user_id = :user";

}  // namespace

void check_quota(soci::session& sql, Counted what, const std::string& user_id, long long adding, long long most) {
  auto& count = prepared<Select<Scalar<long long>, std::string>>(sql, what == Counted::kHabits ? kCountHabits : kCountLogs);
  count.values.params = {user_id};
  const long long have = read_one(sql, count) ? count.values.row.get().value_or(0) : 0;
  if (have + adding <= most) return;
  const std::string noun = what == Counted::kHabits ? "habits" : "logs";
  throw domain::Error(domain::ErrorCode::kValidation,
                      "An account may have at most " + std::to_string(most) + " " + noun + "; this one has " +
                          std::to_string(have) + " and the request adds " + std::to_string(adding) + ".",
                      {{noun, "at most " + std::to_string(most) + " per user"}});
}

}  // namespace habitd::store
