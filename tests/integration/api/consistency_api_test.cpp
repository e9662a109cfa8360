// Consistency of figures and data (issue #15), case by case over HTTP: logs after a moved
// "today" still count everywhere, goals can be added and removed, every export imports,
// start_date may lie in the future, and Idempotency-Key bodies are compared as JSON values.
// The server runs on a test clock (util/file_clock.hpp), so each case chooses the instant it
// needs, e.g. one where Kiritimati (UTC+14) is a day or two ahead of Pago Pago (UTC-11).
#include <memory>

#include "api_fixture.hpp"
#include "domain/calendar.hpp"
#include "test_clock.hpp"

namespace habitd::test {
namespace {

using domain::Date;
using domain::format_date;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr const char* kAhead = "Pacific/Kiritimati";
constexpr const char* kBehind = "Pacific/Pago_Pago";

class ConsistencyApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    clock_ = std::make_unique<TestClock>(utc(2026, 3, 1, 0, 0));
    auto env = clock_->env();
    env.emplace_back("HABITS_ACCESS_TOKEN_TTL", "86400");
    start_server_alone(env);
  }
  static void TearDownTestSuite() {
    server_.reset();
    clock_.reset();
  }

  // Moves the server's clock to the next day (UTC) at hour:minute:30. Every case starts so.
  static void next_day_at(int hour, int minute) {
    const auto day = std::chrono::floor<days>(clock_->now()) + days(1);
    clock_->set(day + hours(hour) + minutes(minute) + std::chrono::seconds(30));
  }
  // The user's today in `zone`, as the server computes it at the clock's instant.
  static Date today_in_zone(const std::string& zone) {
    return domain::local_today(*domain::find_zone(zone), minutes(0), clock_->now());
  }

