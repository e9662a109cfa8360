#pragma once
// Reminder times of a habit ("HH:MM" in the user's zone) and when they fall due. Pure functions of
// the zone, the times and `now`.
//
// Daylight saving: a local time that does not exist on a day (inside a spring-forward gap) falls
// due at the first minute after the gap (02:30 in a 02:00→03:00 gap fires at 03:00). A local time
// that happens twice (in a fall-back repeat) falls due once, at its first occurrence.
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "domain/calendar.hpp"

namespace habitd::domain {

inline constexpr int kMaxReminders = 5;
// A server that was down at a reminder's time still fires it when it is less than this late.
inline constexpr std::chrono::minutes kReminderLateness{15};

// Minutes after local midnight of "HH:MM" (00:00..23:59), or nullopt.
[[nodiscard]] std::optional<int> parse_reminder_time(std::string_view text);
[[nodiscard]] std::string format_reminder_time(int minutes);
// A habit's reminders as stored: "08:00,20:30" ('' for none); unreadable parts are dropped.
[[nodiscard]] std::string reminders_column(const std::vector<int>& times);
[[nodiscard]] std::vector<int> reminders_from_column(std::string_view column);

// The instant at which the wall clock of `zone` shows `minutes` after midnight on `local_day`,
// with the daylight-saving rules above.
[[nodiscard]] std::chrono::sys_seconds reminder_instant(const date::time_zone& zone, Date local_day, int minutes);

struct DueReminder {
  int time = 0;                 // minutes after local midnight
  std::chrono::sys_seconds at;  // when it fell due
  Date day;                     // the user's day at that moment (day_start applied)
};

// The reminders among `times` that fell due in (now - lateness, now], oldest first. Each (time,
// calendar day) appears once.
[[nodiscard]] std::vector<DueReminder> due_reminders(const date::time_zone& zone, std::chrono::minutes day_start,
                                                     std::span<const int> times, std::chrono::sys_seconds now,
                                                     std::chrono::minutes lateness = kReminderLateness);

}  // namespace habitd::domain
