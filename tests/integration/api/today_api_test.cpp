// GET /api/v1/today: one item per active habit started by the date, with the day's log and the
// progress of the period holding it.
#include "api_fixture.hpp"
#include "domain/calendar.hpp"

namespace habitd::test {
namespace {

using domain::Date;
using domain::format_date;
using std::chrono::days;

class TodayApi : public ApiTest {
 protected:
  boost::json::object today(const Account& a, const std::string& query = "") {
    auto reply = client().get("/api/v1/today" + query, a.auth());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json().as_object();
  }
  static const boost::json::object& item_named(const boost::json::object& today, std::string_view name) {
    for (const auto& item : today.at("items").as_array())
      if (item.at("habit").at("name").as_string() == name) return item.as_object();
    ADD_FAILURE() << "no item named " << name;
    static const boost::json::object none;
    return none;
  }
};

TEST_F(TodayApi, ListsActiveStartedHabitsInListOrderWithTheirDay) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string read =
      create_habit(a, {{"name", "read"}, {"frequency", "daily"}, {"start_date", format_date(today - days(3))}});
  const std::string gym = create_habit(
      a, {{"name", "gym"}, {"frequency", "weekly"}, {"times_per_period", 3}, {"start_date", format_date(today - days(40))}});
  const std::string water = create_habit(a, {{"name", "water"},
                                             {"frequency", "daily"},
                                             {"goal", 8},
                                             {"unit", "glasses"},
                                             {"start_date", format_date(today - days(3))}});
  const std::string old = create_habit(a, {{"name", "old"}, {"frequency", "monthly"}});
  const std::string fresh = create_habit(a, {{"name", "fresh"}, {"frequency", "monthly"}});
  ASSERT_EQ(client().patch("/api/v1/habits/" + old, {{"archived", true}}, a.auth()).status, 200);
  create_log(a, read, {{"notes", "chapter 3"}});
  create_log(a, read, {{"date", format_date(today - days(1))}});
  create_log(a, water, {{"amount", 3}});
  create_log(a, water, {{"date", format_date(today - days(1))}, {"amount", 9}});
  create_log(a, gym, {{"date", format_date(today)}, {"status", "skipped"}});

  const auto view = this->today(a);
  EXPECT_EQ(view.at("date").as_string(), format_date(today));
  std::vector<std::string> names;
  for (const auto& item : view.at("items").as_array()) names.emplace_back(item.at("habit").at("name").as_string());
  EXPECT_EQ(names, (std::vector<std::string>{"read", "gym", "water", "fresh"}));  // creation order, archived left out

  const auto& r = item_named(view, "read");
  EXPECT_TRUE(r.at("due").as_bool());
  EXPECT_EQ(r.at("status").as_string(), "completed");
  EXPECT_EQ(r.at("log").at("notes").as_string(), "chapter 3");
  EXPECT_EQ(r.at("log").at("date").as_string(), format_date(today));
  EXPECT_EQ(r.at("habit").at("current_streak").as_int64(), 2);
  EXPECT_EQ(r.at("period"), (boost::json::value{{"from", format_date(today)},
                                                {"to", format_date(today)},
                                                {"completed_logs", 1},
                                                {"times_per_period", 1},
                                                {"amount", nullptr},
                                                {"goal", nullptr},
                                                {"completed", true}}));
  // The habit is the one GET /habits/{id} returns.
  EXPECT_EQ(r.at("habit"), client().get("/api/v1/habits/" + read, a.auth()).json());

  const auto& g = item_named(view, "gym");
  EXPECT_EQ(g.at("status").as_string(), "skipped");
  EXPECT_EQ(g.at("log").at("status").as_string(), "skipped");
  EXPECT_EQ(g.at("period").at("from").as_string(), format_date(domain::period_start(domain::Frequency::kWeekly, today)));
  EXPECT_EQ(g.at("period").at("to").as_string(),
            format_date(domain::next_period_start(domain::Frequency::kWeekly, today) - days(1)));
  EXPECT_EQ(g.at("period").at("completed_logs").as_int64(), 0);
  EXPECT_EQ(g.at("period").at("times_per_period").as_int64(), 3);
  EXPECT_FALSE(g.at("period").at("completed").as_bool());

