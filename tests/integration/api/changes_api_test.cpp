// The changes feed (GET /api/v1/changes): a client that applies every answer in order holds
// exactly the server's habits and logs, whatever happens between its calls; pages neither skip
// nor repeat; old cursors are 410 once their tombstones are purged.
#include <map>
#include <memory>
#include <random>
#include <set>
#include <thread>

#include "api_fixture.hpp"
#include "domain/calendar.hpp"
#include "test_clock.hpp"

namespace habitd::test {
namespace {

using domain::Date;
using domain::format_date;
using std::chrono::days;

// What a client holds: habits by id (client-set fields only) and logs by (habit, date).
struct Replica {
  std::map<std::string, boost::json::object> habits;
  std::map<std::pair<std::string, std::string>, boost::json::object> logs;

  // Applies one answer: deletions, then habits, then logs.
  void apply(const boost::json::object& page) {
    for (const auto& gone : page.at("deleted").as_array()) {
      const auto& entry = gone.as_object();
      if (entry.at("type").as_string() == "habit") {
        const std::string id(entry.at("id").as_string());
        habits.erase(id);
        std::erase_if(logs, [&](const auto& log) { return log.first.first == id; });
      } else {
        logs.erase({std::string(entry.at("habit_id").as_string()), std::string(entry.at("date").as_string())});
      }
    }
    for (const auto& habit : page.at("habits").as_array())
      habits[std::string(habit.at("id").as_string())] = client_fields(habit.as_object());
    for (const auto& log : page.at("logs").as_array())
      logs[{std::string(log.at("habit_id").as_string()), std::string(log.at("date").as_string())}] = log_fields(log.as_object());
  }

  static boost::json::object client_fields(const boost::json::object& habit) {
    boost::json::object out;
    for (const char* key : {"id", "name", "description", "frequency", "start_date", "target", "archived", "times_per_period",
                            "goal", "unit", "weekdays"})
      if (const auto* value = habit.if_contains(key)) out[key] = *value;
    return out;
  }
  static boost::json::object log_fields(const boost::json::object& log) {
    boost::json::object out;
    for (const char* key : {"date", "status", "notes", "amount"})
      if (const auto* value = log.if_contains(key)) out[key] = *value;
    return out;
  }
};

class ChangesApi : public ApiTest {
 protected:
  boost::json::object pull(const Account& a, const std::string& cursor, int limit = 500) {
    std::string target = "/api/v1/changes?limit=" + std::to_string(limit);
    if (!cursor.empty()) target += "&since=" + cursor;
    auto reply = client().get(target, a.auth());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? reply.json().as_object() : boost::json::object{{"cursor", cursor}, {"has_more", false}};
  }
  // Pulls until has_more is false; returns the cursor to resume from. Counts entries seen.
  std::string sync(const Account& a, Replica& replica, std::string cursor, int limit, int* entries = nullptr) {
    for (int pages = 0; pages < 10000; ++pages) {
      const auto page = pull(a, cursor, limit);
      if (!page.contains("habits")) return cursor;
      replica.apply(page);
      if (entries)
        *entries += static_cast<int>(page.at("habits").as_array().size() + page.at("logs").as_array().size() +
                                     page.at("deleted").as_array().size());
      cursor = std::string(page.at("cursor").as_string());
      if (!page.at("has_more").as_bool()) return cursor;
    }
    ADD_FAILURE() << "the feed never ended";
    return cursor;
  }
  // The server's truth, from the export (archived habits included).
  Replica truth(const Account& a) {
    Replica replica;
    const auto exported = client().get("/api/v1/export", a.auth()).json();
    for (const auto& habit : exported.at("habits").as_array()) {
      const std::string id(habit.at("id").as_string());
      replica.habits[id] = Replica::client_fields(habit.as_object());
      for (const auto& log : habit.at("logs").as_array())
        replica.logs[{id, std::string(log.at("date").as_string())}] = Replica::log_fields(log.as_object());
    }
    return replica;
  }
  void expect_same(const Replica& replica, const Replica& server, const std::string& context) {
    EXPECT_EQ(replica.habits.size(), server.habits.size()) << context;
    for (const auto& [id, habit] : server.habits) {
      const auto it = replica.habits.find(id);
      if (it == replica.habits.end()) {
        ADD_FAILURE() << context << ": missing habit " << id;
        continue;
      }
      EXPECT_EQ(it->second, habit) << context << ": habit " << id;
    }
    EXPECT_EQ(replica.logs.size(), server.logs.size()) << context;
    for (const auto& [key, log] : server.logs) {
      const auto it = replica.logs.find(key);
      if (it == replica.logs.end()) {
        ADD_FAILURE() << context << ": missing log " << key.first << " " << key.second;
        continue;
      }
      EXPECT_EQ(it->second, log) << context << ": log " << key.first << " " << key.second;
    }
  }
  std::string habit(const Account& a, boost::json::object body) {
    auto reply = client().post("/api/v1/habits", body, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return std::string(reply.json().at("id").as_string());
  }
};

TEST_F(ChangesApi, AWholeSyncThenOnlyWhatChanged) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  Replica replica;
  const auto empty = pull(a, "");
  EXPECT_TRUE(empty.at("habits").as_array().empty());
  EXPECT_FALSE(empty.at("has_more").as_bool());
  std::string cursor(empty.at("cursor").as_string());

