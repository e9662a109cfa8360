// Progress, insights and the calendar through the real binary, with hand-computed figures.
#include "api_fixture.hpp"
#include "domain/calendar.hpp"

namespace habitd::test {
namespace {

using domain::Date;
using domain::format_date;
using std::chrono::days;

class StatsApi : public ApiTest {
 protected:
  std::string habit(const Account& a, const std::string& name, Date start, const std::string& frequency = "daily") {
    auto reply =
        client().post("/api/v1/habits", {{"name", name}, {"frequency", frequency}, {"start_date", format_date(start)}}, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return std::string(reply.json().at("id").as_string());
  }
  void log(const Account& a, const std::string& id, Date date) {
    auto reply = client().post("/api/v1/habits/" + id + "/logs", {{"date", format_date(date)}}, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
  }
};

TEST_F(StatsApi, ZeroHabits) {
  const Account a = register_user();
  auto progress = client().get("/api/v1/progress", a.auth());
  ASSERT_EQ(progress.status, 200) << progress.body;
  const auto p = progress.json().as_object();
  EXPECT_EQ(p.at("total_habits").as_int64(), 0);
  EXPECT_EQ(p.at("total_completions").as_int64(), 0);
  EXPECT_TRUE(p.at("current_streaks").as_array().empty());
  EXPECT_EQ(p.at("last_week").at("completions").as_int64(), 0);
  auto insights = client().get("/api/v1/insights", a.auth()).json();
  EXPECT_TRUE(insights.at("most_completed_habit").is_null());
  EXPECT_TRUE(insights.at("least_completed_habit").is_null());
  expect_problem(client().get("/api/v1/progress"), 401);
  expect_problem(client().get("/api/v1/insights"), 401);
}

TEST_F(StatsApi, ProgressWindowsHaveExactEdges) {
  for (const std::string zone : {"UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"}) {
    const Account a = register_user(zone);
    const Date today = today_in(zone);
    const std::string h1 = habit(a, "one", today - days(60));
    const std::string h2 = habit(a, "two", today - days(60));
    const std::string archived = habit(a, "archived", today - days(60));
    // Week edges: today-6 (in) and today-7 (out). Month edges: today-29 (in) and today-30 (out).
    for (int back : {0, 6, 7, 29, 30}) log(a, h1, today - days(back));
    log(a, h2, today - days(29));
    log(a, archived, today);
    ASSERT_EQ(client().patch("/api/v1/habits/" + archived, {{"archived", true}}, a.auth()).status, 200);

    const auto p = client().get("/api/v1/progress", a.auth()).json().as_object();
    EXPECT_EQ(p.at("total_habits").as_int64(), 2) << zone;
    EXPECT_EQ(p.at("total_completions").as_int64(), 6) << zone;
    const auto& week = p.at("last_week").as_object();
    EXPECT_EQ(week.at("from").as_string(), format_date(today - days(6))) << zone;
    EXPECT_EQ(week.at("to").as_string(), format_date(today)) << zone;
    EXPECT_EQ(week.at("completions").as_int64(), 2) << zone;
    EXPECT_EQ(week.at("habits_completed").as_int64(), 1) << zone;
    const auto& month = p.at("last_month").as_object();
    EXPECT_EQ(month.at("from").as_string(), format_date(today - days(29))) << zone;
    EXPECT_EQ(month.at("completions").as_int64(), 5) << zone;
    EXPECT_EQ(month.at("habits_completed").as_int64(), 2) << zone;
    const auto& streaks = p.at("current_streaks").as_array();
    ASSERT_EQ(streaks.size(), 2u);
    EXPECT_EQ(streaks[0].at("habit_id").as_string(), h1);
    EXPECT_EQ(streaks[0].at("name").as_string(), "one");
    EXPECT_EQ(streaks[0].at("frequency").as_string(), "daily");
    EXPECT_EQ(streaks[0].at("current_streak").as_int64(), 1);
    EXPECT_EQ(streaks[0].at("longest_streak").as_int64(), 2);
    // The same numbers as the streak endpoint.
    auto direct = client().get("/api/v1/habits/" + h1 + "/streak", a.auth()).json();
    EXPECT_EQ(direct.at("current_streak"), streaks[0].at("current_streak"));
    EXPECT_EQ(direct.at("longest_streak"), streaks[0].at("longest_streak"));
  }
}

TEST_F(StatsApi, InsightsCountZeroHabitsAndBreakTiesByAge) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string first = habit(a, "first", today - days(10));
  const std::string second = habit(a, "second", today - days(10));
  const std::string third = habit(a, "third", today - days(10));
  log(a, first, today - days(1));
  log(a, second, today - days(1));
  auto insights = client().get("/api/v1/insights", a.auth()).json();
  EXPECT_EQ(insights.at("most_completed_habit").at("habit_id").as_string(), first);
  EXPECT_EQ(insights.at("most_completed_habit").at("completions").as_int64(), 1);
  EXPECT_EQ(insights.at("least_completed_habit").at("habit_id").as_string(), third);
  EXPECT_EQ(insights.at("least_completed_habit").at("completions").as_int64(), 0);
  EXPECT_EQ(insights.at("least_completed_habit").at("name").as_string(), "third");
  EXPECT_EQ(insights.at("habits").as_array().size(), 3u);

  log(a, second, today - days(5));
  auto windowed =
      client().get("/api/v1/insights?from=" + format_date(today - days(2)) + "&to=" + format_date(today), a.auth()).json();
  EXPECT_EQ(windowed.at("most_completed_habit").at("habit_id").as_string(), first);  // 1 each in the window: the older wins
  auto all = client().get("/api/v1/insights", a.auth()).json();
  EXPECT_EQ(all.at("most_completed_habit").at("habit_id").as_string(), second);
  expect_problem(client().get("/api/v1/insights?from=2026-02-30", a.auth()), 422);
  expect_problem(client().get("/api/v1/insights?from=2026-03-02&to=2026-03-01", a.auth()), 422);
}

TEST_F(StatsApi, OneHabitIsBothMostAndLeast) {
  const Account a = register_user();
  const std::string only = habit(a, "only", today_in("UTC"));
  auto insights = client().get("/api/v1/insights", a.auth()).json();
  EXPECT_EQ(insights.at("most_completed_habit").at("habit_id").as_string(), only);
  EXPECT_EQ(insights.at("least_completed_habit").at("habit_id").as_string(), only);
}

TEST_F(StatsApi, ArchivedHabitsAreLeftOutOfInsights) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string kept = habit(a, "kept", today - days(3));
  const std::string archived = habit(a, "archived", today - days(3));
  log(a, archived, today);
  ASSERT_EQ(client().patch("/api/v1/habits/" + archived, {{"archived", true}}, a.auth()).status, 200);
  auto insights = client().get("/api/v1/insights", a.auth()).json();
  EXPECT_EQ(insights.at("most_completed_habit").at("habit_id").as_string(), kept);
  EXPECT_EQ(insights.at("habits").as_array().size(), 1u);
}

TEST_F(StatsApi, CalendarHasOneLevelPerDayOfTheYear) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string id = habit(a, "cal", today - days(3));
  log(a, id, today - days(1));
  const int year = static_cast<int>(std::chrono::year_month_day(today).year());
  auto reply = client().get("/api/v1/habits/" + id + "/calendar?year=" + std::to_string(year), a.auth());
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto calendar = reply.json().as_object();
  const auto& levels = calendar.at("levels").as_array();
  EXPECT_EQ(levels.size(), std::chrono::year(year).is_leap() ? 366u : 365u);
  const auto index = (today - days(1) - std::chrono::sys_days(std::chrono::year(year) / 1 / 1)).count();
  if (index >= 0) {
    EXPECT_EQ(levels[static_cast<std::size_t>(index)].as_int64(), 2);
  }
  EXPECT_EQ(calendar.at("completed_days").as_int64(), index >= 0 ? 1 : 0);
  expect_problem(client().get("/api/v1/habits/" + id + "/calendar", a.auth()), 422);
  expect_problem(client().get("/api/v1/habits/" + id + "/calendar?year=20x6", a.auth()), 422);
  const Account other = register_user();
  expect_problem(client().get("/api/v1/habits/" + id + "/calendar?year=2026", other.auth()), 404);
}

// A year before the habit begins is a year of empty days, not an error (the day view's rule that
// its to may not come before start_date is about its default range; the model test found this).
TEST_F(StatsApi, ACalendarOfAYearBeforeTheHabitBeginsIsEmpty) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string id = habit(a, "later", today + days(400));  // start_date may be in the future
  const int year = static_cast<int>(std::chrono::year_month_day(today).year());
  auto reply = client().get("/api/v1/habits/" + id + "/calendar?year=" + std::to_string(year), a.auth());
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto calendar = reply.json().as_object();
  EXPECT_EQ(calendar.at("levels").as_array().size(), std::chrono::year(year).is_leap() ? 366u : 365u);
  for (const auto& level : calendar.at("levels").as_array()) EXPECT_EQ(level.as_int64(), 0);
  EXPECT_EQ(calendar.at("completed_days").as_int64(), 0);
  // The day view keeps its rule: a to before start_date is 422.
  expect_problem(client().get("/api/v1/habits/" + id + "/logs?to=" + domain::format_date(today), a.auth()), 422);
}

TEST_F(StatsApi, HabitsCarryTargetProgressAndCompletionRate) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  auto reply = client().post("/api/v1/habits",
                             {{"name", "t"}, {"frequency", "daily"}, {"start_date", format_date(today - days(3))}, {"target", 4}},
                             a.auth());
  const std::string id(reply.json().at("id").as_string());
  log(a, id, today - days(3));
  log(a, id, today - days(2));
  auto habit_json = client().get("/api/v1/habits/" + id, a.auth()).json();
  const auto& progress = habit_json.at("target_progress");
  EXPECT_EQ(progress.at("completed_periods").as_int64(), 2);
  EXPECT_EQ(progress.at("target").as_int64(), 4);
  EXPECT_EQ(progress.at("percent").to_number<double>(), 50.0);
  EXPECT_EQ(progress.at("reached").as_bool(), false);
  // Three days are over (today is still open): 2 of 3.
  EXPECT_NEAR(habit_json.at("completion_rate").to_number<double>(), 0.6667, 1e-4);
}

}  // namespace
}  // namespace habitd::test
