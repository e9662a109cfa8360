// Habits, logs, day views and streaks through the real binary, on SQLite and PostgreSQL.
#include <algorithm>
#include <thread>

#include "api_fixture.hpp"
#include "domain/calendar.hpp"

namespace habitd::test {
namespace {

using domain::Date;
using domain::format_date;
using std::chrono::days;

class HabitsApi : public ApiTest {
 protected:
  std::string create_habit(const Account& account, boost::json::object body) {
    auto reply = client().post("/api/v1/habits", body, account.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return std::string(reply.json().at("id").as_string());
  }
  int log_day(const Account& account, const std::string& habit, Date date) {
    return client().post("/api/v1/habits/" + habit + "/logs", {{"date", format_date(date)}}, account.auth()).status;
  }
  boost::json::object streak(const Account& account, const std::string& habit) {
    auto reply = client().get("/api/v1/habits/" + habit + "/streak", account.auth());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json().as_object();
  }
};

TEST_F(HabitsApi, CreateReturnsTheHabitWithLocationAndDefaults) {
  const Account a = register_user("Pacific/Kiritimati");
  auto reply = client().post("/api/v1/habits", {{"name", "  Drink water  "}, {"frequency", "daily"}}, a.auth());
  ASSERT_EQ(reply.status, 201) << reply.body;
  const auto habit = reply.json().as_object();
  EXPECT_EQ(reply.header("location"), "/api/v1/habits/" + std::string(habit.at("id").as_string()));
  EXPECT_EQ(habit.at("name").as_string(), "Drink water");
  EXPECT_TRUE(habit.at("description").is_null());
  EXPECT_EQ(habit.at("frequency").as_string(), "daily");
  EXPECT_EQ(habit.at("start_date").as_string(), format_date(today_in("Pacific/Kiritimati")));
  EXPECT_TRUE(habit.at("target").is_null());
  EXPECT_EQ(habit.at("archived").as_bool(), false);
  EXPECT_EQ(habit.at("current_streak").as_int64(), 0);
  EXPECT_EQ(habit.at("longest_streak").as_int64(), 0);
  EXPECT_EQ(habit.at("total_completions").as_int64(), 0);
  EXPECT_TRUE(habit.at("last_completed_on").is_null());
  EXPECT_TRUE(habit.at("created_at").is_string());
  EXPECT_TRUE(habit.at("updated_at").is_string());
}

TEST_F(HabitsApi, TextIsKeptVerbatim) {
  const Account a = register_user();
  const std::string name = "Ünïcödé 😀 \"quotes\" <script>alert(1)</script> '; DROP TABLE habits; --";
  auto reply = client().post("/api/v1/habits", {{"name", name}, {"description", "line 1\nline 2\ttab"}, {"frequency", "weekly"}},
                             a.auth());
  ASSERT_EQ(reply.status, 201) << reply.body;
  auto fetched = client().get(reply.header("location"), a.auth()).json();
  EXPECT_EQ(fetched.at("name").as_string(), name);
  EXPECT_EQ(fetched.at("description").as_string(), "line 1\nline 2\ttab");
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "é";
  EXPECT_EQ(client().post("/api/v1/habits", {{"name", hundred}, {"frequency", "daily"}}, a.auth()).status, 201);
  expect_problem(client().post("/api/v1/habits", {{"name", hundred + "é"}, {"frequency", "daily"}}, a.auth()), 422);
}

TEST_F(HabitsApi, CreateValidatesEveryField) {
  const Account a = register_user();
  const std::vector<std::pair<boost::json::object, std::string>> cases = {
      {{{"frequency", "daily"}}, "name"},
      {{{"name", "   "}, {"frequency", "daily"}}, "name"},
      {{{"name", 7}, {"frequency", "daily"}}, "name"},
      {{{"name", "x"}}, "frequency"},
      {{{"name", "x"}, {"frequency", "hourly"}}, "frequency"},
      {{{"name", "x"}, {"frequency", "daily"}, {"start_date", "2026-02-30"}}, "start_date"},
      {{{"name", "x"}, {"frequency", "daily"}, {"start_date", "2026/01/01"}}, "start_date"},
      {{{"name", "x"}, {"frequency", "daily"}, {"target", 0}}, "target"},
      {{{"name", "x"}, {"frequency", "daily"}, {"target", 2.5}}, "target"},
      {{{"name", "x"}, {"frequency", "daily"}, {"target", "30"}}, "target"},
      {{{"name", "x"}, {"frequency", "daily"}, {"description", std::string(1001, 'd')}}, "description"},
      {{{"name", std::string("bell\a")}, {"frequency", "daily"}}, "name"},
      {{{"name", "x"}, {"frequency", "daily"}, {"archived", "yes"}}, "archived"},
  };
  for (const auto& [body, field] : cases) {
    auto reply = client().post("/api/v1/habits", body, a.auth());
    expect_problem(reply, 422);
    EXPECT_EQ(error_fields(reply), std::vector<std::string>{field}) << boost::json::serialize(body);
  }
  expect_problem(client().post("/api/v1/habits", {{"name", "x"}, {"frequency", "daily"}}), 401);
  expect_problem(client().request("POST", "/api/v1/habits", "name=x", {{"Content-Type", "text/plain"}, a.auth()[0]}), 415);
  expect_problem(client().request("POST", "/api/v1/habits", "{", a.auth()), 400);
}

TEST_F(HabitsApi, ListPaginatesAndFilters) {
  const Account a = register_user();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(create_habit(a, {{"name", "h" + std::to_string(i)}, {"frequency", i % 2 ? "weekly" : "daily"}}));
  ASSERT_EQ(client().patch("/api/v1/habits/" + ids[4], {{"archived", true}}, a.auth()).status, 200);

  auto all = client().get("/api/v1/habits", a.auth()).json();
  EXPECT_EQ(all.at("total").as_int64(), 4);
  EXPECT_EQ(all.at("limit").as_int64(), 50);
  EXPECT_EQ(all.at("offset").as_int64(), 0);
  ASSERT_EQ(all.at("items").as_array().size(), 4u);
  EXPECT_EQ(all.at("items").as_array()[0].at("id").as_string(), ids[0]);

  auto page = client().get("/api/v1/habits?limit=2&offset=1", a.auth()).json();
  EXPECT_EQ(page.at("total").as_int64(), 4);
  ASSERT_EQ(page.at("items").as_array().size(), 2u);
  EXPECT_EQ(page.at("items").as_array()[0].at("id").as_string(), ids[1]);
  EXPECT_EQ(page.at("items").as_array()[1].at("id").as_string(), ids[2]);

  auto weekly = client().get("/api/v1/habits?frequency=weekly", a.auth()).json();
  EXPECT_EQ(weekly.at("total").as_int64(), 2);
  auto archived = client().get("/api/v1/habits?archived=true", a.auth()).json();
  ASSERT_EQ(archived.at("total").as_int64(), 1);
  EXPECT_EQ(archived.at("items").as_array()[0].at("id").as_string(), ids[4]);

  expect_problem(client().get("/api/v1/habits?limit=201", a.auth()), 422);
  expect_problem(client().get("/api/v1/habits?limit=0", a.auth()), 422);
  expect_problem(client().get("/api/v1/habits?offset=-1", a.auth()), 422);
  expect_problem(client().get("/api/v1/habits?limit=ten", a.auth()), 400);
  expect_problem(client().get("/api/v1/habits?archived=maybe", a.auth()), 400);
  expect_problem(client().get("/api/v1/habits?frequency=hourly", a.auth()), 422);
  EXPECT_EQ(client().get("/api/v1/habits?limit=200", a.auth()).status, 200);
}

TEST_F(HabitsApi, PatchIsPartialAndNullClears) {
  const Account a = register_user();
  const std::string id = create_habit(a, {{"name", "Run"}, {"description", "5k"}, {"frequency", "daily"}, {"target", 30}});
  auto reply = client().patch("/api/v1/habits/" + id, {{"description", nullptr}, {"target", nullptr}}, a.auth());
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto habit = reply.json().as_object();
  EXPECT_TRUE(habit.at("description").is_null());
  EXPECT_TRUE(habit.at("target").is_null());
  EXPECT_EQ(habit.at("name").as_string(), "Run");
  reply = client().patch("/api/v1/habits/" + id, {{"name", "Run far"}, {"frequency", "monthly"}, {"target", 6}}, a.auth());
  habit = reply.json().as_object();
  EXPECT_EQ(habit.at("name").as_string(), "Run far");
  EXPECT_EQ(habit.at("frequency").as_string(), "monthly");
  EXPECT_EQ(habit.at("target").as_int64(), 6);
  expect_problem(client().patch("/api/v1/habits/" + id, {{"name", nullptr}}, a.auth()), 422);
  expect_problem(client().patch("/api/v1/habits/" + id, {{"frequency", "yearly"}}, a.auth()), 422);
  expect_problem(client().patch("/api/v1/habits/" + id, {{"start_date", nullptr}}, a.auth()), 422);
}

TEST_F(HabitsApi, StartDateCannotMovePastExistingLogs) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string id = create_habit(a, {{"name", "x"}, {"frequency", "daily"}, {"start_date", format_date(today - days(10))}});
  ASSERT_EQ(log_day(a, id, today - days(5)), 201);
  auto moved = client().patch("/api/v1/habits/" + id, {{"start_date", format_date(today - days(3))}}, a.auth());
  expect_problem(moved, 422);
  EXPECT_EQ(error_fields(moved), std::vector<std::string>{"start_date"});
  EXPECT_EQ(client().patch("/api/v1/habits/" + id, {{"start_date", format_date(today - days(5))}}, a.auth()).status, 200);
  EXPECT_EQ(client().patch("/api/v1/habits/" + id, {{"start_date", format_date(today - days(400))}}, a.auth()).status, 200);
}

TEST_F(HabitsApi, DeleteRemovesTheHabitAndItsLogs) {
  const Account a = register_user();
  const std::string id = create_habit(a, {{"name", "x"}, {"frequency", "daily"}});
  ASSERT_EQ(client().post("/api/v1/habits/" + id + "/logs", boost::json::object{}, a.auth()).status, 201);
  EXPECT_EQ(client().del("/api/v1/habits/" + id, a.auth()).status, 204);
  expect_problem(client().get("/api/v1/habits/" + id, a.auth()), 404);
  expect_problem(client().get("/api/v1/habits/" + id + "/logs", a.auth()), 404);
  expect_problem(client().del("/api/v1/habits/" + id, a.auth()), 404);
}

TEST_F(HabitsApi, AnotherUsersHabitIs404ForEveryMethod) {
  const Account owner = register_user();
  const Account intruder = register_user();
  const std::string id = create_habit(owner, {{"name", "private"}, {"frequency", "daily"}});
  const std::string today = format_date(today_in("UTC"));
  ASSERT_EQ(client().post("/api/v1/habits/" + id + "/logs", boost::json::object{}, owner.auth()).status, 201);
  const std::string base = "/api/v1/habits/" + id;
  expect_problem(client().get(base, intruder.auth()), 404);
  expect_problem(client().patch(base, {{"name", "mine"}}, intruder.auth()), 404);
  expect_problem(client().del(base, intruder.auth()), 404);
  expect_problem(client().get(base + "/streak", intruder.auth()), 404);
  expect_problem(client().get(base + "/logs", intruder.auth()), 404);
  expect_problem(client().post(base + "/logs", {{"date", today}}, intruder.auth()), 404);
  expect_problem(client().patch(base + "/logs/" + today, {{"notes", "x"}}, intruder.auth()), 404);
  expect_problem(client().del(base + "/logs/" + today, intruder.auth()), 404);
  EXPECT_EQ(client().get("/api/v1/habits", intruder.auth()).json().at("total").as_int64(), 0);
  // Still intact for the owner.
  EXPECT_EQ(client().get(base, owner.auth()).json().at("name").as_string(), "private");
  EXPECT_EQ(client().get(base, owner.auth()).json().at("total_completions").as_int64(), 1);
}

TEST_F(HabitsApi, LogsDefaultToTodayInTheUsersTimeZone) {
  for (const std::string zone : {"Pacific/Kiritimati", "Pacific/Pago_Pago"}) {
    const Account a = register_user(zone);
    const std::string id = create_habit(a, {{"name", "x"}, {"frequency", "daily"}});
    auto reply = client().post("/api/v1/habits/" + id + "/logs", {{"notes", "first"}}, a.auth());
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto log = reply.json().as_object();
    EXPECT_EQ(log.at("date").as_string(), format_date(today_in(zone))) << zone;
    EXPECT_EQ(log.at("habit_id").as_string(), id);
    EXPECT_EQ(log.at("notes").as_string(), "first");
    EXPECT_TRUE(log.at("id").is_string());
    EXPECT_TRUE(log.at("created_at").is_string());
    // The day after the user's today is in the future, whatever UTC says.
    auto future = client().post("/api/v1/habits/" + id + "/logs", {{"date", format_date(today_in(zone) + days(1))}}, a.auth());
    expect_problem(future, 422);
    EXPECT_EQ(error_fields(future), std::vector<std::string>{"date"});
  }
}

TEST_F(HabitsApi, LogValidation) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string id = create_habit(a, {{"name", "x"}, {"frequency", "daily"}, {"start_date", format_date(today - days(3))}});
  const std::string logs = "/api/v1/habits/" + id + "/logs";
  EXPECT_EQ(client().post(logs, {{"date", format_date(today - days(3))}}, a.auth()).status, 201);
  expect_problem(client().post(logs, {{"date", format_date(today - days(4))}}, a.auth()), 422);
  expect_problem(client().post(logs, {{"date", "2026-02-30"}}, a.auth()), 422);
  expect_problem(client().post(logs, {{"date", 20260101}}, a.auth()), 422);
  expect_problem(client().post(logs, {{"notes", std::string(1001, 'n')}}, a.auth()), 422);
  expect_problem(client().post(logs, {{"date", format_date(today - days(3))}}, a.auth()), 409);
  EXPECT_EQ(client().post(logs, {{"date", format_date(today - days(2))}, {"notes", std::string(1000, 'n')}}, a.auth()).status,
            201);
  expect_problem(client().post("/api/v1/habits/no-such-habit/logs", boost::json::object{}, a.auth()), 404);
}

TEST_F(HabitsApi, SimultaneousDuplicateLogsGiveExactlyOneRow) {
  const Account a = register_user();
  const std::string id = create_habit(a, {{"name", "x"}, {"frequency", "daily"}});
  std::vector<int> statuses(20);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < statuses.size(); ++i)
    threads.emplace_back(
        [&, i] { statuses[i] = client().post("/api/v1/habits/" + id + "/logs", boost::json::object{}, a.auth()).status; });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), 19);
  EXPECT_EQ(client().get("/api/v1/habits/" + id, a.auth()).json().at("total_completions").as_int64(), 1);
}