  std::string habit(const Account& a, boost::json::object body) {
    auto reply = client().post("/api/v1/habits", body, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.status == 201 ? std::string(reply.json().at("id").as_string()) : std::string();
  }
  void log(const Account& a, const std::string& id, boost::json::object body) {
    auto reply = client().post("/api/v1/habits/" + id + "/logs", body, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
  }
  boost::json::object get(const Account& a, const std::string& target) {
    auto reply = client().get(target, a.auth());
    EXPECT_EQ(reply.status, 200) << target << ": " << reply.body;
    return reply.status == 200 ? reply.json().as_object() : boost::json::object{};
  }
  void move_to(const Account& a, const std::string& zone) {
    auto reply = client().patch("/api/v1/users/me", {{"timezone", zone}}, a.auth());
    EXPECT_EQ(reply.status, 200) << reply.body;
  }
  // The issue's case: a user in Kiritimati logs a daily habit on their yesterday and today (d),
  // then moves to Pago Pago, whose today is `behind` days earlier.
  struct Moved {
    Account account;
    std::string habit_id;
    Date d;
  };
  Moved logged_ahead_then_moved_behind(int behind) {
    const Account a = register_user(kAhead);
    const Date d = today_in_zone(kAhead);
    const std::string id = habit(a, {{"name", "Run"}, {"frequency", "daily"}, {"start_date", format_date(d - days(5))}});
    log(a, id, {{"date", format_date(d - days(1))}});
    log(a, id, {{"date", format_date(d)}});
    move_to(a, kBehind);
    EXPECT_EQ(today_in_zone(kBehind), d - days(behind));
    return {a, id, d};
  }
  Reply import(const Account& a, const boost::json::object& document) {
    return client().request("POST", "/api/v1/import", boost::json::serialize(document), a.auth());
  }

  static inline std::unique_ptr<TestClock> clock_;
};

std::string text(const boost::json::value& value) { return value.is_null() ? "null" : std::string(value.as_string()); }

// ------------------------------------------------------------------ figures never drop a log

TEST_F(ConsistencyApi, LogsAfterTheNewTodayStillCountEverywhere) {
  next_day_at(20, 0);  // Kiritimati is one day ahead of Pago Pago
  const auto [a, id, d] = logged_ahead_then_moved_behind(1);

  const auto habit = get(a, "/api/v1/habits/" + id);
  EXPECT_EQ(habit.at("total_completions").as_int64(), 2);
  EXPECT_EQ(text(habit.at("last_completed_on")), format_date(d));
  EXPECT_EQ(habit.at("longest_streak").as_int64(), 2);
  EXPECT_EQ(habit.at("current_streak").as_int64(), 1);  // today's log; the one after today does not extend it
  EXPECT_EQ(text(habit.at("current_streak_start")), format_date(d - days(1)));

  const auto streak = get(a, "/api/v1/habits/" + id + "/streak");
  for (const char* field : {"current_streak", "longest_streak", "last_completed_on", "current_streak_start"})
    EXPECT_EQ(streak.at(field), habit.at(field)) << field;
  const auto progress = get(a, "/api/v1/progress");
  EXPECT_EQ(progress.at("total_completions").as_int64(), 2);
  EXPECT_EQ(progress.at("current_streaks").as_array()[0].at("current_streak"), habit.at("current_streak"));
  EXPECT_EQ(progress.at("current_streaks").as_array()[0].at("longest_streak"), habit.at("longest_streak"));
  // The windows stay the days ending today.
  EXPECT_EQ(text(progress.at("last_week").at("to")), format_date(d - days(1)));
  EXPECT_EQ(progress.at("last_week").at("completions").as_int64(), 1);
  const auto insights = get(a, "/api/v1/insights");
  EXPECT_EQ(insights.at("most_completed_habit").at("completions").as_int64(), 2);
  const auto list = get(a, "/api/v1/habits");
  EXPECT_EQ(list.at("items").as_array()[0].as_object(), habit);
}

TEST_F(ConsistencyApi, TwoDaysBehindTheCurrentStreakWaitsButNothingIsLost) {
  next_day_at(10, 30);  // Kiritimati 00:30 on d, Pago Pago 23:30 on d - 2
  const auto [a, id, d] = logged_ahead_then_moved_behind(2);
  const auto habit = get(a, "/api/v1/habits/" + id);
  EXPECT_EQ(habit.at("total_completions").as_int64(), 2);
  EXPECT_EQ(habit.at("longest_streak").as_int64(), 2);
  EXPECT_EQ(habit.at("current_streak").as_int64(), 0);
  EXPECT_EQ(get(a, "/api/v1/progress").at("total_completions").as_int64(), 2);
}

TEST_F(ConsistencyApi, AMonthlyHabitsCurrentMonthIsCompletedByALogAfterToday) {
  next_day_at(20, 0);
  while (static_cast<unsigned>(std::chrono::year_month_day{today_in_zone(kAhead)}.day()) == 1) next_day_at(20, 0);
  const Account a = register_user(kAhead);
  const Date d = today_in_zone(kAhead);
  const std::string id = habit(a, {{"name", "Call home"}, {"frequency", "monthly"}});  // start_date: d
  log(a, id, {{"date", format_date(d)}});
  move_to(a, kBehind);  // today is d - 1: before the only log, and before start_date
  const auto habit = get(a, "/api/v1/habits/" + id);
  EXPECT_EQ(habit.at("current_streak").as_int64(), 1);
  EXPECT_EQ(text(habit.at("current_streak_start")), format_date(domain::period_start(domain::Frequency::kMonthly, d)));
  EXPECT_EQ(habit.at("longest_streak").as_int64(), 1);
  EXPECT_EQ(habit.at("total_completions").as_int64(), 1);
  EXPECT_EQ(text(habit.at("last_completed_on")), format_date(d));
  EXPECT_EQ(habit.at("completion_rate").to_number<double>(), 1.0);
}

TEST_F(ConsistencyApi, AStartDateAfterTheNewTodayKeepsItsFigures) {
  next_day_at(20, 0);
  const Account a = register_user(kAhead);
  const Date d = today_in_zone(kAhead);
  const std::string id = habit(a, {{"name", "Run"}, {"frequency", "daily"}, {"target", 10}});
  log(a, id, {{"date", format_date(d)}});
  move_to(a, kBehind);
  const auto habit = get(a, "/api/v1/habits/" + id);
  EXPECT_EQ(habit.at("total_completions").as_int64(), 1);
  EXPECT_EQ(habit.at("longest_streak").as_int64(), 1);
  EXPECT_EQ(habit.at("current_streak").as_int64(), 0);
  EXPECT_EQ(habit.at("target_progress").at("completed_periods").as_int64(), 1);
  // The default day view would end before start_date: 422. Naming from gives the days.
  auto view = client().get("/api/v1/habits/" + id + "/logs", a.auth());
  expect_problem(view, 422);
  EXPECT_EQ(error_fields(view), std::vector<std::string>{"to"});
  const auto days_view = get(a, "/api/v1/habits/" + id + "/logs?from=" + format_date(d) + "&to=" + format_date(d + days(1)));
  EXPECT_TRUE(days_view.at("days").as_array()[0].at("completed").as_bool());
}

// ------------------------------------------------------------------ goals can change

TEST_F(ConsistencyApi, RemovingAGoalClearsTheAmounts) {
  next_day_at(12, 0);
  const Account a = register_user();
  const Date today = today_in_zone("UTC");
  const std::string id = habit(
      a,
      {{"name", "Read"}, {"frequency", "daily"}, {"goal", 2}, {"unit", "pages"}, {"start_date", format_date(today - days(3))}});
  log(a, id, {{"date", format_date(today - days(1))}, {"amount", 3}, {"notes", "ch. 1"}});
  log(a, id, {{"date", format_date(today - days(2))}, {"status", "skipped"}});
  auto patched = client().patch("/api/v1/habits/" + id, {{"goal", nullptr}}, a.auth());
  ASSERT_EQ(patched.status, 200) << patched.body;

  const auto view = get(a, "/api/v1/habits/" + id + "/logs");
  for (const auto& day : view.at("days").as_array()) EXPECT_TRUE(day.at("amount").is_null()) << day;
  const std::string log_path = "/api/v1/habits/" + id + "/logs/" + format_date(today - days(1));
  auto notes = client().patch(log_path, {{"notes", "chapter 1"}}, a.auth());
  ASSERT_EQ(notes.status, 200) << notes.body;
  EXPECT_TRUE(notes.json().at("amount").is_null());

  const auto exported = get(a, "/api/v1/export");
  for (const auto& entry : exported.at("habits").as_array()[0].at("logs").as_array()) EXPECT_TRUE(entry.at("amount").is_null());
  const Account b = register_user();
  auto imported = import(b, exported);
  EXPECT_EQ(imported.status, 201) << imported.body;
}

TEST_F(ConsistencyApi, AddingAGoalGivesPlainLogsTheAmountZero) {
  next_day_at(12, 0);
  const Account a = register_user();
  const Date today = today_in_zone("UTC");
  const std::string id = habit(a, {{"name", "Swim"}, {"frequency", "weekly"}, {"start_date", format_date(today - days(20))}});
  log(a, id, {{"date", format_date(today - days(10))}});
  log(a, id, {{"date", format_date(today - days(1))}});
  log(a, id, {{"date", format_date(today - days(2))}, {"status", "skipped"}});
  EXPECT_EQ(get(a, "/api/v1/habits/" + id).at("total_completions").as_int64(), 2);
  auto patched = client().patch("/api/v1/habits/" + id, {{"goal", 5}, {"unit", "km"}}, a.auth());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json().at("total_completions").as_int64(), 2);  // still completions, adding nothing
  EXPECT_EQ(patched.json().at("longest_streak").as_int64(), 0);     // 0 km reaches no goal of 5

  const auto view = get(a, "/api/v1/habits/" + id + "/logs?from=" + format_date(today - days(10)) + "&to=" + format_date(today));
  const auto& days_list = view.at("days").as_array();
  EXPECT_EQ(days_list[0].at("amount").to_number<double>(), 0.0);  // today - 10
  EXPECT_TRUE(days_list[8].at("amount").is_null());               // today - 2, skipped
  EXPECT_EQ(days_list[9].at("amount").to_number<double>(), 0.0);  // today - 1
  // A notes-only PATCH of such a log names no amount and needs none.
  EXPECT_EQ(
      client().patch("/api/v1/habits/" + id + "/logs/" + format_date(today - days(1)), {{"notes", "pool"}}, a.auth()).status,
      200);
  // The amount can now be set, and new completed logs need one.
  EXPECT_EQ(client().patch("/api/v1/habits/" + id + "/logs/" + format_date(today - days(1)), {{"amount", 5}}, a.auth()).status,
            200);
  expect_problem(client().post("/api/v1/habits/" + id + "/logs", {{"date", format_date(today)}}, a.auth()), 422);

  const Account b = register_user();
  auto imported = import(b, get(a, "/api/v1/export"));
  EXPECT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.json().at("logs_created").as_int64(), 3);
}

