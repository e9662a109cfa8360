// Read replicas (HABITS_DATABASE_READ_URL): a PostgreSQL primary and a streaming standby of its
// own (scripts/pg-test-cluster start, then standby: pg_basebackup -R), and a habitd on the primary
// reading from the standby. A person's reads run there only once it holds their own latest write,
// so replay paused on the standby never hides a write; a standby that stops costs nothing but its
// share of the reads. On SQLite the setting is refused.
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "api_fixture.hpp"

namespace habitd::test {
namespace {

using std::chrono::days;

// Runs scripts/pg-test-cluster with `args`; returns what it printed (throws when it fails).
std::string pg_test_cluster(const std::string& args) {
  const std::string command = std::string(HABITD_PG_TEST_CLUSTER) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string output;
  char buffer[4096];
  while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  if (::pclose(pipe) != 0) throw std::runtime_error(command + " failed: " + output);
  while (!output.empty() && output.back() == '\n') output.pop_back();
  return output;
}

std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// A primary and its streaming standby, both of this test alone: it pauses, stops and starts them.
class PrimaryAndStandby {
 public:
  PrimaryAndStandby() : dir_(make_temp_dir()) {
    pg_test_cluster("start " + primary_file());
    pg_test_cluster("standby " + primary_file() + " " + standby_file());
  }
  ~PrimaryAndStandby() {
    for (const auto& file : {standby_file(), primary_file()}) {
      try {
        pg_test_cluster("stop " + file);
      } catch (const std::exception&) {
        // Already gone: nothing to clean up.
      }
    }
  }
  PrimaryAndStandby(const PrimaryAndStandby&) = delete;
  PrimaryAndStandby& operator=(const PrimaryAndStandby&) = delete;

  [[nodiscard]] std::string primary_url() const { return first_line(primary_file()); }
  [[nodiscard]] std::string standby_url() const { return first_line(standby_file()); }
  std::string on_primary(const std::string& statement) const {
    return pg_test_cluster("sql " + primary_file() + " \"" + statement + "\"");
  }
  std::string on_standby(const std::string& statement) const {
    return pg_test_cluster("sql " + standby_file() + " \"" + statement + "\"");
  }
  void stop_standby() const { pg_test_cluster("down " + standby_file()); }
  void start_standby() const { pg_test_cluster("up " + standby_file()); }

 private:
  [[nodiscard]] std::string primary_file() const { return dir_ + "/primary.url"; }
  [[nodiscard]] std::string standby_file() const { return dir_ + "/standby.url"; }
  std::string dir_;
};

// Replay stays paused on the standby while it lives, whatever the test asserts meanwhile.
class ReplayPaused {
 public:
  explicit ReplayPaused(const PrimaryAndStandby& cluster) : cluster_(cluster) {
    cluster_.on_standby("SELECT pg_wal_replay_pause()");
  }
  ~ReplayPaused() {
    try {
      cluster_.on_standby("SELECT pg_wal_replay_resume()");
    } catch (const std::exception&) {
    }
  }
  ReplayPaused(const ReplayPaused&) = delete;
  ReplayPaused& operator=(const ReplayPaused&) = delete;

 private:
  const PrimaryAndStandby& cluster_;
};

struct ReadCounts {
  long long primary = 0;
  long long standby = 0;
};

class ReadReplicas : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    if (backend_name() != "postgres") return;  // SQLite: only the refusal, below
    cluster_ = std::make_unique<PrimaryAndStandby>();
    server_ = std::make_unique<ServerProcess>(server_env("3600"));
  }
  // A habitd on the cluster that skips the standby once its replay is `max_lag` seconds behind. No
  // read cache: every read is an uncached one, for the standby or the primary.
  static EnvVars server_env(const std::string& max_lag) {
    return {{"HABITS_DATABASE_URL", cluster_->primary_url()},
            {"HABITS_DATABASE_READ_URL", cluster_->standby_url()},
            {"HABITS_DATABASE_READ_MAX_LAG", max_lag},
            {"HABITS_READ_CACHE_MB", "0"},
            {"HABITS_JWT_SECRET", "replica-secret-replica-secret-0123456789abc"},
            {"HABITS_BCRYPT_COST", "4"}};
  }
  static void TearDownTestSuite() {
    server_.reset();
    cluster_.reset();
  }
  void SetUp() override {
    if (backend_name() != "postgres") GTEST_SKIP() << "standbys are PostgreSQL's; ReadReplicasOnSqlite covers SQLite";
  }

