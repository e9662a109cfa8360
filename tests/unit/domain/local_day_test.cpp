#include "domain/local_day.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include "dates.hpp"

namespace habitd::domain {
namespace {

using namespace std::chrono_literals;
using std::chrono::system_clock;

using test::d;

// A UTC instant: d("2026-03-01") at hh:mm.
system_clock::time_point utc(std::string_view day, std::chrono::hours hour, std::chrono::minutes minute = 0min) {
  return system_clock::time_point{std::chrono::sys_days{d(day)} + hour + minute};
}

const date::time_zone& zone(std::string_view name) {
  const date::time_zone* found = find_zone(name);
  if (found == nullptr) throw std::runtime_error("time zone missing from tzdata: " + std::string{name});
  return *found;
}

// Formatted, so that a failure prints a readable date.
std::string today_in(std::string_view zone_name, system_clock::time_point now, std::chrono::minutes day_start = 0min) {
  return format_date(local_today(zone(zone_name), day_start, now));
}

// ---------------------------------------------------------------- find_zone

TEST(FindZone, FindsIanaNamesAndLinks) {
  for (const std::string_view name : {"UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati",
                                      "Pacific/Pago_Pago", "Asia/Kolkata", "America/Argentina/Buenos_Aires", "US/Eastern"}) {
    const date::time_zone* found = find_zone(name);
    ASSERT_NE(found, nullptr) << name;
    EXPECT_EQ(found->name(), name);
  }
}

TEST(FindZone, ReturnsNullForUnknownNamesInsteadOfThrowing) {
  for (const std::string_view name :
       {"", "Mars/Olympus_Mons", "Europe", "Europe/", "europe/berlin", "EUROPE/BERLIN", " Europe/Berlin", "Europe/Berlin ",
        "Europe//Berlin", "../../etc/passwd", "/etc/passwd", "/usr/share/zoneinfo/UTC", "right/UTC", "posix/UTC", "zone.tab",
        "tzdata.zi", "GMT+5", "+01:00", "localtime"}) {
    EXPECT_EQ(find_zone(name), nullptr) << '"' << name << '"';
  }
  EXPECT_EQ(find_zone(std::string_view{"UTC\0junk", 8}), nullptr);
}

// ---------------------------------------------------------------- far from UTC

TEST(LocalToday, KiritimatiIsAlreadyTomorrow) {
  // UTC+14: when UTC's 2026-03-01 is at noon, Kiritimati is two hours into 2026-03-02.
  EXPECT_EQ(today_in("UTC", utc("2026-03-01", 12h)), "2026-03-01");
  EXPECT_EQ(today_in("Pacific/Kiritimati", utc("2026-03-01", 12h)), "2026-03-02");
  EXPECT_EQ(today_in("Pacific/Kiritimati", utc("2026-03-01", 9h, 59min)), "2026-03-01");
  EXPECT_EQ(today_in("Pacific/Kiritimati", utc("2026-03-01", 10h)), "2026-03-02");
}

TEST(LocalToday, PagoPagoIsStillYesterday) {
  // UTC-11: at 05:00 UTC on 2026-03-01 it is 18:00 on 2026-02-28 in Pago Pago.
  EXPECT_EQ(today_in("UTC", utc("2026-03-01", 5h)), "2026-03-01");
  EXPECT_EQ(today_in("Pacific/Pago_Pago", utc("2026-03-01", 5h)), "2026-02-28");
  EXPECT_EQ(today_in("Pacific/Pago_Pago", utc("2026-03-01", 10h, 59min)), "2026-02-28");
  EXPECT_EQ(today_in("Pacific/Pago_Pago", utc("2026-03-01", 11h)), "2026-03-01");
}

TEST(LocalToday, FarZonesAcrossLeapDayAndYearEnd) {
  EXPECT_EQ(today_in("Pacific/Pago_Pago", utc("2024-03-01", 3h)), "2024-02-29");
  EXPECT_EQ(today_in("Pacific/Kiritimati", utc("2024-02-28", 10h)), "2024-02-29");
  EXPECT_EQ(today_in("Pacific/Kiritimati", utc("2025-12-31", 10h)), "2026-01-01");
  EXPECT_EQ(today_in("Pacific/Pago_Pago", utc("2026-01-01", 10h, 59min)), "2025-12-31");
}

TEST(LocalToday, UserChangingTimeZoneGetsAnotherToday) {
  // One instant, three zones, three different days.
  const auto now = utc("2026-03-01", 10h, 30min);
  EXPECT_EQ(today_in("Pacific/Kiritimati", now), "2026-03-02");
  EXPECT_EQ(today_in("UTC", now), "2026-03-01");
  EXPECT_EQ(today_in("Pacific/Pago_Pago", now), "2026-02-28");
  // Europe to America in the evening: Berlin has moved on, New York has not.
  const auto evening = utc("2026-06-15", 22h, 30min);
  EXPECT_EQ(today_in("Europe/Berlin", evening), "2026-06-16");
  EXPECT_EQ(today_in("America/New_York", evening), "2026-06-15");
}

// ---------------------------------------------------------------- daylight saving time

TEST(LocalToday, NewYorkSpringForward2024) {
  // 2024-03-10 02:00 EST jumps to 03:00 EDT at 07:00 UTC; the local day is 23 hours long.
  EXPECT_EQ(today_in("America/New_York", utc("2024-03-10", 4h, 59min)), "2024-03-09");  // 23:59 EST
  EXPECT_EQ(today_in("America/New_York", utc("2024-03-10", 5h)), "2024-03-10");         // 00:00 EST
  EXPECT_EQ(today_in("America/New_York", utc("2024-03-10", 6h, 59min)), "2024-03-10");  // 01:59 EST
  EXPECT_EQ(today_in("America/New_York", utc("2024-03-10", 7h)), "2024-03-10");         // 03:00 EDT
  EXPECT_EQ(today_in("America/New_York", utc("2024-03-11", 3h, 59min)), "2024-03-10");  // 23:59 EDT
  EXPECT_EQ(today_in("America/New_York", utc("2024-03-11", 4h)), "2024-03-11");         // 00:00 EDT
}

TEST(LocalToday, NewYorkFallBack2024) {
  // 2024-11-03 02:00 EDT falls back to 01:00 EST at 06:00 UTC; the local day is 25 hours long.
  EXPECT_EQ(today_in("America/New_York", utc("2024-11-03", 3h, 59min)), "2024-11-02");  // 23:59 EDT
  EXPECT_EQ(today_in("America/New_York", utc("2024-11-03", 4h)), "2024-11-03");         // 00:00 EDT
  EXPECT_EQ(today_in("America/New_York", utc("2024-11-03", 5h, 30min)), "2024-11-03");  // first 01:30 (EDT)
  EXPECT_EQ(today_in("America/New_York", utc("2024-11-03", 6h, 30min)), "2024-11-03");  // second 01:30 (EST)
  EXPECT_EQ(today_in("America/New_York", utc("2024-11-04", 4h, 59min)), "2024-11-03");  // 23:59 EST
  EXPECT_EQ(today_in("America/New_York", utc("2024-11-04", 5h)), "2024-11-04");         // 00:00 EST
}

TEST(LocalToday, BerlinSummerTime2024) {
  // 2024-03-31 02:00 CET jumps to 03:00 CEST at 01:00 UTC.
  EXPECT_EQ(today_in("Europe/Berlin", utc("2024-03-30", 22h, 59min)), "2024-03-30");  // 23:59 CET
  EXPECT_EQ(today_in("Europe/Berlin", utc("2024-03-30", 23h)), "2024-03-31");         // 00:00 CET
  EXPECT_EQ(today_in("Europe/Berlin", utc("2024-03-31", 21h, 59min)), "2024-03-31");  // 23:59 CEST
  EXPECT_EQ(today_in("Europe/Berlin", utc("2024-03-31", 22h)), "2024-04-01");         // 00:00 CEST
  // 2024-10-27 03:00 CEST falls back to 02:00 CET at 01:00 UTC.
  EXPECT_EQ(today_in("Europe/Berlin", utc("2024-10-26", 21h, 59min)), "2024-10-26");  // 23:59 CEST
  EXPECT_EQ(today_in("Europe/Berlin", utc("2024-10-26", 22h)), "2024-10-27");         // 00:00 CEST
  EXPECT_EQ(today_in("Europe/Berlin", utc("2024-10-27", 22h, 59min)), "2024-10-27");  // 23:59 CET
  EXPECT_EQ(today_in("Europe/Berlin", utc("2024-10-27", 23h)), "2024-10-28");         // 00:00 CET
}

// ---------------------------------------------------------------- day start

TEST(LocalToday, NightOwlAtHalfPastOneIsStillOnThePreviousDay) {
  EXPECT_EQ(today_in("UTC", utc("2026-05-10", 1h, 30min), 4h), "2026-05-09");
  EXPECT_EQ(today_in("UTC", utc("2026-05-10", 1h, 30min)), "2026-05-10");  // default day start 00:00
  EXPECT_EQ(today_in("UTC", utc("2026-05-10", 3h, 59min), 4h), "2026-05-09");
  EXPECT_EQ(today_in("UTC", utc("2026-05-10", 4h), 4h), "2026-05-10");
  EXPECT_EQ(today_in("UTC", utc("2026-05-10", 23h, 59min), 4h), "2026-05-10");
}

TEST(LocalToday, DayStartAppliesToLocalTimeNotUtc) {
  // 01:30 in Berlin on New Year's Day is 00:30 UTC: the night owl is still in the old year.
  EXPECT_EQ(today_in("Europe/Berlin", utc("2025-01-01", 0h, 30min), 4h), "2024-12-31");
  EXPECT_EQ(today_in("Europe/Berlin", utc("2024-03-01", 0h, 30min), 4h), "2024-02-29");
  // 01:30 in Kiritimati on 2026-03-02 is 11:30 UTC on 2026-03-01.
  EXPECT_EQ(today_in("Pacific/Kiritimati", utc("2026-03-01", 11h, 30min), 4h), "2026-03-01");
  EXPECT_EQ(today_in("Pacific/Kiritimati", utc("2026-03-01", 14h), 4h), "2026-03-02");
}

TEST(LocalToday, DayStartFollowsTheWallClockOnDstChangeDays) {
  // New York, 2024-03-10: 04:00 EDT is 08:00 UTC. The day starts at 04:00 on the clock, not one
  // hour later as subtracting four hours from the instant would make it.
  EXPECT_EQ(today_in("America/New_York", utc("2024-03-10", 7h, 59min), 4h), "2024-03-09");  // 03:59 EDT
  EXPECT_EQ(today_in("America/New_York", utc("2024-03-10", 8h), 4h), "2024-03-10");         // 04:00 EDT
  // New York, 2024-11-03: both 01:30s belong to the previous day with day start 02:00.
  EXPECT_EQ(today_in("America/New_York", utc("2024-11-03", 5h, 30min), 2h), "2024-11-02");
  EXPECT_EQ(today_in("America/New_York", utc("2024-11-03", 6h, 30min), 2h), "2024-11-02");
  EXPECT_EQ(today_in("America/New_York", utc("2024-11-03", 8h, 59min), 4h), "2024-11-02");  // 03:59 EST
  EXPECT_EQ(today_in("America/New_York", utc("2024-11-03", 9h), 4h), "2024-11-03");         // 04:00 EST
  // Berlin, 2024-03-31: 04:00 CEST is 02:00 UTC.
  EXPECT_EQ(today_in("Europe/Berlin", utc("2024-03-31", 1h, 59min), 4h), "2024-03-30");
  EXPECT_EQ(today_in("Europe/Berlin", utc("2024-03-31", 2h), 4h), "2024-03-31");
}

TEST(LocalToday, LatestDayStart) {
  EXPECT_EQ(today_in("UTC", utc("2026-05-10", 23h, 58min), 23h + 59min), "2026-05-09");
  EXPECT_EQ(today_in("UTC", utc("2026-05-10", 23h, 59min), 23h + 59min), "2026-05-10");
}

TEST(LocalToday, LastNanosecondBeforeTheDayStartIsStillYesterday) {
  const auto now = utc("2026-05-10", 4h) - 1ns;
  EXPECT_EQ(format_date(local_today(zone("UTC"), 4h, now)), "2026-05-09");
  EXPECT_EQ(format_date(local_today(zone("UTC"), 4h, now + 1ns)), "2026-05-10");
}

TEST(LocalToday, RoundsDownBeforeTheEpoch) {
  // Before 1970 the duration since the epoch is negative: truncating would give the wrong day.
  EXPECT_EQ(today_in("UTC", utc("1969-12-31", 23h, 59min)), "1969-12-31");
  EXPECT_EQ(today_in("UTC", utc("1970-01-01", 1h), 4h), "1969-12-31");
  EXPECT_EQ(today_in("Pacific/Pago_Pago", utc("1970-01-01", 5h)), "1969-12-31");
}

}  // namespace
}  // namespace habitd::domain
