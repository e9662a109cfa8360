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

// Random writes and random pulls (random page sizes, writes between pages): after every full
// pull the client holds exactly what the server holds. HABITS_CHANGES_SEED replays a run.
TEST_F(ChangesApi, RandomWritesAndPullsConverge) {
  const char* seed_text = std::getenv("HABITS_CHANGES_SEED");
  const unsigned seed = seed_text ? static_cast<unsigned>(std::stoul(seed_text)) : std::random_device{}();
  std::cout << "changes model seed " << seed << " (replay with HABITS_CHANGES_SEED=" << seed << ")\n";
  std::mt19937 rng(seed);
  const auto chance = [&](double p) { return std::bernoulli_distribution(p)(rng); };
  const auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const Account a = register_user();
  const Date today = today_in("UTC");
  std::vector<std::string> ids;
  Replica replica;
  std::string cursor;
  for (int step = 0; step < 120; ++step) {
    const std::string context = "seed " + std::to_string(seed) + " step " + std::to_string(step);
    const int action = pick(10);
    if (ids.empty() || action == 0) {
      ids.push_back(habit(
          a, {{"name", "h" + std::to_string(step)}, {"frequency", "daily"}, {"start_date", format_date(today - days(20))}}));
    } else {
      const std::string id = ids[static_cast<std::size_t>(pick(static_cast<int>(ids.size())))];
      const std::string date = format_date(today - days(pick(15)));
      const std::string base = "/api/v1/habits/" + id;
      switch (action) {
        case 1:
          (void)client().post(base + "/logs", {{"date", date}, {"notes", "n" + std::to_string(step)}}, a.auth());
          break;
        case 2:
          (void)client().del(base + "/logs/" + date, a.auth());
          break;
        case 3:
          (void)client().patch(base + "/logs/" + date, {{"notes", "edited " + std::to_string(step)}}, a.auth());
          break;
        case 4:
          (void)client().patch(base, {{"name", "renamed " + std::to_string(step)}}, a.auth());
          break;
        case 5:
          (void)client().patch(base, {{"archived", chance(0.5)}}, a.auth());
          break;
        case 6:
          if (chance(0.3)) {
            (void)client().del(base, a.auth());
            std::erase(ids, id);
          }
          break;
        case 7:
          (void)client().post(base + "/skips", {{"from", format_date(today - days(6))}, {"to", format_date(today - days(4))}},
                              a.auth());
          break;
        case 8:
          (void)client().patch(base, {{"goal", chance(0.5) ? boost::json::value(2.5) : boost::json::value(nullptr)}}, a.auth());
          break;
        default:
          (void)client().post(base + "/logs", {{"date", date}, {"status", "skipped"}}, a.auth());
          break;
      }
    }
    if (chance(0.25)) {
      // A pull in small pages, with a write squeezed between two of its pages now and then.
      const int limit = 1 + pick(6);
      auto page = pull(a, cursor, limit);
      replica.apply(page);
      cursor = std::string(page.at("cursor").as_string());
      if (page.at("has_more").as_bool() && chance(0.5) && !ids.empty())
        (void)client().post("/api/v1/habits/" + ids.front() + "/logs", {{"date", format_date(today - days(16 + pick(4)))}},
                            a.auth());
      cursor = sync(a, replica, cursor, limit);
      expect_same(replica, truth(a), context);
      if (HasFailure()) return;
    }
  }
  cursor = sync(a, replica, cursor, 3);
  expect_same(replica, truth(a), "seed " + std::to_string(seed) + " end");
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

}  // namespace
}  // namespace habitd::test
