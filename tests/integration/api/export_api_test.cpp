// Export (JSON and CSV) and import: shapes, exact CSV bytes, round trips between accounts, and
// all-or-nothing imports that name every invalid item by its path.
#include <algorithm>
#include <functional>

#include "api_fixture.hpp"
#include "domain/calendar.hpp"

namespace habitd::test {
namespace {

using domain::Date;
using domain::format_date;
using std::chrono::days;

class ExportApi : public ApiTest {
 protected:
  std::string habit(const Account& a, boost::json::object body) {
    auto reply = client().post("/api/v1/habits", body, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return std::string(reply.json().at("id").as_string());
  }
  void log(const Account& a, const std::string& id, boost::json::object body) {
    auto reply = client().post("/api/v1/habits/" + id + "/logs", body, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
  }
  boost::json::object export_json(const Account& a) {
    auto reply = client().get("/api/v1/export", a.auth());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json().as_object();
  }
  Reply import(const Account& a, const boost::json::value& document, const Headers& extra = {}) {
    Headers headers = a.auth();
    headers.insert(headers.end(), extra.begin(), extra.end());
    return client().request("POST", "/api/v1/import", boost::json::serialize(document), headers);
  }
  // Active and archived habits together.
  long long habit_count(const Account& a) {
    long long total = 0;
    for (const char* archived : {"false", "true"})
      total += client().get(std::string("/api/v1/habits?archived=") + archived, a.auth()).json().at("total").as_int64();
    return total;
  }
  // A user with a daily habit (notes, a skip), a numeric weekly one and an archived monthly one.
  Account user_with_habits(const Date today) {
    const Account a = register_user();
    const std::string run = habit(a, {{"name", "Run"},
                                      {"description", "5 km"},
                                      {"frequency", "daily"},
                                      {"target", 30},
                                      {"start_date", format_date(today - days(20))}});
    for (int back : {5, 4, 2, 1}) log(a, run, {{"date", format_date(today - days(back))}});
    log(a, run, {{"date", format_date(today - days(3))}, {"status", "skipped"}, {"notes", "ill, \"flu\""}});
    const std::string read = habit(a, {{"name", "Read"},
                                       {"frequency", "weekly"},
                                       {"goal", 100},
                                       {"unit", "pages"},
                                       {"start_date", format_date(today - days(30))}});
    log(a, read, {{"date", format_date(today - days(9))}, {"amount", 60}, {"notes", "Über 🙂"}});
    log(a, read, {{"date", format_date(today - days(8))}, {"amount", 40.5}});
    log(a, read, {{"date", format_date(today - days(2))}, {"status", "skipped"}});
    const std::string gym = habit(
        a, {{"name", "Gym"}, {"frequency", "monthly"}, {"times_per_period", 2}, {"start_date", format_date(today - days(60))}});
    log(a, gym, {{"date", format_date(today - days(40))}});
    EXPECT_EQ(client().patch("/api/v1/habits/" + gym, {{"archived", true}}, a.auth()).status, 200);
    return a;
  }
};

// The keys render_habit emits, which every exported habit carries besides "logs".
const std::vector<std::string> kHabitKeys = {"id",
                                             "name",
                                             "description",
                                             "frequency",
                                             "start_date",
                                             "target",
                                             "archived",
                                             "created_at",
                                             "updated_at",
                                             "current_streak",
                                             "longest_streak",
                                             "total_completions",
                                             "last_completed_on",
                                             "current_streak_start",
                                             "times_per_period",
                                             "goal",
                                             "unit",
                                             "weekdays",
                                             "reminders",
                                             "completion_rate",
                                             "target_progress"};

TEST_F(ExportApi, JsonHasEveryHabitIncludingArchivedWithAllLogs) {
  const Date today = today_in("UTC");
  const Account a = user_with_habits(today);
  auto reply = client().get("/api/v1/export", a.auth());
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.header("content-type"), "application/json");
  EXPECT_EQ(reply.header("content-disposition"), "attachment; filename=\"habitd-export.json\"");
  const auto doc = reply.json().as_object();
  EXPECT_EQ(doc.at("format").as_string(), "habitd-export");
  EXPECT_EQ(doc.at("version").as_int64(), 1);
  EXPECT_EQ(doc.at("exported_at").as_string().size(), 20u);  // 2026-11-26T07:33:52Z
  const auto& user = doc.at("user").as_object();
  EXPECT_EQ(user.at("username").as_string(), a.username);
  EXPECT_EQ(user.at("email").as_string(), a.email);
  EXPECT_EQ(user.at("timezone").as_string(), "UTC");
  EXPECT_EQ(user.at("day_start").as_string(), "00:00");
  EXPECT_EQ(user.size(), 4u);  // never an id or a password hash

  const auto& habits = doc.at("habits").as_array();
  ASSERT_EQ(habits.size(), 3u);
  for (const auto& h : habits) {
    // Every Habit field, with the same values GET /habits/{id} shows.
    auto same = client().get("/api/v1/habits/" + std::string(h.at("id").as_string()), a.auth()).json().as_object();
    for (const auto& key : kHabitKeys) EXPECT_EQ(h.at(key), same.at(key)) << key;
    EXPECT_EQ(h.as_object().size(), kHabitKeys.size() + 1);
  }
  EXPECT_EQ(habits[0].at("name").as_string(), "Run");
  EXPECT_EQ(habits[1].at("name").as_string(), "Read");
  EXPECT_EQ(habits[2].at("name").as_string(), "Gym");
  EXPECT_EQ(habits[2].at("archived").as_bool(), true);

  const auto& run_logs = habits[0].at("logs").as_array();
  ASSERT_EQ(run_logs.size(), 5u);
  const auto& skipped = run_logs[2].as_object();  // oldest first: -5, -4, -3, -2, -1
  EXPECT_EQ(skipped.at("date").as_string(), format_date(today - days(3)));
  EXPECT_EQ(skipped.at("status").as_string(), "skipped");
  EXPECT_EQ(skipped.at("notes").as_string(), "ill, \"flu\"");
  EXPECT_TRUE(skipped.at("amount").is_null());
  EXPECT_EQ(skipped.size(), 4u);
  EXPECT_EQ(run_logs[0].at("status").as_string(), "completed");
  EXPECT_TRUE(run_logs[0].at("notes").is_null());

  const auto& read_logs = habits[1].at("logs").as_array();
  ASSERT_EQ(read_logs.size(), 3u);
  EXPECT_EQ(read_logs[0].at("amount").as_int64(), 60);
  EXPECT_EQ(read_logs[0].at("notes").as_string(), "Über 🙂");
  EXPECT_EQ(read_logs[1].at("amount").to_number<double>(), 40.5);
  EXPECT_EQ(read_logs[2].at("status").as_string(), "skipped");
  EXPECT_TRUE(read_logs[2].at("amount").is_null());
  EXPECT_EQ(habits[2].at("logs").as_array().size(), 1u);
}

TEST_F(ExportApi, CsvIsExactRfc4180) {
  const Date today = today_in("UTC");
  const Account a = register_user();
  const std::string run =
      habit(a, {{"name", "Run, daily"}, {"frequency", "daily"}, {"start_date", format_date(today - days(5))}});
  log(a, run, {{"date", format_date(today - days(1))}, {"status", "skipped"}});
  log(a, run, {{"date", format_date(today - days(2))}, {"notes", "tired, \"really\"\nslept 5h"}});
  const std::string read = habit(
      a,
      {{"name", "Read"}, {"frequency", "weekly"}, {"goal", 20}, {"unit", "pages"}, {"start_date", format_date(today - days(5))}});
  log(a, read, {{"date", format_date(today - days(1))}, {"amount", 3}, {"notes", "Über 🙂"}});
  log(a, read, {{"date", format_date(today - days(3))}, {"amount", 12.5}});

  auto reply = client().get("/api/v1/export?format=csv", a.auth());
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(reply.header("content-disposition"), "attachment; filename=\"habitd-export.csv\"");
  const std::string expected =
      "habit,date,status,amount,notes\r\n"
      "\"Run, daily\"," +
      format_date(today - days(2)) +
      ",completed,,\"tired, \"\"really\"\"\nslept 5h\"\r\n"
      "\"Run, daily\"," +
      format_date(today - days(1)) +
      ",skipped,,\r\n"
      "Read," +
      format_date(today - days(3)) +
      ",completed,12.5,\r\n"
      "Read," +
      format_date(today - days(1)) + ",completed,3,Über 🙂\r\n";
  EXPECT_EQ(reply.body, expected);

  const Account empty = register_user();
  auto nothing = client().get("/api/v1/export?format=csv", empty.auth());
  ASSERT_EQ(nothing.status, 200);
  EXPECT_EQ(nothing.body, "habit,date,status,amount,notes\r\n");
  EXPECT_EQ(client().get("/api/v1/export?format=json", empty.auth()).json().at("habits").as_array().size(), 0u);
}

TEST_F(ExportApi, UnknownFormatIs422AndBothNeedAToken) {
  const Account a = register_user();
  auto reply = client().get("/api/v1/export?format=xml", a.auth());
  expect_problem(reply, 422);
  EXPECT_EQ(error_fields(reply), std::vector<std::string>{"format"});
  auto anonymous = client().get("/api/v1/export");
  expect_problem(anonymous, 401);
  EXPECT_EQ(anonymous.header("www-authenticate"), "Bearer");
  expect_problem(client().get("/api/v1/export?format=csv", bearer("not-a-token")), 401);
  expect_problem(client().post("/api/v1/import", {{"format", "habitd-export"}, {"version", 1}, {"habits", boost::json::array()}}),
                 401);
}

TEST_F(ExportApi, RoundTripIntoAnotherAccountMakesNewHabitsWithTheSameFigures) {
  const Date today = today_in("UTC");
  const Account a = user_with_habits(today);
  const auto original = export_json(a);
  const Account b = register_user();
  auto reply = import(b, original);
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.header("content-type"), "application/json");
  EXPECT_EQ(reply.json(), boost::json::parse(R"({"habits_created": 3, "logs_created": 9})"));

