// "Habits that fit real life": skipped days, several times per period, numeric goals, day start.
#include <thread>

#include "api_fixture.hpp"
#include "domain/calendar.hpp"

namespace habitd::test {
namespace {

using domain::Date;
using domain::format_date;
using std::chrono::days;

class AdditionsApi : public ApiTest {
 protected:
  std::string habit(const Account& a, boost::json::object body) {
    auto reply = client().post("/api/v1/habits", body, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return std::string(reply.json().at("id").as_string());
  }
  Reply log(const Account& a, const std::string& id, boost::json::object body) {
    return client().post("/api/v1/habits/" + id + "/logs", body, a.auth());
  }
  boost::json::value get(const Account& a, const std::string& id) {
    return client().get("/api/v1/habits/" + id, a.auth()).json();
  }
};

TEST_F(AdditionsApi, ASkippedDayKeepsTheStreak) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string id = habit(a, {{"name", "run"}, {"frequency", "daily"}, {"start_date", format_date(today - days(10))}});
  for (int back : {4, 3, 1}) ASSERT_EQ(log(a, id, {{"date", format_date(today - days(back))}}).status, 201);
  EXPECT_EQ(get(a, id).at("current_streak").as_int64(), 1);
  auto skipped = log(a, id, {{"date", format_date(today - days(2))}, {"status", "skipped"}, {"notes", "ill"}});
  ASSERT_EQ(skipped.status, 201) << skipped.body;
  EXPECT_EQ(skipped.json().at("status").as_string(), "skipped");
  const auto h = get(a, id);
  EXPECT_EQ(h.at("current_streak").as_int64(), 3);
  EXPECT_EQ(h.at("current_streak_start").as_string(), format_date(today - days(4)));
  EXPECT_EQ(h.at("total_completions").as_int64(), 3);
  auto view =
      client()
          .get("/api/v1/habits/" + id + "/logs?from=" + format_date(today - days(2)) + "&to=" + format_date(today - days(2)),
               a.auth())
          .json();
  const auto& day = view.at("days").as_array()[0];
  EXPECT_EQ(day.at("status").as_string(), "skipped");
  EXPECT_EQ(day.at("completed").as_bool(), false);
  EXPECT_EQ(day.at("notes").as_string(), "ill");
  // A skip can be turned into a completion.
  auto changed =
      client().patch("/api/v1/habits/" + id + "/logs/" + format_date(today - days(2)), {{"status", "completed"}}, a.auth());
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(get(a, id).at("total_completions").as_int64(), 4);
}

TEST_F(AdditionsApi, SkipARangeForAHoliday) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string id = habit(a, {{"name", "gym"}, {"frequency", "daily"}, {"start_date", format_date(today - days(20))}});
  ASSERT_EQ(log(a, id, {{"date", format_date(today - days(8))}}).status, 201);
  ASSERT_EQ(log(a, id, {{"date", format_date(today - days(5))}}).status, 201);
  auto reply = client().post("/api/v1/habits/" + id + "/skips",
                             {{"from", format_date(today - days(7))}, {"to", format_date(today - days(1))}, {"notes", "holiday"}},
                             a.auth());
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.json().at("skipped").as_int64(), 6);  // 7 days, one already logged
  const auto h = get(a, id);
  EXPECT_EQ(h.at("current_streak").as_int64(), 2);
  EXPECT_EQ(h.at("total_completions").as_int64(), 2);
  const std::string skips = "/api/v1/habits/" + id + "/skips";
  expect_problem(client().post(skips, {{"from", format_date(today - days(30))}, {"to", format_date(today)}}, a.auth()), 422);
  expect_problem(client().post(skips, {{"from", format_date(today)}, {"to", format_date(today + days(1))}}, a.auth()), 422);
  expect_problem(client().post(skips, {{"from", format_date(today)}, {"to", format_date(today - days(1))}}, a.auth()), 422);
  expect_problem(client().post(skips, {{"to", format_date(today)}}, a.auth()), 422);
  const Account other = register_user();
  expect_problem(client().post(skips, {{"from", format_date(today)}, {"to", format_date(today)}}, other.auth()), 404);
}