  const std::string id = habit(a, {{"name", "walk"}, {"frequency", "daily"}, {"start_date", format_date(today - days(5))}});
  for (int back : {1, 2})
    ASSERT_EQ(client().post("/api/v1/habits/" + id + "/logs", {{"date", format_date(today - days(back))}}, a.auth()).status, 201);
  auto page = pull(a, cursor);
  EXPECT_EQ(page.at("habits").as_array().size(), 1u);
  EXPECT_EQ(page.at("logs").as_array().size(), 2u);
  replica.apply(page);
  cursor = std::string(page.at("cursor").as_string());
  // Nothing changed: nothing comes.
  page = pull(a, cursor);
  EXPECT_TRUE(page.at("habits").as_array().empty() && page.at("logs").as_array().empty() &&
              page.at("deleted").as_array().empty());

  ASSERT_EQ(client().patch("/api/v1/habits/" + id, {{"name", "walk far"}}, a.auth()).status, 200);
  ASSERT_EQ(client().del("/api/v1/habits/" + id + "/logs/" + format_date(today - days(1)), a.auth()).status, 204);
  page = pull(a, cursor);
  ASSERT_EQ(page.at("habits").as_array().size(), 1u);
  EXPECT_EQ(page.at("habits").as_array()[0].at("name").as_string(), "walk far");
  EXPECT_TRUE(page.at("logs").as_array().empty());
  ASSERT_EQ(page.at("deleted").as_array().size(), 1u);
  EXPECT_EQ(page.at("deleted").as_array()[0].at("type").as_string(), "log");
  replica.apply(page);
  cursor = std::string(page.at("cursor").as_string());

