#include "store/reminder_store.hpp"

#include <soci/soci.h>

#include <unordered_map>

#include "store/database.hpp"
#include "store/records.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

const std::string kHabitColumns = [] {
  std::string out;
  HabitRecord record;
  record.visit(columns::Names{out, "h."});
  return out;
}();
constexpr const char* kSubscribed =
    " FROM habits h JOIN users u ON u.id = h.user_id WHERE h.archived = 0 AND h.reminders <> '' AND EXISTS (SELECT 1 FROM "
    "webhooks w WHERE w.user_id = h.user_id AND w.disabled = 0 AND w.events LIKE '%,reminder.due,%')";
const std::string kReminderHabits = "SELECT " + kHabitColumns + ", u.timezone, u.day_start" + kSubscribed + " ORDER BY h.id";
const std::string kReminderLogs = std::string("SELECT l.habit_id, l.log_date, l.status, l.amount FROM habit_logs l WHERE ") +
                                  "l.log_date >= :since AND l.habit_id IN (SELECT h.id" + kSubscribed +
                                  ") ORDER BY l.habit_id, l.log_date";
constexpr const char* kFire =
    "INSERT INTO reminders_fired (habit_id, day, time, fired_at) VALUES (:habit, :day, :time, :at) "
    "ON CONFLICT (habit_id, day, time) DO NOTHING";
constexpr const char* kPurge = "DELETE FROM reminders_fired WHERE fired_at < :before";

}  // namespace

std::vector<ReminderHabit> ReminderStore::habits_with_reminders(domain::Date logs_since) const {
  return database_.snapshot([&](soci::session& sql) {
    std::vector<ReminderHabit> habits;
    std::unordered_map<std::string, std::size_t> index;
    auto& select = prepared<Select<HabitWithOwnerDayRow>>(sql, kReminderHabits);
    for_each_row(sql, select, [&] {
      index[select.values.row.habit.id] = habits.size();
      habits.push_back(
          ReminderHabit{select.values.row.habit.habit(), select.values.row.timezone, select.values.row.day_start, {}});
    });
    if (habits.empty()) return habits;
    auto& logs = prepared<Select<LogEntryRow, std::string>>(sql, kReminderLogs);
    logs.values.params = {date_text(logs_since)};
    for_each_row(sql, logs, [&] {
      const auto found = index.find(logs.values.row.habit_id);
      if (found != index.end()) habits[found->second].logs.push_back(logs.values.row.entry());
    });
    return habits;
  });
}

bool ReminderStore::fire(const std::string& user_id, const std::string& habit_id, const std::string& day, const std::string& time,
                         const OutboxEvent& event) const {
  return database_.transaction([&](soci::session& sql) {
    auto& fire = prepared<Command<std::string, std::string, std::string, long long>>(sql, kFire);
    fire.values.params = {habit_id, day, time, event.at};
    if (write(sql, fire) != 1) return false;
    queue_events(sql, user_id, {event});
    return true;
  });
}

long long ReminderStore::purge(std::int64_t before) const {
  return database_.transaction([&](soci::session& sql) {
    auto& purge = prepared<Command<long long>>(sql, kPurge);
    purge.values.params = {before};
    return write(sql, purge);
  });
}

}  // namespace habitd::store
