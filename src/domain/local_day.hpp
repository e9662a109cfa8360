#pragma once
// The user's "today": where the pure calendar code meets the clock and the time zone database.
// Nothing here reads a clock; `now` is always a parameter.
#include <chrono>
#include <string_view>

#include <date/tz.h>

#include "domain/calendar.hpp"

namespace habitd::domain {

// The local calendar date of `now` in `zone`, with the day rolling over at `day_start` local wall
// clock time instead of midnight: a night owl with day_start 04:00 is still on the previous day at
// 01:30. day_start is subtracted from the local wall-clock time, not from the instant, so the day
// starts at 04:00 on the clock even on a daylight-saving change day (where an instant-based
// subtraction would be an hour off). Expected range 00:00..23:59.
[[nodiscard]] Date local_today(const date::time_zone& zone, std::chrono::minutes day_start,
                               std::chrono::system_clock::time_point now);

// The IANA zone named exactly `name` (case-sensitive, e.g. "Europe/Berlin"; links such as
// "US/Eastern" included), or nullptr when the name is unknown, is the host-dependent "localtime",
// or the time zone database cannot be read.
[[nodiscard]] const date::time_zone* find_zone(std::string_view name) noexcept;

}  // namespace habitd::domain
