#include "store/quota.hpp"

#include <soci/soci.h>

#include "domain/error.hpp"
#include "store/change_numbers.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

constexpr const char* kCountHabits = "UPDATE users SET habit_count = habit_count + :delta WHERE id = :user RETURNING habit_count";
constexpr const char* kCountLogs = "UPDATE users SET log_count = log_count + :delta WHERE id = :user RETURNING log_count";
const std::string kNextChangeCountingHabits =
    std::string("UPDATE users SET data_version = data_version + 1, habit_count = habit_count + :delta WHERE id = :user") +
    kReturningChange + ", habit_count";
const std::string kNextChangeCountingLogs =
    std::string("UPDATE users SET data_version = data_version + 1, log_count = log_count + :delta WHERE id = :user") +
    kReturningChange + ", log_count";

struct ChangeAndCount {
  ChangeRow change;
  long long count = 0;
  void bind_into(soci::statement& st) {
    change.bind_into(st);
    st.exchange(soci::into(count));
  }
};

// `count` is the user's count with `delta` added.
void throw_if_over(Counted what, long long delta, long long most, long long count) {
  if (delta <= 0 || count <= most) return;
  const std::string noun = what == Counted::kHabits ? "habits" : "logs";
  throw domain::Error(domain::ErrorCode::kValidation,
                      "An account may have at most " + std::to_string(most) + " " + noun + "; this one has " +
                          std::to_string(count - delta) + " and the request adds " + std::to_string(delta) + ".",
                      {{noun, "at most " + std::to_string(most) + " per user"}});
}

}  // namespace

void count_usage(soci::session& sql, Counted what, const std::string& user_id, long long delta, long long most) {
  if (delta == 0) return;
  auto& count =
      prepared<Select<Scalar<long long>, long long, std::string>>(sql, what == Counted::kHabits ? kCountHabits : kCountLogs);
  count.values.params = {delta, user_id};
  if (!read_one(sql, count)) return;
  throw_if_over(what, delta, most, count.values.row.get().value_or(0));
}

Change next_change_counting(soci::session& sql, const std::string& user_id, Counted what, long long delta, long long most) {
  auto& bump = prepared<Select<ChangeAndCount, long long, std::string>>(
      sql, what == Counted::kHabits ? kNextChangeCountingHabits : kNextChangeCountingLogs);
  bump.values.params = {delta, user_id};
  // No row: the account is gone, which next_change reports as it does for every write.
  if (!read_one(sql, bump)) return next_change(sql, user_id);
  throw_if_over(what, delta, most, bump.values.row.count);
  return bump.values.row.change.change();
}

}  // namespace habitd::store