TEST_F(HabitsApi, EditAndRemoveLogs) {
  const Account a = register_user();
  const std::string today = format_date(today_in("UTC"));
  const std::string id = create_habit(a, {{"name", "x"}, {"frequency", "daily"}});
  ASSERT_EQ(client().post("/api/v1/habits/" + id + "/logs", {{"notes", "before"}}, a.auth()).status, 201);
  const std::string log = "/api/v1/habits/" + id + "/logs/" + today;
  auto edited = client().patch(log, {{"notes", "after ✓"}}, a.auth());
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json().at("notes").as_string(), "after ✓");
  EXPECT_EQ(edited.json().at("date").as_string(), today);
  EXPECT_TRUE(client().patch(log, {{"notes", nullptr}}, a.auth()).json().at("notes").is_null());
  expect_problem(client().patch(log, {{"notes", 5}}, a.auth()), 422);
  expect_problem(client().patch("/api/v1/habits/" + id + "/logs/2026-02-30", {{"notes", "x"}}, a.auth()), 422);
  expect_problem(client().patch("/api/v1/habits/" + id + "/logs/2001-01-01", {{"notes", "x"}}, a.auth()), 404);
  EXPECT_EQ(client().del(log, a.auth()).status, 204);
  expect_problem(client().del(log, a.auth()), 404);
  EXPECT_EQ(client().get("/api/v1/habits/" + id, a.auth()).json().at("total_completions").as_int64(), 0);
  // A delete that finds nothing says what is missing, the log or the habit, and changes nothing.
  const auto version = client().get("/api/v1/habits/" + id, a.auth()).header("etag");
  EXPECT_EQ(client().del(log, a.auth()).json().at("detail").as_string(), "No log on " + today + " for this habit.");
  EXPECT_EQ(
      client().del("/api/v1/habits/01a25183-0000-7000-8000-000000000000/logs/" + today, a.auth()).json().at("detail").as_string(),
      "No such habit.");
  EXPECT_EQ(client().get("/api/v1/habits/" + id, a.auth()).header("etag"), version);
}

