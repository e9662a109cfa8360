#pragma once
// A habit's days from `from` to `to` with the log of each, and whether each is due.
#include <string>
#include <vector>

#include "domain/habit.hpp"

namespace habitd::domain {

struct DayEntry {
  Date date;
  const HabitLog* log;  // null: nothing logged that day
};

struct DayView {
  std::string habit_id;
  Date from;
  Date to;
  std::vector<HabitLog> logs;               // in date order
  Frequency frequency = Frequency::kDaily;  // with weekdays: which days are due
  Weekdays weekdays = kEveryDay;

  // One entry per day of [from, to], oldest first.
  [[nodiscard]] std::vector<DayEntry> days() const;
  [[nodiscard]] bool due(Date day) const { return frequency != Frequency::kDaily || is_due(weekdays, day); }
};

}  // namespace habitd::domain