  const auto copy = export_json(b);
  EXPECT_EQ(copy.at("user").at("username").as_string(), b.username);
  const auto& before = original.at("habits").as_array();
  const auto& after = copy.at("habits").as_array();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    const auto& was = before[i].as_object();
    const auto& now = after[i].as_object();
    EXPECT_NE(now.at("id"), was.at("id"));
    for (const auto& key : kHabitKeys) {
      if (key != "id" && key != "created_at" && key != "updated_at") {
        EXPECT_EQ(now.at(key), was.at(key)) << i << " " << key;
      }
    }
    EXPECT_EQ(now.at("logs"), was.at("logs")) << i;
  }
  EXPECT_EQ(habit_count(b), 3);
  // The importing account's habits are its own: A still has exactly its three.
  EXPECT_EQ(habit_count(a), 3);
  auto archived = client().get("/api/v1/habits?archived=true", b.auth()).json();
  EXPECT_EQ(archived.at("items").as_array()[0].at("name").as_string(), "Gym");
}

TEST_F(ExportApi, ImportIsIdempotentWithAKey) {
  const Date today = today_in("UTC");
  const auto document = export_json(user_with_habits(today));
  const Account b = register_user();
  const Headers key = {{"Idempotency-Key", "import-" + b.username}};
  ASSERT_EQ(import(b, document, key).status, 201);
  auto again = import(b, document, key);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(habit_count(b), 3);
}

TEST_F(ExportApi, OneBadLogDeepInsideRejectsEverythingAndNamesIt) {
  const Date today = today_in("UTC");
  const Account b = register_user();
  boost::json::array habits;
  for (int i = 0; i < 3; ++i) {
    boost::json::array logs;
    for (int j = 0; j < 8; ++j)
      logs.push_back({{"date", format_date(today - days(j))}, {"status", "completed"}, {"notes", nullptr}, {"amount", nullptr}});
    habits.push_back({{"name", "h" + std::to_string(i)},
                      {"frequency", "daily"},
                      {"start_date", format_date(today - days(20))},
                      {"logs", logs}});
  }
  const boost::json::object valid{{"format", "habitd-export"}, {"version", 1}, {"habits", habits}};
  const auto broken = [&](const std::function<void(boost::json::object&)>& change) {
    boost::json::object doc = valid;
    change(doc);
    return doc;
  };
  const auto log_at = [](boost::json::object& doc, std::size_t i, std::size_t j) -> boost::json::object& {
    return doc["habits"].as_array()[i].as_object()["logs"].as_array()[j].as_object();
  };
  const auto habit_at = [](boost::json::object& doc, std::size_t i) -> boost::json::object& {
    return doc["habits"].as_array()[i].as_object();
  };

  struct Case {
    std::function<void(boost::json::object&)> change;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[&](auto& doc) { log_at(doc, 2, 5)["date"] = "2026-02-30"; }, "habits[2].logs[5].date"},
      {[&](auto& doc) { log_at(doc, 2, 5)["date"] = "2026-13-01"; }, "habits[2].logs[5].date"},
      {[&](auto& doc) { log_at(doc, 1, 7)["date"] = format_date(today - days(30)); }, "habits[1].logs[7].date"},
      {[&](auto& doc) { log_at(doc, 0, 3)["date"] = format_date(today); }, "habits[0].logs[3].date"},  // a second log on today
      {[&](auto& doc) { log_at(doc, 1, 2).erase("date"); }, "habits[1].logs[2].date"},
      {[&](auto& doc) { log_at(doc, 1, 2)["status"] = "done"; }, "habits[1].logs[2].status"},
      {[&](auto& doc) { log_at(doc, 1, 2)["amount"] = 3; }, "habits[1].logs[2].amount"},
      {[&](auto& doc) { log_at(doc, 1, 2)["notes"] = std::string(1001, 'n'); }, "habits[1].logs[2].notes"},
      {[&](auto& doc) { log_at(doc, 2, 0) = boost::json::object{}; }, "habits[2].logs[0].date"},
      {[&](auto& doc) { habit_at(doc, 2)["logs"].as_array()[4] = 7; }, "habits[2].logs[4]"},
      {[&](auto& doc) { habit_at(doc, 1)["logs"] = "none"; }, "habits[1].logs"},
      {[&](auto& doc) { habit_at(doc, 1)["name"] = "  "; }, "habits[1].name"},
      {[&](auto& doc) { habit_at(doc, 1)["frequency"] = "hourly"; }, "habits[1].frequency"},
      {[&](auto& doc) { habit_at(doc, 0)["times_per_period"] = 2; }, "habits[0].times_per_period"},
      {[&](auto& doc) { habit_at(doc, 0)["target"] = 0; }, "habits[0].target"},
      {[&](auto& doc) { habit_at(doc, 0)["unit"] = std::string(21, 'u'); }, "habits[0].unit"},
      {[&](auto& doc) { doc["habits"].as_array()[1] = "habit"; }, "habits[1]"},
  };
  for (const auto& c : cases) {
    auto reply = import(b, broken(c.change));
    expect_problem(reply, 422);
    const auto fields = error_fields(reply);
    EXPECT_NE(std::find(fields.begin(), fields.end(), c.field), fields.end()) << c.field << ": " << reply.body;
  }
  // A bad goal habit: a completed log without an amount.
  auto goal = import(b, broken([&](auto& doc) { habit_at(doc, 2)["goal"] = 10; }));
  expect_problem(goal, 422);
  EXPECT_EQ(error_fields(goal).size(), 8u) << goal.body;
  EXPECT_EQ(error_fields(goal)[0], "habits[2].logs[0].amount");
  EXPECT_EQ(habit_count(b), 0);  // nothing of any of them was written

