#pragma once
// Per-user quotas, checked inside the write's transaction (which has already locked the user's
// row through next_change, so two writes of one user cannot both pass the check).
#include <string>

namespace soci {
class session;
}

namespace habitd::store {

enum class Counted { kHabits, kLogs };

// Throws domain kValidation (422, naming "habits" or "logs") when `adding` more would give the
// user more than `most`.
void check_quota(soci::session& sql, Counted what, const std::string& user_id, long long adding, long long most);

}  // namespace habitd::store