  // Archive, then delete the habit with its log.
  ASSERT_EQ(client().patch("/api/v1/habits/" + id, {{"archived", true}}, a.auth()).status, 200);
  cursor = sync(a, replica, cursor, 500);
  EXPECT_TRUE(replica.habits.at(id).at("archived").as_bool());
  ASSERT_EQ(client().del("/api/v1/habits/" + id, a.auth()).status, 204);
  page = pull(a, cursor);
  ASSERT_EQ(page.at("deleted").as_array().size(), 1u);
  EXPECT_EQ(page.at("deleted").as_array()[0].at("type").as_string(), "habit");
  EXPECT_EQ(page.at("deleted").as_array()[0].at("id").as_string(), id);
  replica.apply(page);
  expect_same(replica, truth(a), "after delete");
}

TEST_F(ChangesApi, SmallPagesNeitherSkipNorRepeat) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  for (int h = 0; h < 5; ++h) {
    const std::string id =
        habit(a, {{"name", "h" + std::to_string(h)}, {"frequency", "daily"}, {"start_date", format_date(today - days(9))}});
    for (int back = 0; back < 3; ++back)
      ASSERT_EQ(client().post("/api/v1/habits/" + id + "/logs", {{"date", format_date(today - days(back))}}, a.auth()).status,
                201);
  }
  Replica replica;
  int entries = 0;
  (void)sync(a, replica, "", 2, &entries);
  EXPECT_EQ(entries, 20);  // 5 habits and 15 logs, each once
  expect_same(replica, truth(a), "small pages");
}

TEST_F(ChangesApi, AnImportArrivesAsChangesAndATokenMaySync) {
  const Account a = register_user();
  const Date today = today_in("UTC");
  const std::string id = habit(a, {{"name", "read"}, {"frequency", "daily"}, {"start_date", format_date(today - days(3))}});
  ASSERT_EQ(client().post("/api/v1/habits/" + id + "/logs", boost::json::object{}, a.auth()).status, 201);
  const auto exported = client().get("/api/v1/export", a.auth()).json();
  const Account b = register_user();
  Replica replica;
  const std::string cursor = sync(a, replica, "", 500);
  (void)cursor;
  Replica of_b;
  std::string b_cursor = sync(b, of_b, "", 500);
  ASSERT_EQ(client().post("/api/v1/import", exported, b.auth()).status, 201);
  auto token = client().post("/api/v1/tokens", {{"name", "sync"}, {"scope", "read"}}, b.auth()).json();
  const auto page = client().get("/api/v1/changes?since=" + b_cursor, bearer(std::string(token.at("token").as_string())));
  ASSERT_EQ(page.status, 200) << page.body;
  of_b.apply(page.json().as_object());
  expect_same(of_b, truth(b), "imported");
  EXPECT_EQ(of_b.habits.size(), 1u);
  EXPECT_EQ(of_b.logs.size(), 1u);
}

TEST_F(ChangesApi, BadCursorsAndLimitsAreClearProblems) {
  const Account a = register_user();
  expect_problem(client().get("/api/v1/changes?since=nonsense", a.auth()), 400);
  expect_problem(client().get("/api/v1/changes?since=v1.999999.1.3.", a.auth()), 400);  // from no one's future
  expect_problem(client().get("/api/v1/changes?limit=abc", a.auth()), 400);
  expect_problem(client().get("/api/v1/changes?limit=0", a.auth()), 422);
  expect_problem(client().get("/api/v1/changes?limit=1001", a.auth()), 422);
  expect_problem(client().get("/api/v1/changes"), 401);
}

// Random writes and random pulls (random page sizes, any write between two pages): after every
// full pull the client holds exactly what the server holds. The writes cover logs, skips, habit
// edits (schedules and frequencies included), archiving, deletions, imports and account-wide
// changes (time zone, day start). HABITS_CHANGES_SEED replays a run.
TEST_F(ChangesApi, RandomWritesAndPullsConverge) {
  const char* seed_text = std::getenv("HABITS_CHANGES_SEED");
  const unsigned seed = seed_text ? static_cast<unsigned>(std::stoul(seed_text)) : std::random_device{}();
  std::cout << "changes model seed " << seed << " (replay with HABITS_CHANGES_SEED=" << seed << ")\n";
  std::mt19937 rng(seed);
  const auto chance = [&](double p) { return std::bernoulli_distribution(p)(rng); };
  const auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const Account a = register_user();
  const Date today = today_in("UTC");
  // A small export to import now and then: one habit with two logs, from another account.
  const Account source = register_user();
  const std::string source_habit =
      habit(source, {{"name", "imported"}, {"frequency", "daily"}, {"start_date", format_date(today - days(10))}});
  for (int back : {2, 3})
    create_log(source, source_habit, {{"date", format_date(today - days(back))}, {"notes", "from elsewhere"}});
  const auto small_export = client().get("/api/v1/export", source.auth()).json();
  const std::vector<std::string> zones = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Kiritimati"};
  const std::vector<std::string> day_starts = {"00:00", "03:30", "05:00"};
  const std::vector<std::string> weekday_names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::vector<std::string> ids;
  Replica replica;
  std::string cursor;

  // Answers by kind of write, printed at the end: a run whose writes all failed would prove little.
  std::map<int, std::map<int, int>> outcomes;
  const auto note = [&](int action, const Reply& reply) {
    ++outcomes[action][reply.status];
    return reply.status;
  };
  const auto random_write = [&](int step) {
    const int action = pick(15);
    if (ids.empty() || action == 0) {
      ids.push_back(habit(
          a, {{"name", "h" + std::to_string(step)}, {"frequency", "daily"}, {"start_date", format_date(today - days(20))}}));
      return;
    }
    const std::string id = ids[static_cast<std::size_t>(pick(static_cast<int>(ids.size())))];
    std::string date = format_date(today - days(pick(15)));
    // Edits and deletions of logs aim at a log the client holds, most of the time.
    if ((action == 2 || action == 3) && chance(0.7))
      for (const auto& [key, log] : replica.logs)
        if (key.first == id && chance(0.5)) {
          date = key.second;
          break;
        }
    const std::string base = "/api/v1/habits/" + id;
    switch (action) {
      case 1:
        note(action, client().post(base + "/logs", {{"date", date}, {"notes", "n" + std::to_string(step)}}, a.auth()));
        break;
      case 2:
        note(action, client().del(base + "/logs/" + date, a.auth()));
        break;
      case 3:
        note(action, client().patch(base + "/logs/" + date, {{"notes", "edited " + std::to_string(step)}}, a.auth()));
        break;
      case 4:
        note(action, client().patch(base, {{"name", "renamed " + std::to_string(step)}}, a.auth()));
        break;
      case 5:
        note(action, client().patch(base, {{"archived", chance(0.5)}}, a.auth()));
        break;
      case 6:
        if (chance(0.3)) {
          note(action, client().del(base, a.auth()));
          std::erase(ids, id);
        }
        break;
      case 7:
        note(action, client().post(base + "/skips",
                                   {{"from", format_date(today - days(6))}, {"to", format_date(today - days(4))}}, a.auth()));
        break;
      case 8:
        note(action,
             client().patch(base, {{"goal", chance(0.5) ? boost::json::value(2.5) : boost::json::value(nullptr)}}, a.auth()));
        break;
      case 9: {
        // A schedule: some weekdays of a daily habit (a weekly or monthly one refuses it, 422).
        boost::json::array weekdays;
        for (const auto& day : weekday_names)
          if (chance(0.6)) weekdays.emplace_back(day);
        if (weekdays.empty()) weekdays.emplace_back("wed");
        note(action, client().patch(base, {{"weekdays", weekdays}}, a.auth()));
        break;
      }
      case 10: {
        static const std::vector<std::string> frequencies = {"daily", "weekly", "monthly"};
        boost::json::object body{{"frequency", frequencies[static_cast<std::size_t>(pick(3))]}};
        if (chance(0.5)) body["weekdays"] = boost::json::array(weekday_names.begin(), weekday_names.end());
        note(action, client().patch(base, body, a.auth()));
        break;
      }
      case 11:
        note(action, client().patch(base, {{"times_per_period", 1 + pick(3)}}, a.auth()));
        break;
      case 12: {
        // An import adds new habits with their logs; later writes may touch them too.
        EXPECT_EQ(note(action, client().post("/api/v1/import", small_export, a.auth())), 201);
        ids.clear();
        for (const auto& [habit_id, fields] : truth(a).habits) ids.push_back(habit_id);
        break;
      }
      case 13: {
        // Account-wide: the time zone or the day start, which move every habit's "today".
        boost::json::object body;
        if (chance(0.5))
          body["timezone"] = zones[static_cast<std::size_t>(pick(static_cast<int>(zones.size())))];
        else
          body["day_start"] = day_starts[static_cast<std::size_t>(pick(static_cast<int>(day_starts.size())))];
        EXPECT_EQ(note(action, client().patch("/api/v1/users/me", body, a.auth())), 200);
        break;
      }
      default:
        note(action, client().post(base + "/logs", {{"date", date}, {"status", "skipped"}}, a.auth()));
        break;
    }
  };

  int pages_pulled = 0;
  int writes_between_pages = 0;
  for (int step = 0; step < 150; ++step) {
    const std::string context = "seed " + std::to_string(seed) + " step " + std::to_string(step);
    random_write(step);
    if (chance(0.25)) {
      // A pull, often in small pages, with writes of every kind squeezed between its pages.
      const int limit = chance(0.7) ? 1 + pick(6) : 500;
      for (int pages = 0;; ++pages) {
        ASSERT_LT(pages, 10000) << context << ": the feed never ended";
        const auto page = pull(a, cursor, limit);
        ASSERT_TRUE(page.contains("habits")) << context;
        replica.apply(page);
        cursor = std::string(page.at("cursor").as_string());
        ++pages_pulled;
        if (!page.at("has_more").as_bool()) break;
        if (chance(0.4)) {
          random_write(step);
          ++writes_between_pages;
        }
      }
      expect_same(replica, truth(a), context);
      if (HasFailure()) return;
    }
  }
  cursor = sync(a, replica, cursor, 3);
  expect_same(replica, truth(a), "seed " + std::to_string(seed) + " end");
  std::cout << pages_pulled << " pages pulled, " << writes_between_pages << " writes between two pages\n";
  for (const auto& [action, statuses] : outcomes) {
    std::cout << "write " << action << ":";
    for (const auto& [status, count] : statuses) std::cout << " " << status << "x" << count;
    std::cout << "\n";
  }
}

// Without `limit`, an answer holds 500 entries: an import of 600 logs comes in two answers.
TEST_F(ChangesApi, TheDefaultLimitIs500) {
  const Account source = register_user();
  const Date today = today_in("UTC");
  const std::string id =
      habit(source, {{"name", "long"}, {"frequency", "daily"}, {"start_date", format_date(today - days(700))}});
  create_log(source, id, {{"date", format_date(today - days(1))}});
  auto exported = client().get("/api/v1/export", source.auth()).json().as_object();
  auto& logs = exported.at("habits").as_array().at(0).as_object().at("logs").as_array();
  const auto template_log = logs.at(0).as_object();
  logs.clear();
  for (int back = 1; back <= 600; ++back) {
    auto log = template_log;
    log["date"] = format_date(today - days(back));
    logs.emplace_back(std::move(log));
  }
  const Account a = register_user();
  ASSERT_EQ(client().post("/api/v1/import", exported, a.auth()).status, 201);
  const auto count = [](const boost::json::object& page) {
    return page.at("habits").as_array().size() + page.at("logs").as_array().size() + page.at("deleted").as_array().size();
  };
  auto first = client().get("/api/v1/changes", a.auth());
  ASSERT_EQ(first.status, 200) << first.body;
  const auto page = first.json().as_object();
  EXPECT_EQ(count(page), 500u);
  EXPECT_TRUE(page.at("has_more").as_bool());
  const auto rest = client().get("/api/v1/changes?since=" + std::string(page.at("cursor").as_string()), a.auth());
  ASSERT_EQ(rest.status, 200) << rest.body;
  EXPECT_EQ(count(rest.json().as_object()), 101u);  // the habit and 600 logs in all
  EXPECT_FALSE(rest.json().at("has_more").as_bool());
}

// Tombstones are kept for the retention period (30 days) and then purged: a cursor from before a
// purged deletion is 410, and a sync without a cursor starts afresh.
class ChangesRetentionApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    // Far ahead of the real clock: other servers sharing the test database purge by their own
    // time, and must never reach this server's tombstones.
    clock_ = std::make_unique<TestClock>(utc(2099, 3, 1, 12, 0));
    auto env = clock_->env();
    env.emplace_back("HABITS_PURGE_INTERVAL", "1");
    start_server_alone(env);
  }
  static void TearDownTestSuite() {
    server_.reset();
    clock_.reset();
  }
  static inline std::unique_ptr<TestClock> clock_;
};

