#pragma once
// Calendar arithmetic on civil dates: parsing, formatting and the periods habits are counted in.
// Pure: no clock, no time zone. "Today" is always a parameter.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace habitd::domain {

using Date = std::chrono::sys_days;

enum class Frequency { kDaily, kWeekly, kMonthly };

// Strict YYYY-MM-DD that names a real calendar date (2026-02-30 is nullopt); years 0001-9999.
[[nodiscard]] std::optional<Date> parse_date(std::string_view text);
[[nodiscard]] std::string format_date(Date date);

[[nodiscard]] std::optional<Frequency> parse_frequency(std::string_view text);
[[nodiscard]] std::string_view to_string(Frequency frequency);

// First day of the period holding `date`: the day itself, the ISO week's Monday, the month's 1st.
[[nodiscard]] Date period_start(Frequency frequency, Date date);
// First day of the period after the one holding `date`.
[[nodiscard]] Date next_period_start(Frequency frequency, Date date);
// First day of the period before the one holding `date`.
[[nodiscard]] Date previous_period_start(Frequency frequency, Date date);
// Number of periods from the one holding `from` to the one holding `to`, both included (0 if to < from).
[[nodiscard]] long periods_between(Frequency frequency, Date from, Date to);

}  // namespace habitd::domain