TEST_F(HabitsApi, DayViewHasEveryDayOfTheRange) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  // Started on 2024-01-01, so that a view of the whole of 2024 lies after its start_date.
  const std::string id = create_habit(a, {{"name", "x"}, {"frequency", "daily"}, {"start_date", "2024-01-01"}});
  ASSERT_EQ(
      client().post("/api/v1/habits/" + id + "/logs", {{"date", format_date(today - days(2))}, {"notes", "n"}}, a.auth()).status,
      201);
  auto view = client().get("/api/v1/habits/" + id + "/logs", a.auth());
  ASSERT_EQ(view.status, 200) << view.body;
  const auto body = view.json().as_object();
  EXPECT_EQ(body.at("habit_id").as_string(), id);
  EXPECT_EQ(body.at("to").as_string(), format_date(today));
  EXPECT_EQ(body.at("from").as_string(), format_date(today - days(29)));
  const auto& day_list = body.at("days").as_array();
  ASSERT_EQ(day_list.size(), 30u);
  EXPECT_EQ(day_list.front().at("date").as_string(), format_date(today - days(29)));
  EXPECT_EQ(day_list.back().at("date").as_string(), format_date(today));
  const auto& logged = day_list[27].as_object();
  EXPECT_EQ(logged.at("date").as_string(), format_date(today - days(2)));
  EXPECT_EQ(logged.at("completed").as_bool(), true);
  EXPECT_EQ(logged.at("notes").as_string(), "n");
  EXPECT_EQ(day_list[28].at("completed").as_bool(), false);
  EXPECT_TRUE(day_list[28].at("notes").is_null());

  auto ranged = client().get(
      "/api/v1/habits/" + id + "/logs?from=" + format_date(today - days(2)) + "&to=" + format_date(today - days(2)), a.auth());
  ASSERT_EQ(ranged.json().at("days").as_array().size(), 1u);
  auto year = client().get("/api/v1/habits/" + id + "/logs?from=2024-01-01&to=2024-12-31", a.auth());
  EXPECT_EQ(year.json().at("days").as_array().size(), 366u);
  expect_problem(client().get("/api/v1/habits/" + id + "/logs?from=2024-01-01&to=2025-01-01", a.auth()), 422);
  expect_problem(client().get("/api/v1/habits/" + id + "/logs?from=2024-02-02&to=2024-02-01", a.auth()), 422);
  expect_problem(client().get("/api/v1/habits/" + id + "/logs?from=2024-02-30", a.auth()), 422);
}