TEST_F(ChangesRetentionApi, ACursorOlderThanThePurgedTombstonesIs410) {
  Account a = register_user();
  const std::string id(
      client().post("/api/v1/habits", {{"name", "gone soon"}, {"frequency", "daily"}}, a.auth()).json().at("id").as_string());
  const std::string old_cursor(client().get("/api/v1/changes", a.auth()).json().at("cursor").as_string());
  ASSERT_EQ(client().del("/api/v1/habits/" + id, a.auth()).status, 204);
  // Within the retention period the deletion is still there.
  clock_->advance(days(29));
  auto login = client().post("/api/v1/auth/login", {{"login", a.username}, {"password", a.password}});
  a.access_token = std::string(login.json().at("access_token").as_string());
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // a purge runs meanwhile
  auto kept = client().get("/api/v1/changes?since=" + old_cursor, a.auth());
  ASSERT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(kept.json().at("deleted").as_array().size(), 1u);
  // Past it, the tombstone goes, and so does every cursor from before it.
  clock_->advance(days(2));
  login = client().post("/api/v1/auth/login", {{"login", a.username}, {"password", a.password}});
  a.access_token = std::string(login.json().at("access_token").as_string());
  Reply gone;
  for (int i = 0; i < 100; ++i) {
    gone = client().get("/api/v1/changes?since=" + old_cursor, a.auth());
    if (gone.status == 410) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  expect_problem(gone, 410);
  // Starting again works, and a cursor from after the purge is fine.
  const auto fresh = client().get("/api/v1/changes", a.auth());
  ASSERT_EQ(fresh.status, 200);
  EXPECT_EQ(client().get("/api/v1/changes?since=" + std::string(fresh.json().at("cursor").as_string()), a.auth()).status, 200);
}

// Time passing alone changes no client-set field: a day later, when the habit's figures are
// those of a new day, a pull from the last cursor holds nothing.
class ChangesOverTimeApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    clock_ = std::make_unique<TestClock>(utc(2026, 9, 10, 12, 0));
    start_server_alone(clock_->env());
  }
  static void TearDownTestSuite() {
    server_.reset();
    clock_.reset();
  }
  static inline std::unique_ptr<TestClock> clock_;
};