// Found by the model API test on PostgreSQL: the cached INSERT of a log, run again after a refused
// one (409), sent that request's notes and amount where the next log had none.
TEST_F(ConsistencyApi, ALogAfterARefusedOneKeepsItsOwnEmptyFields) {
  next_day_at(12, 0);
  const Account a = register_user();
  const Date today = today_in_zone("UTC");
  const std::string id =
      habit(a, {{"name", "Read"}, {"frequency", "daily"}, {"goal", 2}, {"start_date", format_date(today - days(20))}});
  log(a, id, {{"date", format_date(today)}, {"amount", 3}, {"notes", "first"}});
  for (int i = 1; i <= 6; ++i) {
    const auto refused = client().post("/api/v1/habits/" + id + "/logs",
                                       {{"date", format_date(today)}, {"amount", 7}, {"notes", "refused"}}, a.auth());
    expect_problem(refused, 409);
    log(a, id, {{"date", format_date(today - days(i))}, {"status", "skipped"}});
  }
  const auto view = get(a, "/api/v1/habits/" + id + "/logs?from=" + format_date(today - days(6)) + "&to=" + format_date(today));
  const auto& entries = view.at("days").as_array();
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_TRUE(entries[i].at("notes").is_null()) << entries[i];
    EXPECT_TRUE(entries[i].at("amount").is_null()) << entries[i];
  }
  EXPECT_EQ(text(entries[6].at("notes")), "first");
  EXPECT_EQ(entries[6].at("amount").to_number<double>(), 3.0);
}