TEST_F(HabitsApi, DayViewDefaultNeverStartsBeforeTheStartDate) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string id = create_habit(a, {{"name", "x"}, {"frequency", "daily"}, {"start_date", format_date(today - days(4))}});
  auto view = client().get("/api/v1/habits/" + id + "/logs", a.auth()).json();
  EXPECT_EQ(view.at("from").as_string(), format_date(today - days(4)));
  EXPECT_EQ(view.at("days").as_array().size(), 5u);
}

TEST_F(HabitsApi, DailyStreakKeepsTheOpenDay) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string id = create_habit(a, {{"name", "x"}, {"frequency", "daily"}, {"start_date", format_date(today - days(20))}});
  for (int back : {10, 9, 8, 7, 2, 1}) ASSERT_EQ(log_day(a, id, today - days(back)), 201);
  auto s = streak(a, id);
  EXPECT_EQ(s.at("habit_id").as_string(), id);
  EXPECT_EQ(s.at("frequency").as_string(), "daily");
  EXPECT_EQ(s.at("current_streak").as_int64(), 2);  // today still open
  EXPECT_EQ(s.at("longest_streak").as_int64(), 4);
  EXPECT_EQ(s.at("current_streak_start").as_string(), format_date(today - days(2)));
  EXPECT_EQ(s.at("last_completed_on").as_string(), format_date(today - days(1)));
  ASSERT_EQ(log_day(a, id, today), 201);
  EXPECT_EQ(streak(a, id).at("current_streak").as_int64(), 3);
  // The same numbers on the habit itself and in the list.
  auto habit = client().get("/api/v1/habits/" + id, a.auth()).json();
  EXPECT_EQ(habit.at("current_streak").as_int64(), 3);
  EXPECT_EQ(habit.at("longest_streak").as_int64(), 4);
  EXPECT_EQ(habit.at("total_completions").as_int64(), 7);
  auto listed = client().get("/api/v1/habits", a.auth()).json().at("items").as_array()[0];
  EXPECT_EQ(listed.at("current_streak").as_int64(), 3);
  // Two missed days break it.
  ASSERT_EQ(client().del("/api/v1/habits/" + id + "/logs/" + format_date(today), a.auth()).status, 204);
  ASSERT_EQ(client().del("/api/v1/habits/" + id + "/logs/" + format_date(today - days(1)), a.auth()).status, 204);
  EXPECT_EQ(streak(a, id).at("current_streak").as_int64(), 0);
  EXPECT_TRUE(streak(a, id).at("current_streak_start").is_null());
}

