// period_progress: the period holding a date, as GET /api/v1/today shows it.
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/habit_rules.hpp"

namespace habitd::domain {
namespace {

using std::chrono::days;

Date d(std::string_view text) {
  const auto parsed = parse_date(text);
  if (!parsed) throw std::invalid_argument("bad date in test: " + std::string{text});
  return *parsed;
}

LogEntry done(std::string_view day, std::optional<double> amount = std::nullopt) {
  return LogEntry{d(day), LogStatus::kCompleted, amount};
}
LogEntry skip(std::string_view day) { return LogEntry{d(day), LogStatus::kSkipped, std::nullopt}; }

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

TEST(PeriodProgress, LogsBeforeTheStartDateDoNotCount) {
  // A weekly habit started on Thursday: Monday's log predates it (only possible after start_date moved).
  const HabitRule rule{Frequency::kWeekly, d("2026-11-12")};
  const std::vector<LogEntry> logs{done("2026-11-09")};
  const auto period = period_progress(rule, logs, d("2026-11-13"));
  EXPECT_EQ(period.from, d("2026-11-09"));
  EXPECT_EQ(period.completed_logs, 0);
  EXPECT_FALSE(period.completed);
}

// Against period_outcomes, which decides the same states from the whole history.
TEST(PeriodProgress, AgreesWithPeriodOutcomesOnRandomHistories) {
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
      if (roll == 0) logs.push_back(LogEntry{day, LogStatus::kCompleted, numeric ? std::optional<double>(random() % 4) : std::nullopt});
      if (roll == 1) logs.push_back(LogEntry{day, LogStatus::kSkipped, std::nullopt});
    }
    const auto outcomes = period_outcomes(rule, logs);
    for (Date day = start; day < start + days{120}; day += days{7}) {
      const auto period = period_progress(rule, logs, day);
      bool completed = false;
      for (const auto& outcome : outcomes)
        if (outcome.start == period.from) completed = outcome.state == PeriodState::kCompleted;
      EXPECT_EQ(period.completed, completed) << "round " << round << " on " << format_date(day);
      int count = 0;
      for (const auto& log : logs)
        if (log.date >= period.from && log.date <= period.to && log.status == LogStatus::kCompleted) ++count;
      EXPECT_EQ(period.completed_logs, count) << "round " << round;
    }
  }
}

}  // namespace
}  // namespace habitd::domain
