#pragma once
// A user's habits with all their logs, read and written as a whole: for export and import.
#include <functional>
#include <string>
#include <vector>

#include "domain/habit.hpp"
#include "domain/quotas.hpp"
#include "store/outbox.hpp"

namespace habitd::store {

class Database;

struct HabitWithLogs {
  domain::Habit habit;
  std::vector<domain::HabitLog> logs;  // oldest first
};

class ExportStore {
 public:
  explicit ExportStore(Database& database) : database_(database) {}

  // Every habit of the user, archived ones too, in creation order, each with all its logs: two
  // queries, however many habits there are.
  [[nodiscard]] std::vector<HabitWithLogs> read_all(const std::string& user_id) const;
  // Runs `reads`, calls of any store on this thread, in one read transaction: they all see one
  // moment, whatever other requests commit meanwhile (an export taken during writes).
  void in_one_snapshot(const std::function<void()>& reads) const;
  // Inserts the habits and their logs for `user_id` in one transaction: all of them or none.
  // All or nothing; refused (422) when the user would have more habits or logs than `quotas` allow.
  // `events` go to the outbox in the same transaction.
  void insert_all(const std::string& user_id, const std::vector<HabitWithLogs>& habits, const domain::Quotas& quotas,
                  const PendingEvents& events = {}) const;

 private:
  Database& database_;
};

}  // namespace habitd::store
