#pragma once
// The changes feed's reads: a user's habits, logs and tombstones after a position, in feed order,
// up to the user's current change number; and the purge of old tombstones.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/change_feed.hpp"
#include "domain/habit.hpp"

namespace habitd::store {

class Database;

struct Tombstone {
  std::string id;
  std::int64_t seq = 0;
  std::string habit_id;
  std::optional<domain::Date> date;  // set for a log's tombstone
};

struct ChangeBatch {
  std::int64_t cap = 0;                                        // the user's change number the batch was read at
  std::int64_t purged_seq = -1;                                // the highest number of a purged tombstone
  std::vector<std::pair<domain::Habit, std::int64_t>> habits;  // with their change numbers
  std::vector<std::pair<domain::HabitLog, std::int64_t>> logs;
  std::vector<Tombstone> deleted;
};

class ChangesStore {
 public:
  explicit ChangesStore(Database& database) : database_(database) {}

  // At most `limit` entries of each kind after `after`, numbered at most the user's current change
  // number (entries a later write makes come after it, so a page never skips one), tombstones only
  // above `after.floor`. nullopt when the user does not exist.
  [[nodiscard]] std::optional<ChangeBatch> read(const std::string& user_id, const domain::ChangePosition& after,
                                                std::size_t limit) const;
  // Deletes tombstones made before `before` (microseconds) and remembers, per user, the highest
  // number purged. Returns how many went.
  long long purge(std::int64_t before) const;

 private:
  Database& database_;
};

}  // namespace habitd::store