TEST_F(ChangesOverTimeApi, ADayPassingBringsNoEntries) {
  Account a = register_user();
  const auto created =
      client().post("/api/v1/habits", {{"name", "daily"}, {"frequency", "daily"}, {"start_date", "2026-09-01"}}, a.auth());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(created.json().at("id").as_string());
  for (const char* date : {"2026-09-08", "2026-09-09", "2026-09-10"})
    ASSERT_EQ(client().post("/api/v1/habits/" + id + "/logs", {{"date", date}}, a.auth()).status, 201);
  const auto whole = client().get("/api/v1/changes", a.auth());
  ASSERT_EQ(whole.status, 200) << whole.body;
  EXPECT_EQ(whole.json().at("habits").as_array().size(), 1u);
  const std::string cursor(whole.json().at("cursor").as_string());

  clock_->advance(std::chrono::days(1));  // the access token expired meanwhile: sign in again
  const auto login = client().post("/api/v1/auth/login", {{"login", a.username}, {"password", a.password}});
  ASSERT_EQ(login.status, 200) << login.body;
  a.access_token = std::string(login.json().at("access_token").as_string());
  const auto later = client().get("/api/v1/changes?since=" + cursor, a.auth());
  ASSERT_EQ(later.status, 200) << later.body;
  const auto page = later.json().as_object();
  EXPECT_TRUE(page.at("habits").as_array().empty()) << later.body;
  EXPECT_TRUE(page.at("logs").as_array().empty()) << later.body;
  EXPECT_TRUE(page.at("deleted").as_array().empty()) << later.body;
  EXPECT_FALSE(page.at("has_more").as_bool());
}

}  // namespace
}  // namespace habitd::test
