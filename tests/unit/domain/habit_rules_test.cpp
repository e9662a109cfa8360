#include "domain/habit_rules.hpp"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "dates.hpp"

namespace habitd::domain {
namespace {

using std::chrono::days;

using test::d;

LogEntry done(std::string_view day, std::optional<double> amount = std::nullopt) {
  return LogEntry{d(day), LogStatus::kCompleted, amount};
}
LogEntry skip(std::string_view day) { return LogEntry{d(day), LogStatus::kSkipped, std::nullopt}; }

HabitRule rule(Frequency frequency, std::string_view start, int times = 1, std::optional<double> goal = std::nullopt) {
  return HabitRule{frequency, d(start), times, goal};
}
HabitRule daily(std::string_view start) { return rule(Frequency::kDaily, start); }
HabitRule weekly(std::string_view start, int times = 1) { return rule(Frequency::kWeekly, start, times); }
HabitRule monthly(std::string_view start, int times = 1) { return rule(Frequency::kMonthly, start, times); }

// One completed log on every day of [from, to].
std::vector<LogEntry> every_day(std::string_view from, std::string_view to) {
  std::vector<LogEntry> logs;
  for (Date day = d(from); day <= d(to); day += days{1}) logs.push_back(LogEntry{day});
  return logs;
}

StreakSummary run(const HabitRule& habit, const std::vector<LogEntry>& logs, std::string_view today) {
  return summarize(habit, logs, d(today));
}

void expect_streak(const StreakSummary& s, int current, std::optional<std::string_view> start, int longest) {
  EXPECT_EQ(s.current_streak, current);
  EXPECT_EQ(s.current_streak_start, start ? std::optional{d(*start)} : std::nullopt);
  EXPECT_EQ(s.longest_streak, longest);
}

void expect_rate(const StreakSummary& s, long completed, long elapsed) {
  EXPECT_EQ(s.completed_periods, completed);
  EXPECT_EQ(s.elapsed_periods, elapsed);
}

// ================================================================ daily

TEST(DailyStreak, NoLogsIsAllZero) {
  const auto s = run(daily("2026-03-01"), {}, "2026-03-10");
  expect_streak(s, 0, std::nullopt, 0);
  EXPECT_EQ(s.total_completions, 0);
  EXPECT_EQ(s.last_completed_on, std::nullopt);
  expect_rate(s, 0, 9);  // 9 days are over; today is still open
}

TEST(DailyStreak, CompletedTodayCountsToday) {
  const auto s = run(daily("2026-03-01"), every_day("2026-03-08", "2026-03-10"), "2026-03-10");
  expect_streak(s, 3, "2026-03-08", 3);
  EXPECT_EQ(s.total_completions, 3);
  EXPECT_EQ(s.last_completed_on, d("2026-03-10"));
  expect_rate(s, 3, 10);
}

TEST(DailyStreak, OpenTodayDoesNotBreakTheStreak) {
  const auto s = run(daily("2026-03-01"), every_day("2026-03-08", "2026-03-09"), "2026-03-10");
  expect_streak(s, 2, "2026-03-08", 2);
  expect_rate(s, 2, 9);
}

TEST(DailyStreak, MissingYesterdayEndsIt) {
  const auto s = run(daily("2026-03-01"), every_day("2026-03-07", "2026-03-08"), "2026-03-10");
  expect_streak(s, 0, std::nullopt, 2);
  EXPECT_EQ(s.last_completed_on, d("2026-03-08"));
}

TEST(DailyStreak, SkippedTodayIsPassedOver) {
  const auto s = run(daily("2026-03-01"), {done("2026-03-08"), done("2026-03-09"), skip("2026-03-10")}, "2026-03-10");
  expect_streak(s, 2, "2026-03-08", 2);
  expect_rate(s, 2, 9);  // the skipped current day is simply not counted
}

TEST(DailyStreak, SkippedYesterdayBridgesToToday) {
  const auto s = run(daily("2026-03-01"), {done("2026-03-08"), skip("2026-03-09"), done("2026-03-10")}, "2026-03-10");
  expect_streak(s, 2, "2026-03-08", 2);
  expect_rate(s, 2, 9);  // 10 days, the skipped one excluded
}

TEST(DailyStreak, SkippedYesterdayBridgesWhileTodayIsOpen) {
  const auto s = run(daily("2026-03-01"), {done("2026-03-07"), done("2026-03-08"), skip("2026-03-09")}, "2026-03-10");
  expect_streak(s, 2, "2026-03-07", 2);
}

TEST(DailyStreak, SkippedDaysInsideARunAddNothing) {
  const std::vector logs{done("2026-03-05"), skip("2026-03-06"), skip("2026-03-07"), done("2026-03-08"), done("2026-03-09")};
  const auto s = run(daily("2026-03-01"), logs, "2026-03-10");
  expect_streak(s, 3, "2026-03-05", 3);
  EXPECT_EQ(s.total_completions, 3);
  expect_rate(s, 3, 7);  // 9 days over, 2 of them skipped
}

TEST(DailyStreak, OnlySkipsMakeNoStreak) {
  const auto s = run(daily("2026-03-01"), {skip("2026-03-08"), skip("2026-03-09"), skip("2026-03-10")}, "2026-03-10");
  expect_streak(s, 0, std::nullopt, 0);
  EXPECT_EQ(s.total_completions, 0);
  EXPECT_EQ(s.last_completed_on, std::nullopt);
  expect_rate(s, 0, 7);
}

TEST(DailyStreak, SkipBeforeTheFirstCompletedDayIsNotTheStart) {
  const auto s = run(daily("2026-03-01"), {skip("2026-03-06"), done("2026-03-07"), done("2026-03-08")}, "2026-03-08");
  expect_streak(s, 2, "2026-03-07", 2);
}

TEST(DailyStreak, EmptyDayBeforeASkipEndsTheWalk) {
  const std::vector logs{done("2026-03-04"), skip("2026-03-06"), done("2026-03-07")};
  expect_streak(run(daily("2026-03-01"), logs, "2026-03-07"), 1, "2026-03-07", 1);
}

TEST(DailyStreak, LongestRunCanLieInThePast) {
  auto logs = every_day("2026-03-01", "2026-03-05");
  logs.push_back(done("2026-03-08"));
  logs.push_back(done("2026-03-09"));
  expect_streak(run(daily("2026-03-01"), logs, "2026-03-10"), 2, "2026-03-08", 5);
}

TEST(DailyStreak, LongestRunCountsOnlyCompletedDays) {
  const std::vector logs{done("2026-03-01"), skip("2026-03-02"), done("2026-03-03"), skip("2026-03-04"), done("2026-03-05")};
  expect_streak(run(daily("2026-03-01"), logs, "2026-03-10"), 0, std::nullopt, 3);
}

// A change of time zone or day_start moves today back behind logs already made: they all count.
TEST(DailyStreak, LogsAfterTodayCountEverywhereButTheCurrentStreak) {
  const std::vector logs{done("2026-03-09"), done("2026-03-11"), done("2026-03-12"), skip("2026-03-13")};
  const auto s = run(daily("2026-03-01"), logs, "2026-03-10");
  expect_streak(s, 1, "2026-03-09", 2);  // today is open, so the walk back starts at the 9th
  EXPECT_EQ(s.total_completions, 3);
  EXPECT_EQ(s.last_completed_on, d("2026-03-12"));
  expect_rate(s, 3, 11);  // the 1st..9th are over, the 11th and 12th completed
}

TEST(DailyStreak, LogsAfterTodayNeverExtendTheCurrentStreak) {
  // Completed today, tomorrow and the day after: the run is 3 long, but only today's part is current.
  const auto s = run(daily("2026-03-01"), every_day("2026-03-10", "2026-03-12"), "2026-03-10");
  expect_streak(s, 1, "2026-03-10", 3);
  EXPECT_EQ(s.total_completions, 3);
}

TEST(DailyStreak, OpenTodayDoesNotJoinRunsAroundIt) {
  // longest_streak depends on the logs alone: the empty 10th separates the 9th from the 11th.
  const std::vector logs{done("2026-03-09"), done("2026-03-11")};
  expect_streak(run(daily("2026-03-01"), logs, "2026-03-10"), 1, "2026-03-09", 1);
  expect_streak(run(daily("2026-03-01"), logs, "2026-03-11"), 1, "2026-03-11", 1);
  expect_streak(run(daily("2026-03-01"), logs, "2026-03-12"), 1, "2026-03-11", 1);
}

TEST(DailyStreak, LongestStreakDoesNotDependOnToday) {
  const std::vector logs{done("2026-03-04"), skip("2026-03-05"), done("2026-03-06"), done("2026-03-07"), done("2026-03-09")};
  for (const char* today : {"2026-02-01", "2026-03-01", "2026-03-05", "2026-03-08", "2026-03-09", "2027-01-01"})
    EXPECT_EQ(run(daily("2026-03-01"), logs, today).longest_streak, 3) << today;
}

TEST(DailyStreak, LogsBeforeStartDateStillCount) {
  // No write lets a log precede start_date; were one there, it would count like any other.
  const auto s = run(daily("2026-03-05"), every_day("2026-03-01", "2026-03-05"), "2026-03-05");
  expect_streak(s, 5, "2026-03-01", 5);
  EXPECT_EQ(s.total_completions, 5);
  expect_rate(s, 5, 5);
}

TEST(DailyStreak, TodayBeforeStartDateWithoutLogsIsAllZero) {
  const auto s = run(daily("2026-03-10"), {}, "2026-03-05");
  expect_streak(s, 0, std::nullopt, 0);
  EXPECT_EQ(s.total_completions, 0);
  EXPECT_EQ(s.last_completed_on, std::nullopt);
  expect_rate(s, 0, 0);
}

TEST(DailyStreak, TodayBeforeStartDateStillCountsEveryLog) {
  // A habit starting on the 10th, logged on the 10th and 11th, read by a user whose today is the 5th.
  const auto s = run(daily("2026-03-10"), every_day("2026-03-10", "2026-03-11"), "2026-03-05");
  expect_streak(s, 0, std::nullopt, 2);
  EXPECT_EQ(s.total_completions, 2);
  EXPECT_EQ(s.last_completed_on, d("2026-03-11"));
  expect_rate(s, 2, 2);
}

TEST(DailyStreak, StartingTodayWithoutALogHasNothingElapsed) {
  expect_rate(run(daily("2026-03-10"), {}, "2026-03-10"), 0, 0);
  expect_rate(run(daily("2026-03-10"), {done("2026-03-10")}, "2026-03-10"), 1, 1);
}

TEST(DailyStreak, RunsAcrossTheYearEnd) {
  const auto s = run(daily("2023-12-01"), every_day("2023-12-30", "2024-01-02"), "2024-01-02");
  expect_streak(s, 4, "2023-12-30", 4);
}

TEST(DailyStreak, RunsAcrossLeapDays) {
  expect_streak(run(daily("2024-02-01"), every_day("2024-02-28", "2024-03-01"), "2024-03-01"), 3, "2024-02-28", 3);
  expect_streak(run(daily("2023-02-01"), {done("2023-02-28"), done("2023-03-01")}, "2023-03-01"), 2, "2023-02-28", 2);
  expect_streak(run(daily("1900-02-01"), {done("1900-02-28"), done("1900-03-01")}, "1900-03-01"), 2, "1900-02-28", 2);
  // 2000 is a leap year: 02-28 and 03-01 are not neighbours.
  expect_streak(run(daily("2000-02-01"), {done("2000-02-28"), done("2000-03-01")}, "2000-03-01"), 1, "2000-03-01", 1);
  expect_streak(run(daily("2024-02-01"), {done("2024-02-28"), done("2024-03-01")}, "2024-03-01"), 1, "2024-03-01", 1);
}

TEST(DailyStreak, TenYearsOfDailyLogs) {
  const auto s = run(daily("2016-01-01"), every_day("2016-01-01", "2025-12-31"), "2025-12-31");
  expect_streak(s, 3653, "2016-01-01", 3653);  // 2016, 2020 and 2024 are leap years
  EXPECT_EQ(s.total_completions, 3653);
  expect_rate(s, 3653, 3653);
}

// Ten years folded into a digest at the start of the last month: the month's logs finish the figures.
TEST(HistoryDigest, TenYearsFromADigestAndTheLastMonth) {
  const auto logs = every_day("2016-01-01", "2025-12-31");
  const auto split = logs.end() - 31;  // from 2025-12-01
  const HistoryDigest digest = digest_history(daily("2016-01-01"), std::span(logs.begin(), split), d("2025-12-01"));
  EXPECT_EQ(digest.total_completions, 3653 - 31);
  EXPECT_EQ(digest.runs.run, 3653 - 31);
  const auto s = summarize(daily("2016-01-01"), digest, std::span(split, logs.end()), d("2025-12-31"));
  expect_streak(s, 3653, "2016-01-01", 3653);
  EXPECT_EQ(s.total_completions, 3653);
  expect_rate(s, 3653, 3653);
  EXPECT_EQ(s.last_completed_on, d("2025-12-31"));
}

// A digest ignores start_date: a start moved later keeps every earlier log counted, as summarize does.
TEST(HistoryDigest, StartDateIsReadAtSummaryTime) {
  const std::vector<LogEntry> logs{done("2025-01-01"), done("2025-01-02"), done("2025-03-01")};
  const HistoryDigest digest = digest_history(daily("2025-01-01"), std::span(logs.begin(), 2), d("2025-02-01"));
  for (const char* start : {"2025-01-01", "2025-02-15"}) {
    const auto from_digest = summarize(daily(start), digest, std::span(logs.begin() + 2, logs.end()), d("2025-03-01"));
    const auto whole = run(daily(start), logs, "2025-03-01");
    EXPECT_EQ(from_digest.elapsed_periods, whole.elapsed_periods) << start;
    EXPECT_EQ(from_digest.current_streak, whole.current_streak) << start;
    EXPECT_EQ(from_digest.total_completions, 3) << start;
  }
}

TEST(DailyStreak, EightThousandYearGapCostsNothing) {
  const auto s = run(daily("0001-01-01"), {done("0001-01-01"), done("9999-12-31")}, "9999-12-31");
  expect_streak(s, 1, "9999-12-31", 1);
  EXPECT_EQ(s.total_completions, 2);
  expect_rate(s, 2, 3652059);
}

TEST(DailyStreak, TimesPerPeriodBelowOneActsAsOne) {
  expect_streak(run(rule(Frequency::kDaily, "2026-03-01", 0), {done("2026-03-01")}, "2026-03-01"), 1, "2026-03-01", 1);
  expect_streak(run(rule(Frequency::kDaily, "2026-03-01", -3), {done("2026-03-01")}, "2026-03-01"), 1, "2026-03-01", 1);
  expect_rate(run(rule(Frequency::kDaily, "2026-03-01", 0), {}, "2026-03-03"), 0, 2);
}

// ================================================================ weekly (ISO weeks)

TEST(WeeklyStreak, Week53Of2020HoldsBothSidesOfNewYear) {
  // Thursday 2020-12-31 and Sunday 2021-01-03 are both in 2020-W53, so together they make it.
  const auto s = run(weekly("2020-12-01", 2), {done("2020-12-31"), done("2021-01-03")}, "2021-01-06");
  expect_streak(s, 1, "2020-12-28", 1);
  expect_rate(s, 1, 5);  // weeks of 11-30, 12-07, 12-14, 12-21, 12-28 are over; 2021-W01 is open
}

TEST(WeeklyStreak, Week53Of2026) {
  const std::vector logs{done("2026-12-21"), done("2027-01-03"), done("2027-01-04")};
  expect_streak(run(weekly("2026-12-01"), logs, "2027-01-04"), 3, "2026-12-21", 3);
  expect_streak(run(weekly("2026-12-01", 2), {done("2026-12-28"), done("2027-01-02")}, "2027-01-03"), 1, "2026-12-28", 1);
}

TEST(WeeklyStreak, SundayAndTheNextMondayAreConsecutiveWeeks) {
  expect_streak(run(weekly("2026-06-01"), {done("2026-06-07"), done("2026-06-08")}, "2026-06-08"), 2, "2026-06-01", 2);
}

TEST(WeeklyStreak, OpenCurrentWeekDoesNotBreakTheStreak) {
  const auto s = run(weekly("2026-06-01"), {done("2026-06-03"), done("2026-06-10")}, "2026-06-17");
  expect_streak(s, 2, "2026-06-01", 2);
  expect_rate(s, 2, 2);
}

TEST(WeeklyStreak, OpenCurrentWeekStillOpenOnSunday) {
  expect_streak(run(weekly("2026-06-01"), {done("2026-06-03"), done("2026-06-10")}, "2026-06-21"), 2, "2026-06-01", 2);
  expect_streak(run(weekly("2026-06-01"), {done("2026-06-03"), done("2026-06-10")}, "2026-06-22"), 0, std::nullopt, 2);
}

TEST(WeeklyStreak, CompletedCurrentWeekCounts) {
  const auto s = run(weekly("2026-06-01"), {done("2026-06-03"), done("2026-06-10"), done("2026-06-15")}, "2026-06-17");
  expect_streak(s, 3, "2026-06-01", 3);
  expect_rate(s, 3, 3);
}

TEST(WeeklyStreak, MissedWeekEndsIt) {
  expect_streak(run(weekly("2026-06-01"), {done("2026-06-03"), done("2026-06-17")}, "2026-06-17"), 1, "2026-06-15", 1);
}

TEST(WeeklyStreak, PartlyDoneCurrentWeekLeavesTheStreakFromLastWeek) {
  auto logs = every_day("2026-06-01", "2026-06-03");
  for (const auto& log : every_day("2026-06-08", "2026-06-10")) logs.push_back(log);
  logs.push_back(done("2026-06-15"));
  const auto s = run(weekly("2026-06-01", 3), logs, "2026-06-17");
  expect_streak(s, 2, "2026-06-01", 2);
  EXPECT_EQ(s.total_completions, 7);
  expect_rate(s, 2, 2);  // the partly done current week is not elapsed yet
}

TEST(WeeklyStreak, PartlyDonePastWeekBreaksTheRun) {
  auto logs = every_day("2026-06-01", "2026-06-03");
  logs.push_back(done("2026-06-08"));
  logs.push_back(done("2026-06-09"));
  const auto s = run(weekly("2026-06-01", 3), logs, "2026-06-17");
  expect_streak(s, 0, std::nullopt, 1);
  expect_rate(s, 1, 2);
}

TEST(WeeklyStreak, SkippedCurrentWeekIsPassedOver) {
  const std::vector logs{done("2026-06-03"), done("2026-06-10"), skip("2026-06-15")};
  const auto s = run(weekly("2026-06-01"), logs, "2026-06-17");
  expect_streak(s, 2, "2026-06-01", 2);
  expect_rate(s, 2, 2);
}

TEST(WeeklyStreak, SkippedWeekInsideARun) {
  const std::vector logs{done("2026-06-03"), skip("2026-06-08"), skip("2026-06-09"), done("2026-06-16")};
  const auto s = run(weekly("2026-06-01"), logs, "2026-06-17");
  expect_streak(s, 2, "2026-06-01", 2);
  expect_rate(s, 2, 2);  // 3 weeks: one over, one skipped, the current one completed
}

TEST(WeeklyStreak, PartlyDoneWeekWithASkipIsSkipped) {
  auto logs = every_day("2026-06-01", "2026-06-03");
  logs.push_back(done("2026-06-08"));
  logs.push_back(done("2026-06-09"));
  logs.push_back(skip("2026-06-10"));
  for (const auto& log : every_day("2026-06-15", "2026-06-17")) logs.push_back(log);
  const auto s = run(weekly("2026-06-01", 3), logs, "2026-06-17");
  expect_streak(s, 2, "2026-06-01", 2);
  expect_rate(s, 2, 2);
}

TEST(WeeklyStreak, ExactlyTimesPerPeriodCompletesAndOneLessDoesNot) {
  const auto seven = every_day("2026-06-01", "2026-06-07");
  expect_streak(run(weekly("2026-06-01", 7), seven, "2026-06-07"), 1, "2026-06-01", 1);
  const std::vector six(seven.begin(), seven.end() - 1);
  expect_streak(run(weekly("2026-06-01", 7), six, "2026-06-07"), 0, std::nullopt, 0);
}

TEST(WeeklyStreak, StartInTheMiddleOfAWeek) {
  // Start on a Thursday: that week is the first period, and the streak starts on its Monday.
  const auto s = run(weekly("2026-06-04"), {done("2026-06-05")}, "2026-06-05");
  expect_streak(s, 1, "2026-06-01", 1);
  expect_rate(s, 1, 1);
  expect_rate(run(weekly("2026-06-04"), {}, "2026-06-08"), 0, 1);
}

TEST(WeeklyStreak, TheCurrentWeekIsTheWholeWeek) {
  // Today is Thursday; Friday's log (made before a change of time zone) completes this week.
  const auto s = run(weekly("2026-06-01", 2), {done("2026-06-10"), done("2026-06-12")}, "2026-06-11");
  expect_streak(s, 1, "2026-06-08", 1);
  EXPECT_EQ(s.total_completions, 2);
  EXPECT_EQ(s.last_completed_on, d("2026-06-12"));
  expect_rate(s, 1, 2);  // the week of the 1st is over, the current one completed
}

TEST(WeeklyStreak, NextWeekCountsForLongestNotCurrent) {
  const std::vector logs{done("2026-06-03"), done("2026-06-10"), done("2026-06-15")};
  const auto s = run(weekly("2026-06-01"), logs, "2026-06-14");  // Sunday; the 15th is next week
  expect_streak(s, 2, "2026-06-01", 3);
  expect_rate(s, 3, 3);
}

TEST(WeeklyStreak, StartDateNextWeek) {
  const auto s = run(weekly("2026-06-08"), {done("2026-06-08")}, "2026-06-05");
  expect_streak(s, 0, std::nullopt, 1);
  expect_rate(s, 1, 1);
  expect_rate(run(weekly("2026-06-08"), {}, "2026-06-05"), 0, 0);
}

// ================================================================ monthly

TEST(MonthlyStreak, MonthsOf28To31Days) {
  // The last day of every month of leap year 2024 (29, 30 and 31-day months) makes 12 in a row.
  std::vector<LogEntry> logs;
  for (const char* day : {"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31",
                          "2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31"}) {
    logs.push_back(done(day));
  }
  const auto s = run(monthly("2024-01-01"), logs, "2024-12-31");
  expect_streak(s, 12, "2024-01-01", 12);
  expect_rate(s, 12, 12);
  expect_streak(run(monthly("2023-01-01"), {done("2023-01-31"), done("2023-02-28"), done("2023-03-01")}, "2023-03-05"), 3,
                "2023-01-01", 3);
}

TEST(MonthlyStreak, MonthEndAndNextMonthStartAreDifferentPeriods) {
  const auto s = run(monthly("2024-01-01", 2), {done("2024-01-31"), done("2024-02-01")}, "2024-02-10");
  expect_streak(s, 0, std::nullopt, 0);
  expect_rate(s, 0, 1);
}

TEST(MonthlyStreak, OpenCurrentMonthDoesNotBreakTheStreak) {
  const auto s = run(monthly("2026-01-15"), {done("2026-01-20"), done("2026-02-10")}, "2026-03-05");
  expect_streak(s, 2, "2026-01-01", 2);
  expect_rate(s, 2, 2);
  expect_streak(run(monthly("2026-01-15"), {done("2026-01-20"), done("2026-02-10")}, "2026-04-01"), 0, std::nullopt, 2);
}

TEST(MonthlyStreak, RunsAcrossTheYearEnd) {
  expect_streak(run(monthly("2025-11-01"), {done("2025-12-31"), done("2026-01-01")}, "2026-01-01"), 2, "2025-12-01", 2);
}

TEST(MonthlyStreak, SkippedMonthIsPassedOver) {
  const std::vector logs{done("2026-01-05"), skip("2026-02-10"), done("2026-03-07")};
  const auto s = run(monthly("2026-01-01"), logs, "2026-04-10");
  expect_streak(s, 2, "2026-01-01", 2);
  expect_rate(s, 2, 2);  // Jan..Mar over, Feb skipped, April open
}

TEST(MonthlyStreak, TwentyEightTimesInFebruary) {
  expect_streak(run(monthly("2026-02-01", 28), every_day("2026-02-01", "2026-02-28"), "2026-02-28"), 1, "2026-02-01", 1);
  expect_streak(run(monthly("2024-02-01", 28), every_day("2024-02-02", "2024-02-29"), "2024-03-01"), 1, "2024-02-01", 1);
  expect_streak(run(monthly("2024-02-01", 28), every_day("2024-02-03", "2024-02-29"), "2024-03-01"), 0, std::nullopt, 0);
}

TEST(MonthlyStreak, PartlyDoneMonthWithASkipIsSkipped) {
  auto logs = every_day("2025-12-04", "2025-12-31");
  for (const auto& log : every_day("2026-01-01", "2026-01-28")) logs.push_back(log);
  for (const auto& log : every_day("2026-02-01", "2026-02-27")) logs.push_back(log);
  logs.push_back(skip("2026-02-28"));
  const auto s = run(monthly("2025-12-01", 28), logs, "2026-03-01");
  expect_streak(s, 2, "2025-12-01", 2);
  expect_rate(s, 2, 2);  // December and January completed, February skipped, March open
  EXPECT_EQ(s.total_completions, 83);
}

TEST(MonthlyStreak, PartlyDoneCurrentMonthLeavesLastMonthsStreak) {
  auto logs = every_day("2026-01-01", "2026-01-28");
  for (const auto& log : every_day("2026-02-01", "2026-02-10")) logs.push_back(log);
  const auto s = run(monthly("2026-01-01", 28), logs, "2026-02-10");
  expect_streak(s, 1, "2026-01-01", 1);
  expect_rate(s, 1, 1);
}

// ================================================================ numeric goals

HabitRule numeric(Frequency frequency, std::string_view start, double goal, int times = 1) {
  return rule(frequency, start, times, goal);
}

TEST(NumericGoal, ReachedByOneLog) {
  expect_streak(run(numeric(Frequency::kDaily, "2026-03-01", 5), {done("2026-03-01", 5.0)}, "2026-03-01"), 1, "2026-03-01", 1);
  expect_streak(run(numeric(Frequency::kDaily, "2026-03-01", 5), {done("2026-03-01", 4.99)}, "2026-03-01"), 0, std::nullopt, 0);
}

TEST(NumericGoal, SummedAcrossTheLogsOfAPeriod) {
  const auto goal = numeric(Frequency::kWeekly, "2026-06-01", 10);
  expect_streak(run(goal, {done("2026-06-01", 3), done("2026-06-03", 3), done("2026-06-07", 4)}, "2026-06-07"), 1, "2026-06-01",
                1);
  expect_streak(run(goal, {done("2026-06-01", 3), done("2026-06-03", 3), done("2026-06-07", 3.5)}, "2026-06-07"), 0, std::nullopt,
                0);
  // The sum does not carry over into the next week.
  expect_streak(run(goal, {done("2026-06-07", 6), done("2026-06-08", 6)}, "2026-06-09"), 0, std::nullopt, 0);
}

TEST(NumericGoal, SummedAcrossAMonth) {
  std::vector<LogEntry> logs;
  for (Date day = d("2024-02-01"); day <= d("2024-02-29"); day += days{1}) logs.push_back(LogEntry{day, {}, 3.5});
  const auto s = run(numeric(Frequency::kMonthly, "2024-02-01", 101.5), logs, "2024-03-02");  // 29 x 3.5
  expect_streak(s, 1, "2024-02-01", 1);
  expect_rate(s, 1, 1);
  expect_streak(run(numeric(Frequency::kMonthly, "2024-02-01", 101.6), logs, "2024-03-02"), 0, std::nullopt, 0);
}

TEST(NumericGoal, ToleratesBinaryRounding) {
  ASSERT_LT(0.7 + 0.1, 0.8);  // why the tolerance exists
  const auto goal = numeric(Frequency::kWeekly, "2026-06-01", 0.8);
  expect_streak(run(goal, {done("2026-06-01", 0.7), done("2026-06-02", 0.1)}, "2026-06-02"), 1, "2026-06-01", 1);
  expect_streak(run(goal, {done("2026-06-01", 0.7), done("2026-06-02", 0.09)}, "2026-06-02"), 0, std::nullopt, 0);
}

TEST(NumericGoal, SkippedLogsAmountsDoNotCount) {
  const std::vector logs{done("2026-06-01", 6), LogEntry{d("2026-06-02"), LogStatus::kSkipped, 5.0}};
  const auto s = run(numeric(Frequency::kWeekly, "2026-06-01", 10), logs, "2026-06-10");
  expect_streak(s, 0, std::nullopt, 0);
  expect_rate(s, 0, 0);  // the week is skipped, not failed
}

TEST(NumericGoal, MissingOrZeroAmountCountsAsACompletionButAddsNothing) {
  const auto s = run(numeric(Frequency::kDaily, "2026-03-01", 1), {done("2026-03-01"), done("2026-03-02", 0.0)}, "2026-03-02");
  expect_streak(s, 0, std::nullopt, 0);
  EXPECT_EQ(s.total_completions, 2);
  EXPECT_EQ(s.last_completed_on, d("2026-03-02"));
  expect_rate(s, 0, 1);
}

TEST(NumericGoal, TimesPerPeriodIsIgnored) {
  expect_streak(run(numeric(Frequency::kWeekly, "2026-06-01", 5, 3), {done("2026-06-02", 5)}, "2026-06-02"), 1, "2026-06-01", 1);
}

TEST(NumericGoal, NonPositiveGoalStillNeedsACompletedLog) {
  const auto s = run(numeric(Frequency::kDaily, "2026-03-01", 0), {skip("2026-03-01"), done("2026-03-02", 0)}, "2026-03-02");
  expect_streak(s, 1, "2026-03-02", 1);
  expect_rate(s, 1, 1);
}

// ================================================================ monthly, after a change of time zone

TEST(MonthlyStreak, OnlyLogOfTheCurrentMonthAfterToday) {
  // The case: the user moves from Kiritimati to Pago Pago and today falls back to the 30th,
  // behind the only log of the month (the 31st). The month holds a log, so it is completed.
  const auto s = run(monthly("2026-01-01"), {done("2026-03-31")}, "2026-03-30");
  expect_streak(s, 1, "2026-03-01", 1);
  EXPECT_EQ(s.last_completed_on, d("2026-03-31"));
}

TEST(MonthlyStreak, StartAfterTodayInTheSameMonth) {
  const auto s = run(monthly("2026-03-20"), {done("2026-03-21")}, "2026-03-02");
  expect_streak(s, 1, "2026-03-01", 1);
  expect_rate(s, 1, 1);
}

// ================================================================ amounts under a goal

TEST(AmountUnderGoal, FollowsTheGoal) {
  EXPECT_EQ(amount_under_goal(5.0, LogStatus::kCompleted, 3.0), 3.0);
  EXPECT_EQ(amount_under_goal(5.0, LogStatus::kCompleted, std::nullopt), 0.0);  // a goal was added
  EXPECT_EQ(amount_under_goal(5.0, LogStatus::kSkipped, 3.0), std::nullopt);
  EXPECT_EQ(amount_under_goal(std::nullopt, LogStatus::kCompleted, 3.0), std::nullopt);  // the goal was removed
  EXPECT_EQ(amount_under_goal(std::nullopt, LogStatus::kSkipped, std::nullopt), std::nullopt);
}

// ================================================================ completion_rate

TEST(CompletionRate, WithoutBoundsItIsTheHabitsRate) {
  const std::vector logs{done("2026-03-02"), skip("2026-03-03"), done("2026-03-04"), done("2026-03-12")};
  const auto s = run(daily("2026-03-01"), logs, "2026-03-10");
  ASSERT_EQ(s.elapsed_periods, 9);  // 1st..9th over, one skipped; the 12th completed
  EXPECT_DOUBLE_EQ(*completion_rate(daily("2026-03-01"), logs, std::nullopt, std::nullopt, d("2026-03-10")), 3.0 / 9.0);
  EXPECT_FALSE(completion_rate(daily("2026-03-10"), {}, std::nullopt, std::nullopt, d("2026-03-10")));
}

TEST(CompletionRate, WindowsClipToTheHabitAndCountOnlyTheirLogs) {
  const auto habit = daily("2026-11-01");
  const std::vector logs{done("2026-11-02"), done("2026-11-03"), done("2026-11-10")};
  // 1st..10th: 10 days over, 3 completed.
  EXPECT_DOUBLE_EQ(*completion_rate(habit, logs, d("2026-10-01"), d("2026-11-10"), d("2026-11-26")), 0.3);
  // Today is the 4th: the 1st..3rd are over, today is open, the 10th is completed ahead of time.
  EXPECT_DOUBLE_EQ(*completion_rate(habit, logs, d("2026-11-01"), d("2026-12-31"), d("2026-11-04")), 0.75);
  EXPECT_DOUBLE_EQ(*completion_rate(habit, logs, d("2026-11-01"), std::nullopt, d("2026-11-04")), 0.75);
  EXPECT_DOUBLE_EQ(*completion_rate(habit, logs, std::nullopt, d("2026-11-03"), d("2026-11-26")), 2.0 / 3.0);
  EXPECT_FALSE(completion_rate(habit, logs, d("2026-10-01"), d("2026-10-31"), d("2026-11-26")));
  EXPECT_FALSE(completion_rate(habit, logs, d("2026-11-20"), d("2026-11-10"), d("2026-11-26")));
}

TEST(CompletionRate, EdgePeriodsAreJudgedByTheLogsInside) {
  // Twice a week; the window cuts the week of the 8th after its first log.
  const auto habit = weekly("2026-06-01", 2);
  const std::vector logs{done("2026-06-01"), done("2026-06-02"), done("2026-06-08"), done("2026-06-09")};
  EXPECT_DOUBLE_EQ(*completion_rate(habit, logs, std::nullopt, d("2026-06-08"), d("2026-06-30")), 0.5);
  EXPECT_DOUBLE_EQ(*completion_rate(habit, logs, std::nullopt, d("2026-06-09"), d("2026-06-30")), 1.0);
}

// ================================================================ limits

TEST(MaxTimesPerPeriod, FollowsTheContract) {
  static_assert(max_times_per_period(Frequency::kDaily) == 1);
  static_assert(max_times_per_period(Frequency::kWeekly) == 7);
  static_assert(max_times_per_period(Frequency::kMonthly) == 28);
  EXPECT_EQ(max_times_per_period(Frequency::kWeekly), 7);
}

// period_progress: the period holding a date, as GET /api/v1/today shows it.
TEST(PeriodProgress, ADailyHabitsPeriodIsTheDayItself) {
  const HabitRule rule{Frequency::kDaily, d("2026-11-01")};
  const std::vector<LogEntry> logs{done("2026-11-09"), done("2026-11-10"), done("2026-11-11")};
  const auto period = period_progress(rule, logs, d("2026-11-10"));
  EXPECT_EQ(period.from, d("2026-11-10"));
  EXPECT_EQ(period.to, d("2026-11-10"));
  EXPECT_EQ(period.completed_logs, 1);
  EXPECT_TRUE(period.completed);
  const auto empty = period_progress(rule, logs, d("2026-11-12"));
  EXPECT_EQ(empty.completed_logs, 0);
  EXPECT_FALSE(empty.completed);
}

TEST(PeriodProgress, AWeekRunsMondayToSundayAcrossAMonthEnd) {
  // 2026-12-02 is a Wednesday: its ISO week is Monday 2026-11-30 to Sunday 2026-12-06.
  const HabitRule rule{Frequency::kWeekly, d("2026-11-01"), 3};
  const std::vector<LogEntry> logs{done("2026-11-29"), done("2026-11-30"), skip("2026-12-01"), done("2026-12-06"),
                                   done("2026-12-07")};
  const auto period = period_progress(rule, logs, d("2026-12-02"));
  EXPECT_EQ(period.from, d("2026-11-30"));
  EXPECT_EQ(period.to, d("2026-12-06"));
  EXPECT_EQ(period.completed_logs, 2);  // the skip is not a completion
  EXPECT_FALSE(period.completed);       // 2 of 3
  const std::vector<LogEntry> three{done("2026-11-30"), done("2026-12-01"), done("2026-12-06")};
  EXPECT_TRUE(period_progress(rule, three, d("2026-12-02")).completed);
}

TEST(PeriodProgress, AMonthAndItsLastDay) {
  const HabitRule rule{Frequency::kMonthly, d("2024-01-15")};
  const std::vector<LogEntry> logs{done("2024-02-29")};
  const auto period = period_progress(rule, logs, d("2024-02-01"));
  EXPECT_EQ(period.from, d("2024-02-01"));
  EXPECT_EQ(period.to, d("2024-02-29"));
  EXPECT_EQ(period.completed_logs, 1);
  EXPECT_TRUE(period.completed);
}

TEST(PeriodProgress, AGoalSumsTheCompletedAmounts) {
  const HabitRule rule{Frequency::kWeekly, d("2026-11-01"), 1, 10.0};
  std::vector<LogEntry> logs{done("2026-11-09", 4), done("2026-11-10", 5.5), skip("2026-11-11")};
  auto period = period_progress(rule, logs, d("2026-11-12"));
  EXPECT_DOUBLE_EQ(period.amount, 9.5);
  EXPECT_EQ(period.completed_logs, 2);
  EXPECT_FALSE(period.completed);
  logs.push_back(done("2026-11-15", 0.5));
  period = period_progress(rule, logs, d("2026-11-12"));
  EXPECT_DOUBLE_EQ(period.amount, 10.0);
  EXPECT_TRUE(period.completed);
}

TEST(PeriodProgress, EveryLogOfThePeriodCountsEvenAfterTheDate) {
  // Figures never drop a log: a log dated after the date (a time zone moved "today" back) still
  // belongs to the period, and so would one before start_date.
  const HabitRule rule{Frequency::kWeekly, d("2026-11-12"), 2};
  const std::vector<LogEntry> logs{done("2026-11-09"), done("2026-11-14")};
  const auto period = period_progress(rule, logs, d("2026-11-12"));
  EXPECT_EQ(period.from, d("2026-11-09"));
  EXPECT_EQ(period.completed_logs, 2);
  EXPECT_TRUE(period.completed);
}

// Against a brute-force model: the period's days found by walking the calendar day by day, its
// logs counted one by one, the completion rule applied as the contract states it.
TEST(PeriodProgress, AgreesWithABruteForceModelOnRandomHistories) {
  std::mt19937 random(18);
  for (int round = 0; round < 300; ++round) {
    const auto frequency = static_cast<Frequency>(round % 3);
    const Date start = d("2026-01-01") + days{static_cast<int>(random() % 20)};
    const int times = 1 + static_cast<int>(random() % static_cast<unsigned>(max_times_per_period(frequency)));
    const bool numeric = random() % 3 == 0;
    const HabitRule rule{frequency, start, numeric ? 1 : times, numeric ? std::optional<double>(5.0) : std::nullopt};
    std::vector<LogEntry> logs;
    for (Date day = start; day < start + days{120}; day += days{1}) {
      const auto roll = random() % 4;
      if (roll == 0)
        logs.push_back(LogEntry{day, LogStatus::kCompleted, numeric ? std::optional<double>(random() % 4) : std::nullopt});
      if (roll == 1) logs.push_back(LogEntry{day, LogStatus::kSkipped, std::nullopt});
    }
    for (Date day = start; day < start + days{120}; day += days{5}) {
      const auto period = period_progress(rule, logs, day);
      // The model's period: the run of days around `day` sharing its ISO week or calendar month.
      const auto same_period = [&](Date other) {
        const std::chrono::year_month_day a{day}, b{other};
        if (frequency == Frequency::kDaily) return other == day;
        if (frequency == Frequency::kMonthly) return a.year() == b.year() && a.month() == b.month();
        const auto monday = [](Date x) { return x - days{(std::chrono::weekday{x}.iso_encoding() - 1)}; };
        return monday(day) == monday(other);
      };
      Date from = day, to = day;
      while (same_period(from - days{1})) from -= days{1};
      while (same_period(to + days{1})) to += days{1};
      int count = 0;
      double amount = 0;
      for (const auto& log : logs)
        if (log.date >= from && log.date <= to && log.status == LogStatus::kCompleted) {
          ++count;
          amount += log.amount.value_or(0);
        }
      const bool completed = count > 0 && (numeric ? amount >= 5.0 : count >= times);
      EXPECT_EQ(period.from, from) << "round " << round << " on " << format_date(day);
      EXPECT_EQ(period.to, to) << "round " << round;
      EXPECT_EQ(period.completed_logs, count) << "round " << round;
      EXPECT_DOUBLE_EQ(period.amount, amount) << "round " << round;
      EXPECT_EQ(period.completed, completed) << "round " << round << " on " << format_date(day);
    }
  }
}

}  // namespace
}  // namespace habitd::domain
