// PostgreSQL: each habitd keeps its users' read stamps in memory while its listener hears every
// change of their rows (migration 0022's trigger, store/user_change_listener). Two processes on one
// database: a write through one is seen at once by a cached read through the other, every time,
// and also while the listeners are cut off and come back. On SQLite there is nothing to listen to.
#include <cstdlib>
#include <thread>

#include "api_fixture.hpp"

namespace habitd::test {
namespace {

using namespace std::chrono_literals;

std::string database_url(const EnvVars& env) {
  for (const auto& [key, value] : env)
    if (key == "HABITS_DATABASE_URL") return value;
  throw std::runtime_error("no HABITS_DATABASE_URL");
}

// A metric's value in /metrics, or -1 when it is absent.
double metric(HttpClient& via, const std::string& series) {
  const auto text = via.get("/metrics").body;
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

bool becomes_live(HttpClient& via) {
  for (int i = 0; i < 100; ++i) {
    if (metric(via, "habitd_change_listener_live") == 1) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

class ChangeListenerApi : public ::testing::Test {
 protected:
  void SetUp() override {
    if (backend_name() != "postgres") GTEST_SKIP() << "SQLite has one process, which reads its users' rows in-process";
    env_ = backend_env_alone();  // a database of its own: the test cuts its listeners' connections
    a_ = std::make_unique<ServerProcess>(env_);
    b_ = std::make_unique<ServerProcess>(env_);
    via_a_ = std::make_unique<HttpClient>(a_->port());
    via_b_ = std::make_unique<HttpClient>(b_->port());
    ASSERT_EQ(via_a_
                  ->post("/api/v1/auth/register",
                         {{"email", "listen@example.com"}, {"username", "listener"}, {"password", "a good password"}})
                  .status,
              201);
    auto login = via_a_->post("/api/v1/auth/login", {{"login", "listener"}, {"password", "a good password"}});
    ASSERT_EQ(login.status, 200) << login.body;
    auth_ = bearer(std::string(login.json().at("access_token").as_string()));
    auto created = via_a_->post("/api/v1/habits", {{"name", "n0"}, {"frequency", "daily"}}, auth_);
    ASSERT_EQ(created.status, 201) << created.body;
    habit_ = "/api/v1/habits/" + std::string(created.json().at("id").as_string());
  }

  // Renames the habit through one process and reads it at once through the other, `rounds` times.
  void writes_are_seen_across(int rounds, const std::string& tag) {
    for (int i = 0; i < rounds; ++i) {
      const std::string name = tag + std::to_string(i);
      auto& writer = i % 2 == 0 ? *via_a_ : *via_b_;
      auto& reader = i % 2 == 0 ? *via_b_ : *via_a_;
      ASSERT_EQ(reader.get(habit_, auth_).status, 200);  // cached at the version before the write
      ASSERT_EQ(writer.patch(habit_, {{"name", name}}, auth_).status, 200);
      const auto seen = reader.get(habit_, auth_);
      ASSERT_EQ(seen.status, 200);
      ASSERT_EQ(seen.json().at("name").as_string(), name) << "round " << i;
    }
  }

  // Ends the listeners' connections of both processes (the way a network cut or a restart would).
  void cut_listeners() const {
    const std::string command = "psql '" + database_url(env_) +
                                "' -v ON_ERROR_STOP=1 -qAt -c 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE application_name = $$habitd-listener$$ AND datname = current_database()' >/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }

  EnvVars env_;
  std::unique_ptr<ServerProcess> a_, b_;
  std::unique_ptr<HttpClient> via_a_, via_b_;
  Headers auth_;
  std::string habit_;
};

TEST_F(ChangeListenerApi, AWriteThroughOneProcessIsSeenAtOnceThroughTheOther) {
  ASSERT_TRUE(becomes_live(*via_a_));
  ASSERT_TRUE(becomes_live(*via_b_));
  writes_are_seen_across(200, "n");
  // The reads took their stamps from memory: the listener, not a round trip, kept them right.
  EXPECT_GT(metric(*via_b_, "habitd_read_stamps_total{source=\"memory\"}"), 0);
  // Day settings move "today": a change of them is heard too.
  ASSERT_EQ(via_a_->patch("/api/v1/users/me", {{"timezone", "Pacific/Kiritimati"}}, auth_).status, 200);
  const auto today = via_b_->get("/api/v1/today", auth_);
  ASSERT_EQ(today.status, 200);
  EXPECT_EQ(today.json().at("date").as_string(), domain::format_date(today_in("Pacific/Kiritimati")));
}

TEST_F(ChangeListenerApi, WhileTheListenersAreCutReadsAskTheDatabaseAndStayRight) {
  ASSERT_TRUE(becomes_live(*via_a_));
  ASSERT_TRUE(becomes_live(*via_b_));
  for (int cut = 0; cut < 3; ++cut) {
    cut_listeners();
    writes_are_seen_across(30, "cut" + std::to_string(cut) + "-");
    ASSERT_TRUE(becomes_live(*via_a_)) << a_->log();
    ASSERT_TRUE(becomes_live(*via_b_)) << b_->log();
    writes_are_seen_across(30, "back" + std::to_string(cut) + "-");
  }
  EXPECT_NE(b_->log().find("change listener lost its connection"), std::string::npos) << b_->log();
}

}  // namespace
}  // namespace habitd::test
