// Weekday schedules: a daily habit due on some days only. A day that is not due counts when it is
// completed and is otherwise passed over like a skip; the day view says which days are due.
#include <map>

#include "api_fixture.hpp"
#include "domain/calendar.hpp"

namespace habitd::test {
namespace {

using domain::Date;
using domain::format_date;
using std::chrono::days;

class SchedulesApi : public ApiTest {
 protected:
  Reply create(const Account& a, boost::json::object body) { return client().post("/api/v1/habits", body, a.auth()); }
  // The Monday at least two weeks before today.
  static Date monday_before(Date today) {
    Date day = today - days(14);
    while (std::chrono::weekday{day} != std::chrono::Monday) day -= days(1);
    return day;
  }
};

TEST_F(SchedulesApi, WeekdaysAreKeptMondayFirstAndDefaultToEveryDay) {
  const Account a = register_user();
  auto some = create(a, {{"name", "gym"}, {"frequency", "daily"}, {"weekdays", {"fri", "mon", "wed"}}});
  ASSERT_EQ(some.status, 201) << some.body;
  EXPECT_EQ(some.json().at("weekdays"), boost::json::value({"mon", "wed", "fri"}));
  auto every = create(a, {{"name", "water"}, {"frequency", "daily"}});
  EXPECT_EQ(every.json().at("weekdays"), boost::json::value({"mon", "tue", "wed", "thu", "fri", "sat", "sun"}));
  const std::string id(some.json().at("id").as_string());
  auto patched = client().patch("/api/v1/habits/" + id, {{"weekdays", {"sat", "sun"}}}, a.auth());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json().at("weekdays"), boost::json::value({"sat", "sun"}));
  // A habit that stops being daily is due every day of its periods.
  auto weekly = client().patch("/api/v1/habits/" + id, {{"frequency", "weekly"}}, a.auth());
  ASSERT_EQ(weekly.status, 200) << weekly.body;
  EXPECT_EQ(weekly.json().at("weekdays").as_array().size(), 7u);
}

TEST_F(SchedulesApi, BadSchedulesAre422) {
  const Account a = register_user();
  for (const boost::json::value& schedule :
       {boost::json::value(boost::json::array{}), boost::json::value({"mon", "mon"}), boost::json::value({"funday"}),
        boost::json::value("mon"), boost::json::value({1, 2})}) {
    auto reply = create(a, {{"name", "x"}, {"frequency", "daily"}, {"weekdays", schedule}});
    expect_problem(reply, 422);
    EXPECT_EQ(error_fields(reply), std::vector<std::string>{"weekdays"}) << reply.body;
  }
  expect_problem(create(a, {{"name", "x"}, {"frequency", "weekly"}, {"weekdays", {"mon"}}}), 422);
  EXPECT_EQ(create(a, {{"name", "x"}, {"frequency", "monthly"}, {"weekdays", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}}})
                .status,
            201);
}

TEST_F(SchedulesApi, DaysThatAreNotDueNeitherBreakNorExtendARunUnlessDone) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const Date monday = monday_before(today);
  auto made = create(
      a, {{"name", "run"}, {"frequency", "daily"}, {"start_date", format_date(monday)}, {"weekdays", {"mon", "wed", "fri"}}});
  const std::string id(made.json().at("id").as_string());
  const auto log = [&](Date day) {
    auto reply = client().post("/api/v1/habits/" + id + "/logs", {{"date", format_date(day)}}, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
  };
  // Monday, Wednesday, Friday and the next Monday: four due days in a row, over the days between.
  for (int offset : {0, 2, 4, 7}) log(monday + days(offset));
  auto habit = client().get("/api/v1/habits/" + id, a.auth()).json();
  EXPECT_EQ(habit.at("longest_streak").as_int64(), 4);
  // A run on a day that is not due counts, like any completed day.
  log(monday + days(1));
  habit = client().get("/api/v1/habits/" + id, a.auth()).json();
  EXPECT_EQ(habit.at("longest_streak").as_int64(), 5);
  EXPECT_EQ(habit.at("total_completions").as_int64(), 5);
  // The day view says which days are due.
  auto view = client().get("/api/v1/habits/" + id + "/logs?from=" + format_date(monday) + "&to=" + format_date(monday + days(6)),
                           a.auth());
  ASSERT_EQ(view.status, 200) << view.body;
  const auto entries = view.json().at("days").as_array();
  ASSERT_EQ(entries.size(), 7u);
  const std::vector<bool> due = {true, false, true, false, true, false, false};
  for (std::size_t i = 0; i < entries.size(); ++i) EXPECT_EQ(entries[i].at("due").as_bool(), due[i]) << i;
}

TEST_F(SchedulesApi, ExportAndImportCarryTheSchedule) {
  const Account a = register_user();
  ASSERT_EQ(create(a, {{"name", "piano"}, {"frequency", "daily"}, {"weekdays", {"tue", "thu"}}}).status, 201);
  const auto exported = client().get("/api/v1/export", a.auth()).json();
  EXPECT_EQ(exported.at("habits").as_array()[0].at("weekdays"), boost::json::value({"tue", "thu"}));
  const Account b = register_user();
  ASSERT_EQ(client().post("/api/v1/import", exported, b.auth()).status, 201);
  const auto list = client().get("/api/v1/habits", b.auth()).json();
  EXPECT_EQ(list.at("items").as_array()[0].at("weekdays"), boost::json::value({"tue", "thu"}));
}

TEST_F(SchedulesApi, TodaySaysWhetherEachHabitIsDue) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const Date yesterday = today - days(1);
  static constexpr const char* kNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  const std::string today_name = kNames[std::chrono::weekday{today}.iso_encoding() - 1];
  const std::string yesterday_name = kNames[std::chrono::weekday{yesterday}.iso_encoding() - 1];
  const std::string start = format_date(today - days(10));
  ASSERT_EQ(create(a, {{"name", "due today"}, {"frequency", "daily"}, {"start_date", start}, {"weekdays", {today_name}}}).status,
            201);
  ASSERT_EQ(
      create(a, {{"name", "not today"}, {"frequency", "daily"}, {"start_date", start}, {"weekdays", {yesterday_name}}}).status,
      201);
  ASSERT_EQ(create(a, {{"name", "weekly"}, {"frequency", "weekly"}, {"start_date", start}}).status, 201);
  const auto view = client().get("/api/v1/today", a.auth());
  ASSERT_EQ(view.status, 200) << view.body;
  std::map<std::string, bool> due;
  const auto body = view.json();
  for (const auto& item : body.at("items").as_array())
    due[std::string(item.at("habit").at("name").as_string())] = item.at("due").as_bool();
  EXPECT_TRUE(due.at("due today"));
  EXPECT_FALSE(due.at("not today"));
  EXPECT_TRUE(due.at("weekly"));
  // An earlier day: the schedule of that day's weekday.
  const auto before = client().get("/api/v1/today?date=" + format_date(yesterday), a.auth()).json();
  for (const auto& item : before.at("items").as_array())
    if (item.at("habit").at("name").as_string() == "not today") {
      EXPECT_TRUE(item.at("due").as_bool());
    }
}

}  // namespace
}  // namespace habitd::test
