#include "store/quota.hpp"

#include <soci/soci.h>

#include "domain/error.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

constexpr const char* kCountHabits = "UPDATE users SET habit_count = habit_count + :delta WHERE id = :user RETURNING habit_count";
constexpr const char* kCountLogs = "UPDATE users SET log_count = log_count + :delta WHERE id = :user RETURNING log_count";

}  // namespace

void count_usage(soci::session& sql, Counted what, const std::string& user_id, long long delta, long long most) {
  if (delta == 0) return;
  auto& count =
      prepared<Select<Scalar<long long>, long long, std::string>>(sql, what == Counted::kHabits ? kCountHabits : kCountLogs);
  count.values.params = {delta, user_id};
  if (!read_one(sql, count) || delta < 0) return;
  const long long now = count.values.row.get().value_or(0);
  if (now <= most) return;
  const std::string noun = what == Counted::kHabits ? "habits" : "logs";
  throw domain::Error(domain::ErrorCode::kValidation,
                      "An account may have at most " + std::to_string(most) + " " + noun + "; this one has " +
                          std::to_string(now - delta) + " and the request adds " + std::to_string(delta) + ".",
                      {{noun, "at most " + std::to_string(most) + " per user"}});
}

}  // namespace habitd::store
