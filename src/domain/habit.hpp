#pragma once
// A habit and its logs as the service layer sees them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/habit_rules.hpp"

namespace habitd::domain {

struct Habit {
  std::string id;
  std::string user_id;
  std::string name;
  std::optional<std::string> description;
  Frequency frequency = Frequency::kDaily;
  Date start_date;
  std::optional<int> target;  // periods of the habit's frequency
  bool archived = false;
  int times_per_period = 1;
  std::optional<double> goal;  // numeric habits: amount needed per period
  std::optional<std::string> unit;
  Weekdays weekdays = kEveryDay;  // daily habits: the days it is due
  std::vector<int> reminders;     // local times, minutes after midnight, ascending
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  [[nodiscard]] HabitRule rule() const { return HabitRule{frequency, start_date, times_per_period, goal, weekdays}; }
};

struct HabitLog {
  std::string id;
  std::string habit_id;
  Date date;
  LogStatus status = LogStatus::kCompleted;
  std::optional<std::string> notes;
  std::optional<double> amount;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

[[nodiscard]] constexpr std::string_view to_string(LogStatus status) {
  return status == LogStatus::kCompleted ? "completed" : "skipped";
}
[[nodiscard]] inline std::optional<LogStatus> parse_log_status(std::string_view text) {
  if (text == "completed") return LogStatus::kCompleted;
  if (text == "skipped") return LogStatus::kSkipped;
  return std::nullopt;
}

}  // namespace habitd::domain