  // habitd_db_reads_total by target, from /metrics of the suite's server, or of the one `http` talks to.
  ReadCounts reads() {
    auto http = client();
    return reads_via(http);
  }
  static ReadCounts reads_via(HttpClient& http) {
    const auto text = http.get("/metrics").body;
    const auto value = [&text](const std::string& target) {
      const std::string line = "habitd_db_reads_total{target=\"" + target + "\"} ";
      const auto at = text.find(line);
      EXPECT_NE(at, std::string::npos) << text;
      return at == std::string::npos ? -1 : std::stoll(text.substr(at + line.size()));
    };
    return {value("primary"), value("standby")};
  }

  // Reads `path` until the standby answers it (replay caught up with the user); false when it
  // never did within a minute.
  bool wait_for_standby(const Account& a, const std::string& path) {
    for (int i = 0; i < 600; ++i) {
      const auto before = reads().standby;
      EXPECT_EQ(client().get(path, a.auth()).status, 200);
      if (reads().standby > before) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // The user's data_version as the primary and the standby hold it.
  std::pair<std::string, std::string> versions(const Account& a) const {
    const std::string query = "SELECT data_version FROM users WHERE id = '" + a.id + "'";
    return {cluster_->on_primary(query), cluster_->on_standby(query)};
  }

  // Every uncached read of the user's data, each checked to show the one log of `habit`; returns
  // how many reads it made.
  int read_everything(const Account& a, const std::string& habit) {
    auto http = client();
    const std::string today = domain::format_date(today_in("UTC"));
    const std::string one = "/api/v1/habits/" + habit;
    EXPECT_EQ(http.get(one, a.auth()).json().at("total_completions").as_int64(), 1);
    EXPECT_EQ(http.get("/api/v1/habits", a.auth()).json().at("items").at(0).at("total_completions").as_int64(), 1);
    EXPECT_EQ(http.get(one + "/streak", a.auth()).json().at("current_streak").as_int64(), 1);
    EXPECT_NE(http.get(one + "/logs", a.auth()).body.find("\"completed\""), std::string::npos);
    EXPECT_EQ(http.get(one + "/calendar?year=" + today.substr(0, 4), a.auth()).status, 200);
    EXPECT_EQ(http.get("/api/v1/today", a.auth()).json().at("items").at(0).at("status").as_string(), "completed");
    EXPECT_EQ(http.get("/api/v1/progress", a.auth()).status, 200);
    EXPECT_EQ(http.get("/api/v1/insights", a.auth()).status, 200);
    EXPECT_EQ(http.get("/api/v1/export", a.auth()).json().at("habits").at(0).at("logs").as_array().size(), 1u);
    EXPECT_EQ(http.get("/api/v1/changes", a.auth()).json().at("logs").as_array().size(), 1u);
    return 10;
  }

  static inline std::unique_ptr<PrimaryAndStandby> cluster_;
};

TEST_F(ReadReplicas, ReadsRunOnTheStandbyOnceItHoldsTheUsersLatestWrite) {
  const Account a = register_user();
  const std::string habit = create_habit(a, {{"name", "water"}, {"frequency", "daily"}});
  create_log(a, habit, boost::json::object{});
  ASSERT_TRUE(wait_for_standby(a, "/api/v1/habits/" + habit)) << server().log();

  const auto before = reads();
  EXPECT_EQ(read_everything(a, habit), 10);
  const auto after = reads();
  // Nothing written meanwhile: the standby still holds the user's latest write for every read.
  EXPECT_EQ(after.standby - before.standby, 10);
  EXPECT_EQ(after.primary, before.primary);

  const auto ready = client().get("/readyz");
  ASSERT_EQ(ready.status, 200) << ready.body;
  const auto standbys = ready.json().at("standbys").as_array();
  ASSERT_EQ(standbys.size(), 1u);
  EXPECT_EQ(standbys.at(0).at("state").as_string(), "ok") << ready.body;
  EXPECT_EQ(standbys.at(0).at("index").as_int64(), 0);
}

TEST_F(ReadReplicas, APersonAlwaysSeesTheirOwnWriteWhileReplayIsPaused) {
  const Account a = register_user();
  const Account other = register_user();
  const std::string habit = create_habit(a, {{"name", "run"}, {"frequency", "daily"}});
  create_habit(other, {{"name", "read"}, {"frequency", "daily"}});
  ASSERT_TRUE(wait_for_standby(a, "/api/v1/habits/" + habit));
  ASSERT_TRUE(wait_for_standby(other, "/api/v1/habits"));
  {
    const ReplayPaused paused(*cluster_);
    create_log(a, habit, boost::json::object{});
    // The write is on the primary only: the standby has not replayed it.
    const auto [primary_version, standby_version] = versions(a);
    ASSERT_NE(primary_version, standby_version);

    const auto before = reads();
    const int count = read_everything(a, habit);
    const auto after = reads();
    EXPECT_EQ(after.primary - before.primary, count);  // every read of the writer: on the primary
    EXPECT_EQ(after.standby, before.standby);

    // Someone who wrote nothing since is still read from the standby, paused or not.
    EXPECT_EQ(client().get("/api/v1/habits", other.auth()).json().at("total").as_int64(), 1);
    EXPECT_EQ(reads().standby, after.standby + 1);
    EXPECT_EQ(versions(a), std::make_pair(primary_version, standby_version));  // still paused
  }
  // Replay resumed: the standby catches up and takes the writer's reads again, with the write.
  ASSERT_TRUE(wait_for_standby(a, "/api/v1/habits/" + habit));
  const auto before = reads();
  EXPECT_EQ(client().get("/api/v1/habits/" + habit, a.auth()).json().at("total_completions").as_int64(), 1);
  EXPECT_EQ(reads().standby, before.standby + 1);
}

TEST_F(ReadReplicas, AStandbyLaggingMoreThanTheBoundIsSkippedForEveryone) {
  // A second habitd on the same cluster, with a bound of one second.
  ServerProcess strict(server_env("1"));
  HttpClient http(strict.port());
  const Account a = register_user();
  const Account other = register_user();
  const std::string habit = create_habit(a, {{"name", "walk"}, {"frequency", "daily"}});
  ASSERT_TRUE(wait_for_standby(other, "/api/v1/habits"));
  ASSERT_TRUE(wait_for_standby(a, "/api/v1/habits/" + habit));
  {
    const ReplayPaused paused(*cluster_);
    create_log(a, habit, boost::json::object{});  // received by the standby, not replayed
    // Replay falls further behind with every second: the strict server soon calls it lagging.
    std::string state;
    for (int i = 0; i < 300 && state != "lagging"; ++i) {
      if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const auto ready = http.get("/readyz");
      ASSERT_EQ(ready.status, 200) << ready.body;
      state = std::string(ready.json().at("standbys").at(0).at("state").as_string());
    }
    ASSERT_EQ(state, "lagging") << strict.log();
    // Even a user whose latest write it holds is read from the primary now.
    const auto before = reads_via(http);
    EXPECT_EQ(http.get("/api/v1/habits", other.auth()).json().at("total").as_int64(), 0);
    const auto after = reads_via(http);
    EXPECT_EQ(after.primary, before.primary + 1);
    EXPECT_EQ(after.standby, before.standby);
    EXPECT_NE(http.get("/metrics").body.find("habitd_db_standby_lag_seconds{standby=\"127.0.0.1:"), std::string::npos);
  }
  // Replayed everything again: lag 0, and the standby takes reads again.
  bool caught_up = false;
  for (int i = 0; i < 600 && !caught_up; ++i) {
    const auto before = reads_via(http);
    EXPECT_EQ(http.get("/api/v1/habits/" + habit, a.auth()).json().at("total_completions").as_int64(), 1);
    caught_up = reads_via(http).standby > before.standby;
    if (!caught_up) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(caught_up) << strict.log();
}

// Last: it stops the standby (and starts it again at the end).
TEST_F(ReadReplicas, AStandbyThatStopsLeavesEveryReadToThePrimary) {
  const Account a = register_user();
  const std::string habit = create_habit(a, {{"name", "stretch"}, {"frequency", "daily"}});
  create_log(a, habit, boost::json::object{});
  ASSERT_TRUE(wait_for_standby(a, "/api/v1/habits/" + habit));

  cluster_->stop_standby();
  const auto before = reads();
  const int count = read_everything(a, habit);  // every answer 200, none 5xx
  const auto after = reads();
  EXPECT_EQ(after.primary - before.primary, count);
  EXPECT_EQ(after.standby, before.standby);
  // Writes never needed it.
  EXPECT_EQ(client().patch("/api/v1/habits/" + habit, {{"name", "stretch more"}}, a.auth()).status, 200);
  EXPECT_EQ(client().get("/api/v1/habits/" + habit, a.auth()).json().at("name").as_string(), "stretch more");

  const auto ready = client().get("/readyz");
  ASSERT_EQ(ready.status, 200) << ready.body;  // the primary answers: ready
  EXPECT_EQ(ready.json().at("standbys").at(0).at("state").as_string(), "down") << ready.body;
  EXPECT_FALSE(ready.json().at("standbys").at(0).as_object().contains("lag_seconds"));
  const auto metrics = client().get("/metrics").body;
  EXPECT_NE(metrics.find("habitd_db_standby_usable{standby=\"127.0.0.1:"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find(",state=\"down\"} 0"), std::string::npos) << metrics;
  // The log says which database failed: the standby, by address, never the primary.
  const auto log = server().log();
  const auto failed = log.find(R"("msg":"database connection failed")");
  ASSERT_NE(failed, std::string::npos) << log;
  EXPECT_NE(log.substr(failed, log.find('\n', failed) - failed).find(R"("standby":"127.0.0.1:)"), std::string::npos) << log;
  EXPECT_NE(log.find(R"("msg":"standby skipped for reads")"), std::string::npos) << log;

  // Back up: it streams again, catches up, and takes reads again by itself.
  cluster_->start_standby();
  ASSERT_TRUE(wait_for_standby(a, "/api/v1/habits/" + habit)) << server().log();
  EXPECT_EQ(client().get("/api/v1/habits/" + habit, a.auth()).json().at("name").as_string(), "stretch more");
}

TEST(ReadReplicasOnSqlite, TheSettingIsRefusedWithAClearMessage) {
  if (backend_name() != "sqlite") GTEST_SKIP() << "the refusal is SQLite's; ReadReplicas covers PostgreSQL";
  EnvVars env = backend_env();
  env.emplace_back("HABITS_DATABASE_READ_URL", "postgresql://habitd:habitd@127.0.0.1:5432/habitd");
  const auto [status, output] = run_habitd(env, {});
  EXPECT_EQ(status, 2) << output;
  EXPECT_NE(output.find("HABITS_DATABASE_READ_URL"), std::string::npos) << output;
  EXPECT_NE(output.find("HABITS_DATABASE_URL is SQLite"), std::string::npos) << output;
}

}  // namespace
}  // namespace habitd::test