// ------------------------------------------------------------------ every export imports

TEST_F(ConsistencyApi, AnExportFromAheadImportsIntoAnAccountBehind) {
  next_day_at(20, 0);
  const Account ahead = register_user(kAhead);
  const Date d = today_in_zone(kAhead);
  const std::string id = habit(ahead, {{"name", "Run"}, {"frequency", "weekly"}, {"times_per_period", 2}});  // starts on d
  log(ahead, id, {{"date", format_date(d)}, {"notes", "first"}});
  const std::string later =
      habit(ahead, {{"name", "Plan"}, {"frequency", "daily"}, {"start_date", format_date(d + days(30))}, {"archived", true}});
  const auto exported = get(ahead, "/api/v1/export");

  const Account behind = register_user(kBehind);
  ASSERT_LT(today_in_zone(kBehind), d);
  auto imported = import(behind, exported);
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.json().at("habits_created").as_int64(), 2);
  EXPECT_EQ(imported.json().at("logs_created").as_int64(), 1);
  // The copy holds the same data, and its export imports again.
  const auto copy = get(behind, "/api/v1/export");
  ASSERT_EQ(copy.at("habits").as_array().size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& original = exported.at("habits").as_array()[i].as_object();
    const auto& copied = copy.at("habits").as_array()[i].as_object();
    for (const char* field : {"name", "frequency", "start_date", "archived", "times_per_period", "logs", "total_completions",
                              "last_completed_on", "longest_streak"})
      EXPECT_EQ(copied.at(field), original.at(field)) << field;
  }
  const Account third = register_user(kBehind);
  EXPECT_EQ(import(third, copy).status, 201);
}

// ------------------------------------------------------------------ start_date in the future

