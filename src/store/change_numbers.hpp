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

// A change's number, and whether its user has an enabled webhook: the statement that takes the
// number reads that too, so a write's webhook events cost no query of their own.
struct Change {
  std::int64_t seq = 0;
  bool webhooks = false;
};

// The RETURNING list of the statements that take a change's number, and its row.
inline constexpr const char* kReturningChange =
    " RETURNING data_version, (SELECT COUNT(*) FROM webhooks w WHERE w.user_id = users.id AND w.disabled = 0)";
struct ChangeRow {
  long long seq = 0;
  long long webhooks = 0;
  void bind_into(soci::statement& st) {
    st.exchange(soci::into(seq));
    st.exchange(soci::into(webhooks));
  }
  [[nodiscard]] Change change() const { return Change{seq, webhooks > 0}; }
};

// The next number of `user_id`. With `expected`, only while the current one is still that (an
// If-Match precondition: else domain kPreconditionFailed). A user that no longer exists is
// domain kUnauthenticated (a token that outlived its account).
Change next_change(soci::session& sql, const std::string& user_id, std::optional<std::int64_t> expected = {});

// Tombstones for the changes feed: a habit (with all its logs) or one log, deleted by change `seq`.
void record_habit_deletion(soci::session& sql, const std::string& user_id, std::int64_t seq, const std::string& habit_id,
                           std::int64_t now);
void record_log_deletion(soci::session& sql, const std::string& user_id, std::int64_t seq, const std::string& habit_id,
                         domain::Date date, std::int64_t now);

}  // namespace habitd::store