TEST_F(AdditionsApi, DayStartMovesToday) {
  // A night owl whose day starts at 23:59: until 23:59 UTC, "today" is still yesterday.
  const Account owl = register_user("UTC", "23:59");
  const auto now = std::chrono::system_clock::now();
  const auto minute_of_day = std::chrono::duration_cast<std::chrono::minutes>(now - std::chrono::floor<days>(now)).count();
  if (minute_of_day >= 23 * 60 + 58) GTEST_SKIP() << "too close to the night owl's day change to tell";
  EXPECT_EQ(client().get("/api/v1/users/me", owl.auth()).json().at("day_start").as_string(), "23:59");
  const std::string id =
      habit(owl, {{"name", "late"}, {"frequency", "daily"}, {"start_date", format_date(today_in("UTC") - days(5))}});
  auto logged = log(owl, id, boost::json::object{});
  ASSERT_EQ(logged.status, 201) << logged.body;
  EXPECT_EQ(logged.json().at("date").as_string(), format_date(today_in("UTC") - days(1)));
  expect_problem(log(owl, id, {{"date", format_date(today_in("UTC"))}}), 422);  // UTC's today is the owl's tomorrow
  const auto week = client().get("/api/v1/progress", owl.auth()).json().at("last_week");
  EXPECT_EQ(week.at("to").as_string(), format_date(today_in("UTC") - days(1)));
}

TEST_F(AdditionsApi, SeveralTimesPerWeek) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const Date monday = domain::period_start(domain::Frequency::kWeekly, today);
  const std::string id = habit(
      a, {{"name", "gym"}, {"frequency", "weekly"}, {"times_per_period", 3}, {"start_date", format_date(monday - days(14))}});
  for (int back : {1, 2, 3, 8, 9}) ASSERT_EQ(log(a, id, {{"date", format_date(monday - days(back))}}).status, 201);
  // Last week has 3 (completed), the week before only 2 (not).
  const auto h = get(a, id);
  EXPECT_EQ(h.at("times_per_period").as_int64(), 3);
  EXPECT_EQ(h.at("current_streak").as_int64(), 1);
  expect_problem(client().post("/api/v1/habits", {{"name", "x"}, {"frequency", "daily"}, {"times_per_period", 2}}, a.auth()),
                 422);
  expect_problem(client().post("/api/v1/habits", {{"name", "x"}, {"frequency", "weekly"}, {"times_per_period", 8}}, a.auth()),
                 422);
  EXPECT_EQ(client().post("/api/v1/habits", {{"name", "x"}, {"frequency", "monthly"}, {"times_per_period", 28}}, a.auth()).status,
            201);
}

TEST_F(AdditionsApi, NumericGoalsSumAmounts) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const Date monday = domain::period_start(domain::Frequency::kWeekly, today);
  const std::string id = habit(a, {{"name", "read"},
                                   {"frequency", "weekly"},
                                   {"goal", 100},
                                   {"unit", "pages"},
                                   {"start_date", format_date(monday - days(7))}});
  expect_problem(log(a, id, {{"date", format_date(monday - days(7))}}), 422);  // amount missing
  ASSERT_EQ(log(a, id, {{"date", format_date(monday - days(7))}, {"amount", 60}}).status, 201);
  EXPECT_EQ(get(a, id).at("current_streak").as_int64(), 0);
  auto second = log(a, id, {{"date", format_date(monday - days(6))}, {"amount", 40.5}});
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.json().at("amount").to_number<double>(), 40.5);
  const auto h = get(a, id);
  EXPECT_EQ(h.at("current_streak").as_int64(), 1);
  EXPECT_EQ(h.at("goal").to_number<double>(), 100.0);
  EXPECT_EQ(h.at("unit").as_string(), "pages");
  expect_problem(log(a, id, {{"date", format_date(monday - days(5))}, {"amount", -1}}), 422);
  const std::string plain = habit(a, {{"name", "plain"}, {"frequency", "daily"}});
  expect_problem(log(a, plain, {{"amount", 3}}), 422);
  expect_problem(
      client().post("/api/v1/habits", {{"name", "x"}, {"frequency", "weekly"}, {"goal", 5}, {"times_per_period", 2}}, a.auth()),
      422);
  expect_problem(client().post("/api/v1/habits", {{"name", "x"}, {"frequency", "weekly"}, {"goal", 0}}, a.auth()), 422);
  expect_problem(
      client().post("/api/v1/habits", {{"name", "x"}, {"frequency", "weekly"}, {"unit", std::string(21, 'u')}}, a.auth()), 422);
}

}  // namespace
}  // namespace habitd::test