TEST_F(ConsistencyApi, AStartDateMayLieInTheFutureButNoLogBeforeIt) {
  next_day_at(12, 0);
  const Account a = register_user();
  const Date today = today_in_zone("UTC");
  auto created = client().post(
      "/api/v1/habits", {{"name", "Marathon"}, {"frequency", "weekly"}, {"start_date", format_date(today + days(10))}}, a.auth());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(created.json().at("id").as_string());
  EXPECT_EQ(created.json().at("current_streak").as_int64(), 0);
  EXPECT_TRUE(created.json().at("completion_rate").is_null());
  auto early = client().post("/api/v1/habits/" + id + "/logs", {{"date", format_date(today)}}, a.auth());
  expect_problem(early, 422);
  EXPECT_EQ(error_fields(early), std::vector<std::string>{"date"});
  expect_problem(client().post("/api/v1/habits/" + id + "/skips",
                               {{"from", format_date(today - days(1))}, {"to", format_date(today)}}, a.auth()),
                 422);
  EXPECT_EQ(client().patch("/api/v1/habits/" + id, {{"start_date", format_date(today + days(40))}}, a.auth()).status, 200);

  // A day view whose to is before start_date is 422, with a from or without one.
  auto only_to = client().get("/api/v1/habits/" + id + "/logs?to=" + format_date(today + days(39)), a.auth());
  expect_problem(only_to, 422);
  EXPECT_EQ(error_fields(only_to), std::vector<std::string>{"to"});
  expect_problem(client().get("/api/v1/habits/" + id + "/logs", a.auth()), 422);
  auto ranged =
      client().get("/api/v1/habits/" + id + "/logs?from=" + format_date(today) + "&to=" + format_date(today + days(2)), a.auth());
  expect_problem(ranged, 422);
  EXPECT_EQ(error_fields(ranged), std::vector<std::string>{"to"});
  const auto at_start = get(a, "/api/v1/habits/" + id + "/logs?to=" + format_date(today + days(40)));
  EXPECT_EQ(at_start.at("days").as_array().size(), 1U);
  // A from before start_date is fine while to is not: the days before the start read as empty.
  const auto across =
      get(a, "/api/v1/habits/" + id + "/logs?from=" + format_date(today + days(38)) + "&to=" + format_date(today + days(41)));
  EXPECT_EQ(across.at("days").as_array().size(), 4U);

  // Moved back to the past it takes logs, and then cannot move past them again.
  EXPECT_EQ(client().patch("/api/v1/habits/" + id, {{"start_date", format_date(today - days(3))}}, a.auth()).status, 200);
  log(a, id, {{"date", format_date(today - days(2))}});
  auto past_logs = client().patch("/api/v1/habits/" + id, {{"start_date", format_date(today + days(1))}}, a.auth());
  expect_problem(past_logs, 422);
  EXPECT_EQ(error_fields(past_logs), std::vector<std::string>{"start_date"});
}

// ------------------------------------------------------------------ Idempotency-Key

TEST_F(ConsistencyApi, IdempotencyKeyBodiesAreComparedAsJsonValues) {
  next_day_at(12, 0);
  const Account a = register_user();
  Headers headers = a.auth();
  headers.emplace_back("Idempotency-Key", "consistency-1");
  auto first = client().request("POST", "/api/v1/habits", R"({"name":"Read","frequency":"daily","target":30})", headers);
  ASSERT_EQ(first.status, 201) << first.body;
  for (const char* same : {R"({"target":30,"frequency":"daily","name":"Read"})",
                           "{\n  \"name\" : \"Read\",\n  \"frequency\" : \"daily\",\n  \"target\" : 30.0\n}",
                           R"({"name":"R\u0065ad","frequency":"daily","target":3e1})"}) {
    auto again = client().request("POST", "/api/v1/habits", same, headers);
    EXPECT_EQ(again.status, 201) << same << ": " << again.body;
    EXPECT_EQ(again.header("idempotent-replayed"), "true") << same;
    EXPECT_EQ(again.body, first.body);
  }
  auto other = client().request("POST", "/api/v1/habits", R"({"name":"Read","frequency":"daily","target":31})", headers);
  expect_problem(other, 422);
  EXPECT_EQ(get(a, "/api/v1/habits").at("total").as_int64(), 1);
  // 30.0 is the whole number 30 without a key too.
  auto spelled = client().request("POST", "/api/v1/habits", R"({"name":"Walk","frequency":"daily","target":30.0})", a.auth());
  ASSERT_EQ(spelled.status, 201) << spelled.body;
  EXPECT_EQ(spelled.json().at("target").as_int64(), 30);
}

}  // namespace
}  // namespace habitd::test