  auto fine = import(b, valid);
  ASSERT_EQ(fine.status, 201) << fine.body;
  EXPECT_EQ(fine.json().at("logs_created").as_int64(), 24);
  EXPECT_EQ(habit_count(b), 3);
}

TEST_F(ExportApi, WrongFormatOrVersionIs422) {
  const Account b = register_user();
  const auto fields_of = [&](const boost::json::value& doc) {
    auto reply = import(b, doc);
    expect_problem(reply, 422);
    return error_fields(reply);
  };
  const boost::json::array none;
  EXPECT_EQ(fields_of({{"format", "other"}, {"version", 1}, {"habits", none}}), std::vector<std::string>{"format"});
  EXPECT_EQ(fields_of({{"format", "habitd-export"}, {"version", 2}, {"habits", none}}), std::vector<std::string>{"version"});
  EXPECT_EQ(fields_of({{"habits", none}}), (std::vector<std::string>{"format", "version"}));
  EXPECT_EQ(fields_of({{"format", "habitd-export"}, {"version", 1}}), std::vector<std::string>{"habits"});
  EXPECT_EQ(fields_of({{"format", "habitd-export"}, {"version", 1}, {"habits", "all"}}), std::vector<std::string>{"habits"});
  EXPECT_EQ(fields_of(boost::json::array{1, 2}), std::vector<std::string>{"body"});
  boost::json::array many;
  for (int i = 0; i < 1001; ++i) many.push_back({{"name", "h"}, {"frequency", "daily"}});
  EXPECT_EQ(fields_of({{"format", "habitd-export"}, {"version", 1}, {"habits", many}}), std::vector<std::string>{"habits"});
  // Too many logs in all is refused before any of them is read (these would all be invalid).
  boost::json::array logs(100001, boost::json::object{});
  boost::json::array two{{{"name", "a"}, {"frequency", "daily"}, {"logs", logs}}, {{"name", "b"}, {"frequency", "daily"}}};
  EXPECT_EQ(fields_of({{"format", "habitd-export"}, {"version", 1}, {"habits", two}}), std::vector<std::string>{"habits"});
  EXPECT_EQ(habit_count(b), 0);
}

