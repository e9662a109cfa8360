#include "domain/reminders.hpp"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "dates.hpp"
#include "domain/local_day.hpp"

namespace habitd::domain {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_seconds;
using test::d;

const date::time_zone& zone(std::string_view name) {
  const date::time_zone* found = find_zone(name);
  if (found == nullptr) throw std::runtime_error("time zone missing from tzdata: " + std::string{name});
  return *found;
}

sys_seconds utc(std::string_view day, std::chrono::minutes time) { return sys_seconds{std::chrono::sys_days{d(day)} + time}; }

TEST(ReminderTime, ParsesAndFormatsHoursAndMinutes) {
  EXPECT_EQ(parse_reminder_time("00:00"), 0);
  EXPECT_EQ(parse_reminder_time("07:30"), 450);
  EXPECT_EQ(parse_reminder_time("23:59"), 1439);
  for (const char* bad : {"24:00", "7:30", "07:60", "0730", "07:3a", "", " 07:30", "07:30 ", "-1:00", "07-30"})
    EXPECT_EQ(parse_reminder_time(bad), std::nullopt) << bad;
  EXPECT_EQ(format_reminder_time(450), "07:30");
  EXPECT_EQ(format_reminder_time(0), "00:00");
  EXPECT_EQ(format_reminder_time(1439), "23:59");
}

TEST(ReminderInstant, OddOffsetZones) {
  // Kathmandu is UTC+05:45, Chatham UTC+13:45 in its summer.
  EXPECT_EQ(reminder_instant(zone("Asia/Kathmandu"), d("2026-03-01"), 8 * 60), utc("2026-03-01", 2h + 15min));
  EXPECT_EQ(reminder_instant(zone("Pacific/Chatham"), d("2026-01-10"), 9 * 60), utc("2026-01-09", 19h + 15min));
  EXPECT_EQ(reminder_instant(zone("Asia/Kolkata"), d("2026-03-01"), 0), utc("2026-02-28", 18h + 30min));
}

TEST(ReminderInstant, ATimeInsideASpringForwardGapFiresAtTheFirstMinuteAfterIt) {
  // Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC); 02:30 does not exist.
  EXPECT_EQ(reminder_instant(zone("Europe/Berlin"), d("2026-03-29"), 2 * 60 + 30), utc("2026-03-29", 1h));
  EXPECT_EQ(reminder_instant(zone("Europe/Berlin"), d("2026-03-29"), 3 * 60), utc("2026-03-29", 1h));
  EXPECT_EQ(reminder_instant(zone("Europe/Berlin"), d("2026-03-29"), 1 * 60 + 59), utc("2026-03-29", 59min));
  // Lord Howe moves by half an hour: 02:00 → 02:30 on 2026-10-04; 02:10 fires at 02:30 (15:30 UTC).
  EXPECT_EQ(reminder_instant(zone("Australia/Lord_Howe"), d("2026-10-04"), 2 * 60 + 10), utc("2026-10-03", 15h + 30min));
}

TEST(ReminderInstant, ATimeThatHappensTwiceFiresAtItsFirstOccurrence) {
  // Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:30 happens at 00:30 and 01:30 UTC.
  EXPECT_EQ(reminder_instant(zone("Europe/Berlin"), d("2026-10-25"), 2 * 60 + 30), utc("2026-10-25", 30min));
}

TEST(DueReminders, DueWithinTheLatenessWindowOnly) {
  const auto& kathmandu = zone("Asia/Kathmandu");
  const int times[] = {8 * 60};
  const auto at = utc("2026-03-01", 2h + 15min);
  EXPECT_TRUE(due_reminders(kathmandu, 0min, times, at - 1s).empty());
  ASSERT_EQ(due_reminders(kathmandu, 0min, times, at).size(), 1U);
  EXPECT_EQ(due_reminders(kathmandu, 0min, times, at + 14min + 59s).size(), 1U);  // a server down for 14 minutes
  EXPECT_TRUE(due_reminders(kathmandu, 0min, times, at + 15min).empty());         // 15 minutes late: skipped
  const auto due = due_reminders(kathmandu, 0min, times, at + 1min);
  EXPECT_EQ(due.front().at, at);
  EXPECT_EQ(due.front().time, 8 * 60);
  EXPECT_EQ(due.front().day, d("2026-03-01"));
}

TEST(DueReminders, TheDayIsTheUsersDayWithDayStartApplied) {
  // A night owl (day_start 04:00) reminded at 01:00 on the calendar's 2026-03-02 is still on 03-01.
  const int times[] = {60};
  const auto due = due_reminders(zone("UTC"), 4h, times, utc("2026-03-02", 1h));
  ASSERT_EQ(due.size(), 1U);
  EXPECT_EQ(due.front().day, d("2026-03-01"));
}

// A server checking every minute across daylight-saving changes (injected times, no clock): every
// reminder of every day falls due exactly once, within a minute of its time.
TEST(DueReminders, EachTimeOfEachDayFallsDueOnceAcrossGapsAndRepeats) {
  for (const char* name : {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"}) {
    const auto& tz = zone(name);
    const int times[] = {0, 60 + 59, 2 * 60, 2 * 60 + 15, 2 * 60 + 30, 3 * 60, 23 * 60 + 59};
    for (const char* change : {"2026-03-08", "2026-03-29", "2026-04-05", "2026-10-04", "2026-10-25", "2026-11-01"}) {
      std::map<std::pair<Date, int>, int> fired;  // (day, time) -> times seen as new
      const auto start = utc(change, 0min) - 48h;
      for (auto now = start; now <= start + 120h; now += 1min) {
        for (const auto& reminder : due_reminders(tz, 0min, times, now)) {
          const auto key = std::make_pair(reminder.day, reminder.time);
          if (fired.contains(key)) continue;  // the unique row: once only
          fired[key] = 1;
          EXPECT_LE(now - reminder.at, 1min) << name << ' ' << format_date(reminder.day) << ' ' << reminder.time;
        }
      }
      // Every full local day in the middle of the window fired each time exactly once.
      for (Date day = d(change) - std::chrono::days(1); day <= d(change) + std::chrono::days(1); day += std::chrono::days(1))
        for (const int time : times) EXPECT_TRUE(fired.contains({day, time})) << name << ' ' << format_date(day) << ' ' << time;
    }
  }
}

}  // namespace
}  // namespace habitd::domain
