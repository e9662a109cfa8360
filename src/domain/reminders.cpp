#include "domain/reminders.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "domain/local_day.hpp"

namespace habitd::domain {

std::optional<int> parse_reminder_time(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  const auto digit = [&](std::size_t i) -> int {
    const char c = text[i];
    return c >= '0' && c <= '9' ? c - '0' : -1;
  };
  const int h1 = digit(0), h2 = digit(1), m1 = digit(3), m2 = digit(4);
  if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) return std::nullopt;
  const int hours = h1 * 10 + h2, minutes = m1 * 10 + m2;
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

std::string format_reminder_time(int minutes) {
  std::array<char, 8> text{};
  std::snprintf(text.data(), text.size(), "%02d:%02d", (minutes / 60) % 24, minutes % 60);
  return {text.data(), 5};
}

std::string reminders_column(const std::vector<int>& times) {
  std::string column;
  for (const int time : times) column += (column.empty() ? "" : ",") + format_reminder_time(time);
  return column;
}

std::vector<int> reminders_from_column(std::string_view column) {
  std::vector<int> times;
  while (!column.empty()) {
    const auto comma = column.find(',');
    if (const auto time = parse_reminder_time(column.substr(0, comma))) times.push_back(*time);
    column = comma == std::string_view::npos ? std::string_view{} : column.substr(comma + 1);
  }
  return times;
}

std::chrono::sys_seconds reminder_instant(const date::time_zone& zone, Date local_day, int minutes) {
  const date::local_seconds local{std::chrono::sys_days{local_day}.time_since_epoch() + std::chrono::minutes(minutes)};
  const date::local_info info = zone.get_info(local);
  switch (info.result) {
    case date::local_info::nonexistent:
      return date::floor<std::chrono::seconds>(info.second.begin);  // the first moment after the gap
    case date::local_info::ambiguous:
    case date::local_info::unique:
    default:
      return std::chrono::sys_seconds{local.time_since_epoch() - info.first.offset};
  }
}

std::vector<DueReminder> due_reminders(const date::time_zone& zone, std::chrono::minutes day_start, std::span<const int> times,
                                       std::chrono::sys_seconds now, std::chrono::minutes lateness) {
  const auto from = now - lateness;
  // The local calendar days the window touches, and one before (a time pushed forward by a gap).
  const Date first = local_today(zone, std::chrono::minutes(0), from) - std::chrono::days(1);
  const Date last = local_today(zone, std::chrono::minutes(0), now);
  std::vector<DueReminder> due;
  for (Date day = first; day <= last; day += std::chrono::days(1)) {
    for (const int time : times) {
      const auto at = reminder_instant(zone, day, time);
      if (at > from && at <= now) due.push_back(DueReminder{time, at, local_today(zone, day_start, at)});
    }
  }
  std::sort(due.begin(), due.end(), [](const DueReminder& a, const DueReminder& b) { return a.at < b.at; });
  return due;
}

}  // namespace habitd::domain