TEST_F(HabitsApi, WeeklyAndMonthlyStreaksCountPeriods) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const Date this_monday = domain::period_start(domain::Frequency::kWeekly, today);
  const std::string weekly =
      create_habit(a, {{"name", "w"}, {"frequency", "weekly"}, {"start_date", format_date(this_monday - days(35))}});
  // Last week and the week before, twice in one of them: 2 periods, current week open.
  for (int back : {1, 8, 10}) ASSERT_EQ(log_day(a, weekly, this_monday - days(back)), 201);
  auto w = streak(a, weekly);
  EXPECT_EQ(w.at("current_streak").as_int64(), 2);
  EXPECT_EQ(w.at("longest_streak").as_int64(), 2);
  EXPECT_EQ(w.at("current_streak_start").as_string(), format_date(this_monday - days(14)));

  const Date month_start = domain::period_start(domain::Frequency::kMonthly, today);
  const Date last_month = domain::previous_period_start(domain::Frequency::kMonthly, month_start);
  const std::string monthly = create_habit(a, {{"name", "m"}, {"frequency", "monthly"}, {"start_date", format_date(last_month)}});
  ASSERT_EQ(log_day(a, monthly, last_month + days(3)), 201);
  ASSERT_EQ(log_day(a, monthly, today), 201);
  auto m = streak(a, monthly);
  EXPECT_EQ(m.at("current_streak").as_int64(), 2);
  EXPECT_EQ(m.at("current_streak_start").as_string(), format_date(last_month));
  EXPECT_EQ(m.at("last_completed_on").as_string(), format_date(today));
}

}  // namespace
}  // namespace habitd::test
