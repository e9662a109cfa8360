#pragma once
// Reminders: the habits that have reminder times, with their owner's zone and day start, and the
// one row per habit, day and time that makes a reminder fire once however many servers run.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/habit.hpp"
#include "store/outbox.hpp"

namespace habitd::store {

class Database;

struct ReminderHabit {
  domain::Habit habit;
  std::string timezone;
  int day_start_minutes = 0;
  std::vector<domain::LogEntry> logs;  // oldest first
};

class ReminderStore {
 public:
  explicit ReminderStore(Database& database) : database_(database) {}

  // Every habit that is not archived and has reminder times, of users with a webhook that
  // subscribes to reminder.due (nobody else would hear them), with its logs dated `logs_since` or
  // later (enough for the periods that hold today).
  [[nodiscard]] std::vector<ReminderHabit> habits_with_reminders(domain::Date logs_since) const;
  // Claims (habit, day, time) and queues its event, in one transaction; false when some server
  // already fired it.
  bool fire(const std::string& user_id, const std::string& habit_id, const std::string& day, const std::string& time,
            const OutboxEvent& event) const;
  // Forgets fired reminders older than `before` (well past any lateness).
  long long purge(std::int64_t before) const;

 private:
  Database& database_;
};

}  // namespace habitd::store
