#pragma once
// Weekday schedules: the days of the week on which a daily habit is due, as a set of bits
// (Monday = bit 0 ... Sunday = bit 6). Weekly and monthly habits are due every day of their period.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"

namespace habitd::domain {

using Weekdays = std::uint8_t;

inline constexpr Weekdays kEveryDay = 0x7F;

// The names the API uses, Monday first: "mon" ... "sun".
[[nodiscard]] std::optional<Weekdays> weekday_bit(std::string_view name);
[[nodiscard]] std::vector<std::string_view> weekday_names(Weekdays days);

[[nodiscard]] bool is_due(Weekdays days, Date date);
// Days in [from, to) that are not due (0 when to <= from).
[[nodiscard]] long not_due_days(Weekdays days, Date from, Date to);
// Whether some day of [from, to) is due.
[[nodiscard]] bool any_due(Weekdays days, Date from, Date to);

}  // namespace habitd::domain
