// HabitStore::update keeps the logs' amounts in line with the goal it writes, in the same
// transaction (the read side applies domain::amount_under_goal too, so only here is the stored
// row itself visible).
#include <gtest/gtest.h>

#include <chrono>

#include "domain/habit.hpp"
#include "store/habit_store.hpp"
#include "store/user_store.hpp"
#include "temp_sqlite.hpp"

namespace habitd::store {
namespace {

using domain::Date;
using domain::LogStatus;

constexpr Date kDay{std::chrono::year{2026} / 3 / 2};

domain::HabitLog make_log(const std::string& id, Date date, LogStatus status, std::optional<double> amount) {
  return domain::HabitLog{id, "h1", date, status, std::nullopt, amount, 1, 1};
}

TEST(HabitStoreGoal, AnUpdateAlignsTheLogsAmountsWithTheGoal) {
  TempSqlite temp("goal");
  Database& database = temp.database();
  const UserStore users(database);
  UserRecord record;
  record.user.id = "u1";
  record.user.email = record.user.username = "goal-owner";
  record.password_hash = "x";
  users.create(record);
  const HabitStore habits(database);
  domain::Habit habit;
  habit.id = "h1";
  habit.user_id = "u1";
  habit.name = "Read";
  habit.start_date = kDay;
  habits.create(habit);
  habits.insert_log("u1", make_log("l1", kDay, LogStatus::kCompleted, std::nullopt));
  habits.insert_log("u1", make_log("l2", kDay + std::chrono::days(1), LogStatus::kSkipped, std::nullopt));
  const auto amount_on = [&](Date date) { return habits.get_log("u1", "h1", date)->amount; };

  habit.goal = 5.0;  // added: the plain completed log holds 0, the skip nothing
  ASSERT_TRUE(habits.update(habit));
  EXPECT_EQ(amount_on(kDay), 0.0);
  EXPECT_EQ(amount_on(kDay + std::chrono::days(1)), std::nullopt);

  auto log = *habits.get_log("u1", "h1", kDay);
  log.amount = 3.0;
  ASSERT_TRUE(habits.update_log("u1", log));
  habit.goal = 8.0;  // changed: amounts stay
  ASSERT_TRUE(habits.update(habit));
  EXPECT_EQ(amount_on(kDay), 3.0);

  habit.goal.reset();  // removed: no amount anywhere
  ASSERT_TRUE(habits.update(habit));
  EXPECT_EQ(amount_on(kDay), std::nullopt);
  EXPECT_EQ(amount_on(kDay + std::chrono::days(1)), std::nullopt);

  habit.id = "missing";
  EXPECT_FALSE(habits.update(habit));
}

}  // namespace
}  // namespace habitd::store
