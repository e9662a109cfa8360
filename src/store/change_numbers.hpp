#pragma once
// The user's data_version numbers every write to the user's habits, logs or day settings. A write
// takes the next number first (the UPDATE holds the user's row lock to the end of its
// transaction, so numbers follow the order of commits) and stamps every row it writes with it:
// the read cache and ETags compare versions, and the changes feed reads rows in number order.
// Deletions leave a tombstone with their number.
#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

#include "domain/calendar.hpp"

namespace habitd::store {

// The next number of `user_id`. With `expected`, only while the current one is still that (an
// If-Match precondition: else domain kPreconditionFailed). A user that no longer exists is
// domain kUnauthenticated (a token that outlived its account).
std::int64_t next_change(soci::session& sql, const std::string& user_id, std::optional<std::int64_t> expected = {});

// Tombstones for the changes feed: a habit (with all its logs) or one log, deleted by change `seq`.
void record_habit_deletion(soci::session& sql, const std::string& user_id, std::int64_t seq, const std::string& habit_id,
                           std::int64_t now);
void record_log_deletion(soci::session& sql, const std::string& user_id, std::int64_t seq, const std::string& habit_id,
                         domain::Date date, std::int64_t now);

}  // namespace habitd::store
