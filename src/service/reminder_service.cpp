#include "service/reminder_service.hpp"

#include "domain/habit_rules.hpp"
#include "domain/local_day.hpp"
#include "domain/reminders.hpp"
#include "service/webhook_events.hpp"
#include "util/clock.hpp"

namespace habitd::service {
namespace {

// Due on `day`: started, one of its weekdays (weekly and monthly habits: every day), and the
// period holding `day` not yet completed. (Archived habits are not read at all.)
bool wants_reminder(const domain::Habit& habit, std::span<const domain::LogEntry> logs, domain::Date day) {
  if (day < habit.start_date) return false;
  if (habit.frequency == domain::Frequency::kDaily && !domain::is_due(habit.weekdays, day)) return false;
  return !domain::period_progress(habit.rule(), logs, day).completed;
}

}  // namespace

int ReminderService::fire_due() const {
  const auto now = std::chrono::floor<std::chrono::seconds>(clock_.now());
  int fired = 0;
  // The longest period is a month; two more days cover every zone's today.
  const auto since = std::chrono::floor<std::chrono::days>(now) - std::chrono::days(33);
  for (const auto& candidate : store_.habits_with_reminders(since)) {
    const auto* zone = domain::find_zone(candidate.timezone);
    if (zone == nullptr) zone = domain::find_zone("UTC");
    const auto& habit = candidate.habit;
    for (const auto& due :
         domain::due_reminders(*zone, std::chrono::minutes(candidate.day_start_minutes), habit.reminders, now)) {
      if (!wants_reminder(habit, candidate.logs, due.day)) continue;
      const std::string time = domain::format_reminder_time(due.time);
      const auto events = events_.make("reminder.due", ReminderDue{habit.id, habit.name, due.day, time});
      if (store_.fire(habit.user_id, habit.id, domain::format_date(due.day), time, events.front())) ++fired;
    }
  }
  return fired;
}

}  // namespace habitd::service
