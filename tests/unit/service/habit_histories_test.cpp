// HabitHistories against the plain rule: after random writes anywhere in a habit's history (old
// and recent days, completions and skips, edits and deletions, rule changes) and with today moving
// on, its figures are summarize() over every log, on a real SQLite database.
#include "service/habit_histories.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "../store/temp_sqlite.hpp"
#include "store/habit_store.hpp"
#include "store/user_store.hpp"

namespace habitd::service {
namespace {

using domain::Date;
using domain::LogStatus;
using std::chrono::days;

class SettableClock final : public util::Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const override { return now_; }
  std::chrono::system_clock::time_point now_ = std::chrono::sys_days{std::chrono::year{2026} / 12 / 7};
};

class HabitHistoriesTest : public testing::Test {
 protected:
  HabitHistoriesTest() {
    store::UserRecord record;
    record.user.id = "u1";
    record.user.email = record.user.username = "history-owner";
    record.password_hash = "x";
    users.create(record);
  }

  domain::Habit add_habit(const std::string& id, domain::Frequency frequency, Date start) {
    domain::Habit habit;
    habit.id = id;
    habit.user_id = "u1";
    habit.name = id;
    habit.frequency = frequency;
    habit.start_date = start;
    habits.create(habit);
    return habit;
  }

  // Every figure equal to summarize() over all of the habit's logs.
  void expect_exact(const std::vector<domain::Habit>& list, Date today, const std::string& when) {
    const auto figures = histories.figures("u1", list, today, today - days{10});
    for (const auto& habit : list) {
      const auto all = habits.log_entries("u1", habit.id);
      const auto expected = domain::summarize(habit.rule(), all, today);
      const auto& actual = figures.at(habit.id).summary;
      ASSERT_EQ(actual.current_streak, expected.current_streak) << when << ' ' << habit.id;
      ASSERT_EQ(actual.longest_streak, expected.longest_streak) << when << ' ' << habit.id;
      ASSERT_EQ(actual.current_streak_start, expected.current_streak_start) << when << ' ' << habit.id;
      ASSERT_EQ(actual.total_completions, expected.total_completions) << when << ' ' << habit.id;
      ASSERT_EQ(actual.last_completed_on, expected.last_completed_on) << when << ' ' << habit.id;
      ASSERT_EQ(actual.completed_periods, expected.completed_periods) << when << ' ' << habit.id;
      ASSERT_EQ(actual.elapsed_periods, expected.elapsed_periods) << when << ' ' << habit.id;
      // The logs asked for: those from ten days back.
      std::size_t recent = 0;
      for (const auto& log : all) recent += log.date >= today - days{10} ? 1 : 0;
      ASSERT_EQ(figures.at(habit.id).logs.size(), recent) << when << ' ' << habit.id;
    }
  }

  store::TempSqlite temp{"histories"};
  SettableClock clock;
  const store::UserStore users{temp.database()};
  const store::HabitStore habits{temp.database()};
  const HabitHistories histories{habits, clock};
};

TEST_F(HabitHistoriesTest, FiguresStayExactThroughRandomWritesAnywhereInTheHistory) {
  const Date first{std::chrono::year{2020} / 1 / 1};
  std::vector<domain::Habit> list{add_habit("daily", domain::Frequency::kDaily, first),
                                  add_habit("weekly", domain::Frequency::kWeekly, first),
                                  add_habit("monthly", domain::Frequency::kMonthly, first)};
  Date today{std::chrono::year{2026} / 12 / 7};
  std::mt19937 rng{20261207};
  std::map<std::pair<std::string, Date>, LogStatus> held;
  int next_id = 0;
  for (int step = 0; step < 600; ++step) {
    auto& habit = list[std::uniform_int_distribution<std::size_t>{0, list.size() - 1}(rng)];
    // Mostly recent days, often far in the past (before any checkpoint), now and then a rule change.
    const int choice = std::uniform_int_distribution<int>{0, 99}(rng);
    const int back = choice < 88 ? std::uniform_int_distribution<int>{0, 40}(rng)
                                 : std::uniform_int_distribution<int>{41, static_cast<int>((today - first).count())}(rng);
    const Date day = today - days{back};
    const auto key = std::make_pair(habit.id, day);
    if (choice >= 97) {
      habit.times_per_period = habit.frequency == domain::Frequency::kDaily ? 1 : (habit.times_per_period % 2) + 1;
      if (habit.frequency == domain::Frequency::kDaily) habit.weekdays = habit.weekdays == 0x7F ? 0x1F : 0x7F;
      (void)habits.update(habit);
    } else if (const auto found = held.find(key); found == held.end()) {
      const LogStatus status = std::bernoulli_distribution{0.15}(rng) ? LogStatus::kSkipped : LogStatus::kCompleted;
      habits.insert_log(
          "u1", domain::HabitLog{"l" + std::to_string(next_id++), habit.id, day, status, std::nullopt, std::nullopt, 1, 1});
      held.emplace(key, status);
    } else if (std::bernoulli_distribution{0.5}(rng)) {
      habits.remove_log("u1", habit.id, day, 1);
      held.erase(found);
    } else {
      const LogStatus status = found->second == LogStatus::kCompleted ? LogStatus::kSkipped : LogStatus::kCompleted;
      habits.update_log("u1", domain::HabitLog{"", habit.id, day, status, std::nullopt, std::nullopt, 1, 2});
      found->second = status;
    }
    // Today moves on now and then, sometimes by months (a checkpoint then moves on too).
    if (step % 50 == 49) {
      const int ahead = std::uniform_int_distribution<int>{1, 200}(rng);
      today += days{ahead};
      clock.now_ += days{ahead % 5};  // the digests stay within their week unchecked
    }
    expect_exact(list, today, "step " + std::to_string(step));
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(histories.size(), 3U);
}

TEST_F(HabitHistoriesTest, ADigestUncheckedForAWeekIsMadeAgain) {
  const Date today{std::chrono::year{2026} / 12 / 7};
  const std::vector<domain::Habit> list{add_habit("daily", domain::Frequency::kDaily, today - days{400})};
  habits.insert_log("u1", domain::HabitLog{"a", "daily", today - days{300}, LogStatus::kCompleted, {}, {}, 1, 1});
  expect_exact(list, today, "first read");
  clock.now_ += std::chrono::hours(24 * 8);
  habits.insert_log("u1", domain::HabitLog{"b", "daily", today - days{299}, LogStatus::kCompleted, {}, {}, 1, 1});
  expect_exact(list, today, "after a week");
}

}  // namespace
}  // namespace habitd::service