namespace habitd::test {
namespace {

class IdempotencyApi : public ApiTest {};

TEST_F(IdempotencyApi, ARetryReplaysTheFirstResponse) {
  const Account a = register_user();
  Headers headers = a.auth();
  headers.emplace_back("Idempotency-Key", "create-habit-1");
  const boost::json::object body{{"name", "meditate"}, {"frequency", "daily"}};
  auto first = client().post("/api/v1/habits", body, headers);
  ASSERT_EQ(first.status, 201) << first.body;
  auto second = client().post("/api/v1/habits", body, headers);
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.header("location"), first.header("location"));
  EXPECT_EQ(second.header("idempotent-replayed"), "true");
  EXPECT_EQ(client().get("/api/v1/habits", a.auth()).json().at("total").as_int64(), 1);
  // Another body with the same key is refused; another user has keys of their own.
  expect_problem(client().post("/api/v1/habits", {{"name", "other"}, {"frequency", "daily"}}, headers), 422);
  const Account b = register_user();
  Headers other = b.auth();
  other.emplace_back("Idempotency-Key", "create-habit-1");
  EXPECT_EQ(client().post("/api/v1/habits", body, other).status, 201);
  EXPECT_EQ(client().get("/api/v1/habits", b.auth()).json().at("total").as_int64(), 1);
}

TEST_F(IdempotencyApi, ErrorsAreReplayedToo) {
  const Account a = register_user();
  const std::string id(
      client().post("/api/v1/habits", {{"name", "x"}, {"frequency", "daily"}}, a.auth()).json().at("id").as_string());
  Headers headers = a.auth();
  headers.emplace_back("Idempotency-Key", "log-today");
  EXPECT_EQ(client().post("/api/v1/habits/" + id + "/logs", boost::json::object{}, headers).status, 201);
  // The retry is not a duplicate: it gets the 201 again, not a 409.
  EXPECT_EQ(client().post("/api/v1/habits/" + id + "/logs", boost::json::object{}, headers).status, 201);
  expect_problem(client().post("/api/v1/habits/" + id + "/logs", boost::json::object{}, a.auth()), 409);
}

TEST_F(IdempotencyApi, SimultaneousIdenticalRequestsRunOnce) {
  const Account a = register_user();
  Headers headers = a.auth();
  headers.emplace_back("Idempotency-Key", "burst");
  std::vector<int> statuses(10);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < statuses.size(); ++i)
    threads.emplace_back([&, i] {
      statuses[i] = client().post("/api/v1/habits", {{"name", "once"}, {"frequency", "daily"}}, headers).status;
    });
  for (auto& thread : threads) thread.join();
  for (int status : statuses) EXPECT_TRUE(status == 201 || status == 409) << status;
  EXPECT_EQ(client().get("/api/v1/habits", a.auth()).json().at("total").as_int64(), 1);
}

TEST_F(IdempotencyApi, BadKeysAreRefused) {
  const Account a = register_user();
  Headers headers = a.auth();
  headers.emplace_back("Idempotency-Key", std::string(256, 'k'));
  expect_problem(client().post("/api/v1/habits", {{"name", "x"}, {"frequency", "daily"}}, headers), 422);
}

}  // namespace
}  // namespace habitd::test
