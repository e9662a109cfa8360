#pragma once
// Per-user quotas, kept as counts on the user's row (users.habit_count and users.log_count) by
// the same transactions that add and remove habits and logs, so a check reads one row. The row is
// already locked by next_change, so two writes of one user cannot both pass the check.
#include <cstdint>
#include <string>

#include "store/change_numbers.hpp"

namespace soci {
class session;
}

namespace habitd::store {

enum class Counted { kHabits, kLogs };

// Adds `delta` (negative when removing) to the user's count. When `delta` is positive and the
// count would exceed `most`, throws domain kValidation (422, naming "habits" or "logs"); the
// caller's transaction then rolls the change back.
void count_usage(soci::session& sql, Counted what, const std::string& user_id, long long delta, long long most);

// next_change and count_usage in one statement (one update of the user's row, not two), for a
// write whose count is known before it runs. Returns the change number.
Change next_change_counting(soci::session& sql, const std::string& user_id, Counted what, long long delta, long long most);

// The same for removals, which have no limit to check.
inline void uncount_usage(soci::session& sql, Counted what, const std::string& user_id, long long removed) {
  if (removed > 0) count_usage(sql, what, user_id, -removed, 0);
}

}  // namespace habitd::store