TEST_F(ExportApi, AtMostAHundredProblemsAreListed) {
  const Date today = today_in("UTC");
  const Account b = register_user();
  boost::json::array logs;
  for (int j = 0; j < 150; ++j) logs.push_back({{"date", format_date(today - days(j))}, {"amount", 1}});  // no goal: no amount
  auto reply = import(
      b, {{"format", "habitd-export"},
          {"version", 1},
          {"habits", {{{"name", "h"}, {"frequency", "daily"}, {"start_date", format_date(today - days(200))}, {"logs", logs}}}}});
  expect_problem(reply, 422);
  const auto fields = error_fields(reply);
  ASSERT_EQ(fields.size(), 100u);
  EXPECT_EQ(fields[99], "habits[0].logs[99].amount");
  EXPECT_NE(reply.json().at("detail").as_string().find("150 problems"), std::string::npos) << reply.body;
  EXPECT_EQ(habit_count(b), 0);
}

TEST_F(ExportApi, NotJsonIs415AndMalformedIs400) {
  const Account b = register_user();
  Headers text = b.auth();
  text.emplace_back("Content-Type", "text/csv");
  expect_problem(client().request("POST", "/api/v1/import", "habit,date\r\n", text), 415);
  expect_problem(client().request("POST", "/api/v1/import", "{\"format\": ", b.auth()), 400);
  expect_problem(client().request("POST", "/api/v1/import", "", b.auth()), 415);
}

