// PostgreSQL: reads that need their user's row at once share one query (service/read_stamp_batches),
// and every read's row comes from a query begun after the read: two processes on one database,
// and a write through one is seen at once by a cached read through the other, every time.

#include <unistd.h>

#include <ctime>

#include "api_fixture.hpp"

namespace habitd::test {
namespace {

// A metric's value in /metrics, or -1 when it is absent.
double metric(HttpClient& via, const std::string& series) {
  const auto text = via.get("/metrics").body;
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

class ReadStampsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    if (backend_name() != "postgres") GTEST_SKIP() << "SQLite has one process, which reads its users' rows in-process";
    env_ = backend_env();
    a_ = std::make_unique<ServerProcess>(env_);
    b_ = std::make_unique<ServerProcess>(env_);
    via_a_ = std::make_unique<HttpClient>(a_->port());
    via_b_ = std::make_unique<HttpClient>(b_->port());
    const std::string name = "stamps" + std::to_string(::getpid()) + "_" + std::to_string(std::time(nullptr));
    ASSERT_EQ(via_a_
                  ->post("/api/v1/auth/register",
                         {{"email", name + "@example.com"}, {"username", name}, {"password", "a good password"}})
                  .status,
              201);
    auto login = via_a_->post("/api/v1/auth/login", {{"login", name}, {"password", "a good password"}});
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

  EnvVars env_;
  std::unique_ptr<ServerProcess> a_, b_;
  std::unique_ptr<HttpClient> via_a_, via_b_;
  Headers auth_;
  std::string habit_;
};

TEST_F(ReadStampsApi, AWriteThroughOneProcessIsSeenAtOnceThroughTheOther) {
  writes_are_seen_across(200, "n");
  EXPECT_GT(metric(*via_b_, "habitd_read_stamps_total"), 0);
  EXPECT_GT(metric(*via_b_, "habitd_read_stamp_queries_total"), 0);
  // Day settings move "today": a change of them is seen at once too.
  ASSERT_EQ(via_a_->patch("/api/v1/users/me", {{"timezone", "Pacific/Kiritimati"}}, auth_).status, 200);
  const auto today = via_b_->get("/api/v1/today", auth_);
  ASSERT_EQ(today.status, 200);
  EXPECT_EQ(today.json().at("date").as_string(), domain::format_date(today_in("Pacific/Kiritimati")));
}

}  // namespace
}  // namespace habitd::test