  const auto& w = item_named(view, "water");
  EXPECT_EQ(w.at("log").at("amount").as_int64(), 3);
  EXPECT_EQ(w.at("period").at("amount").as_int64(), 3);
  EXPECT_EQ(w.at("period").at("goal").as_int64(), 8);
  EXPECT_FALSE(w.at("period").at("completed").as_bool());

  const auto& f = item_named(view, "fresh");
  EXPECT_EQ(f.at("status").as_string(), "none");
  EXPECT_TRUE(f.at("log").is_null());
  EXPECT_EQ(f.at("period").at("from").as_string(), format_date(domain::period_start(domain::Frequency::kMonthly, today)));
}

TEST_F(TodayApi, AnEarlierDateShowsThatDayAndOnlyHabitsStartedByThen) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string water =
      create_habit(a, {{"name", "water"}, {"frequency", "daily"}, {"goal", 8}, {"start_date", format_date(today - days(3))}});
  create_habit(a, {{"name", "new"}, {"frequency", "daily"}});
  create_log(a, water, {{"date", format_date(today - days(1))}, {"amount", 9}});
  const auto view = this->today(a, "?date=" + format_date(today - days(1)));
  EXPECT_EQ(view.at("date").as_string(), format_date(today - days(1)));
  ASSERT_EQ(view.at("items").as_array().size(), 1u);
  const auto& w = item_named(view, "water");
  EXPECT_EQ(w.at("status").as_string(), "completed");
  EXPECT_EQ(w.at("period").at("amount").as_int64(), 9);
  EXPECT_TRUE(w.at("period").at("completed").as_bool());
  EXPECT_TRUE(this->today(a, "?date=" + format_date(today - days(10))).at("items").as_array().empty());
}

TEST_F(TodayApi, FollowsEveryChangeRightAway) {
  // The answer is cached like the habit list: each write must show in the next read.
  const Account a = register_user();
  const std::string id = create_habit(a, {{"name", "walk"}, {"frequency", "daily"}});
  EXPECT_EQ(item_named(this->today(a), "walk").at("status").as_string(), "none");
  create_log(a, id, {});
  EXPECT_EQ(item_named(this->today(a), "walk").at("status").as_string(), "completed");
  EXPECT_EQ(item_named(this->today(a), "walk").at("habit").at("current_streak").as_int64(), 1);
  const std::string date = format_date(today_in("UTC"));
  ASSERT_EQ(client().patch("/api/v1/habits/" + id + "/logs/" + date, {{"notes", "park"}}, a.auth()).status, 200);
  EXPECT_EQ(item_named(this->today(a), "walk").at("log").at("notes").as_string(), "park");
  ASSERT_EQ(client().del("/api/v1/habits/" + id + "/logs/" + date, a.auth()).status, 204);
  EXPECT_EQ(item_named(this->today(a), "walk").at("status").as_string(), "none");
  ASSERT_EQ(client().del("/api/v1/habits/" + id, a.auth()).status, 204);
  EXPECT_TRUE(this->today(a).at("items").as_array().empty());
}

TEST_F(TodayApi, ShowsOnlyTheCallersHabits) {
  const Account a = register_user();
  const Account b = register_user();
  create_habit(a, {{"name", "mine"}, {"frequency", "daily"}});
  EXPECT_TRUE(this->today(b).at("items").as_array().empty());
  EXPECT_EQ(this->today(a).at("items").as_array().size(), 1u);
}

TEST_F(TodayApi, BadDatesAndMissingTokensAreRefused) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  expect_problem(client().get("/api/v1/today?date=" + format_date(today + days(2)), a.auth()), 422);
  for (const char* bad : {"abc", "2026-02-30", "2026-1-5", ""})
    expect_problem(client().get(std::string("/api/v1/today?date=") + bad, a.auth()), 400);
  expect_problem(client().get("/api/v1/today"), 401);
}

}  // namespace
}  // namespace habitd::test