TEST_F(ExportApi, BodiesOver10MiBAre413) {
  // Announced but not sent: the answer comes from the headers alone.
  const Account b = register_user();
  const std::string response = client().raw("POST /api/v1/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + b.access_token +
                                            "\r\nContent-Type: application/json\r\nContent-Length: 10485761\r\n\r\n");
  EXPECT_NE(response.find("HTTP/1.1 413"), std::string::npos) << response;
  EXPECT_NE(response.find("application/problem+json"), std::string::npos);
}

TEST_F(ExportApi, ATwoMebibyteImportSucceeds) {
  const Date today = today_in("UTC");
  const Account b = register_user();
  boost::json::array habits;
  constexpr int kHabits = 60;
  constexpr int kDays = 400;
  for (int i = 0; i < kHabits; ++i) {
    boost::json::array logs;
    for (int j = kDays - 1; j >= 0; --j)
      logs.push_back({{"date", format_date(today - days(j))},
                      {"status", j % 7 == 0 ? "skipped" : "completed"},
                      {"notes", "day " + std::to_string(j) + " of habit " + std::to_string(i) + ", imported"},
                      {"amount", nullptr}});
    habits.push_back({{"name", "habit " + std::to_string(i)},
                      {"frequency", "daily"},
                      {"start_date", format_date(today - days(kDays))},
                      {"logs", std::move(logs)}});
  }
  const boost::json::object document{{"format", "habitd-export"}, {"version", 1}, {"habits", std::move(habits)}};
  const std::string body = boost::json::serialize(document);
  ASSERT_GT(body.size(), 2u * 1024 * 1024);
  ASSERT_LT(body.size(), 3u * 1024 * 1024);
  auto reply = client().request("POST", "/api/v1/import", body, b.auth());
  ASSERT_EQ(reply.status, 201) << reply.body.substr(0, 500);
  EXPECT_EQ(reply.json().at("habits_created").as_int64(), kHabits);
  EXPECT_EQ(reply.json().at("logs_created").as_int64(), kHabits * kDays);
  auto list = client().get("/api/v1/habits?limit=200", b.auth()).json();
  EXPECT_EQ(list.at("total").as_int64(), kHabits);
  // The file's order is kept (all were created in the same instant).
  EXPECT_EQ(list.at("items").as_array()[0].at("name").as_string(), "habit 0");
  EXPECT_EQ(list.at("items").as_array()[kHabits - 1].at("name").as_string(), "habit " + std::to_string(kHabits - 1));
  // Rows go in in batches: the first habit and the last (in a partial batch) have every log.
  for (const auto& item : {list.at("items").as_array()[0], list.at("items").as_array()[kHabits - 1]})
    EXPECT_EQ(item.at("total_completions").as_int64(), kDays - (kDays + 6) / 7);
}

}  // namespace
}  // namespace habitd::test
