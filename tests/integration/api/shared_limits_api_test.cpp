// Rate limits that do not multiply with the number of processes: on PostgreSQL every habitd notes
// itself in the database and each enforces its share of a limit among those alive, so requests
// alternated between two processes meet the configured limit, not twice it. SQLite serves from
// one process, which keeps the whole limit.
#include <chrono>
#include <thread>

#include "api_fixture.hpp"

namespace habitd::test {
namespace {

// The number of live processes a server counts, from its /metrics; -1 when it says none.
int live_processes(HttpClient& via) {
  const std::string text = via.get("/metrics").body;
  const std::string name = "\nhabitd_live_processes ";
  const auto at = text.find(name);
  return at == std::string::npos ? -1 : std::atoi(text.c_str() + at + name.size());
}

// Waits until every server counts `processes` (each notes itself every 3 seconds).
bool await_count(std::vector<HttpClient*> servers, int processes) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    bool all = true;
    for (auto* via : servers) all = all && live_processes(*via) == processes;
    if (all) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

TEST(SharedLimits, OneProcessCountsItselfAndKeepsTheWholeLimit) {
  auto env = backend_env_alone();
  env.emplace_back("HABITS_RATE_LIMIT_PER_ADDRESS", "6");
  ServerProcess server(env);
  HttpClient via(server.port());
  ASSERT_TRUE(await_count({&via}, 1));
  EXPECT_EQ(via.get("/api/v1/habits").header("ratelimit-policy"), "\"address\";q=6;w=60");
}

TEST(SharedLimits, RequestsPerAddressOverBothProcessesMeetOneLimit) {
  if (backend_name() != "postgres") GTEST_SKIP() << "SQLite serves from one process";
  auto env = backend_env_alone();
  env.emplace_back("HABITS_RATE_LIMIT_PER_ADDRESS", "6");
  env.emplace_back("HABITS_RATE_LIMIT_WINDOW", "3600");  // no refill while the test runs
  ServerProcess a(env);
  auto b = std::make_unique<ServerProcess>(env);
  HttpClient via_a(a.port());
  HttpClient via_b(b->port());
  ASSERT_TRUE(await_count({&via_a, &via_b}, 2)) << a.log() << b->log();

  int allowed = 0;
  for (int i = 0; i < 20; ++i) {
    const auto reply = (i % 2 == 0 ? via_a : via_b).get("/api/v1/habits");  // 401: anonymous, yet counted
    if (reply.status == 429) continue;
    ++allowed;
    EXPECT_EQ(reply.header("ratelimit-policy"), "\"address\";q=3;w=3600");  // each process's share
  }
  EXPECT_EQ(allowed, 6) << "three through each process: the configured limit in all, not twice it";

  // A process that stops leaves the count, and the other takes the whole limit again.
  EXPECT_EQ(b->stop(), 0);
  b.reset();
  ASSERT_TRUE(await_count({&via_a}, 1));
  EXPECT_EQ(via_a.get("/api/v1/habits").header("ratelimit-policy"), "\"address\";q=6;w=3600");
}

TEST(SharedLimits, SignUpsPerAddressOverBothProcessesMeetOneLimit) {
  if (backend_name() != "postgres") GTEST_SKIP() << "SQLite serves from one process";
  auto env = backend_env_alone();
  env.emplace_back("HABITS_REGISTRATIONS_PER_ADDRESS", "4");
  ServerProcess a(env);
  ServerProcess b(env);
  HttpClient via_a(a.port());
  HttpClient via_b(b.port());
  ASSERT_TRUE(await_count({&via_a, &via_b}, 2)) << a.log() << b.log();

  int created = 0;
  for (int i = 0; i < 10; ++i) {
    const std::string name = "signup" + std::to_string(i);
    const auto reply = (i % 2 == 0 ? via_a : via_b)
                           .post("/api/v1/auth/register",
                                 {{"email", name + "@example.com"}, {"username", name}, {"password", "a fine password"}});
    if (reply.status == 201) {
      ++created;
    } else {
      expect_problem(reply, 429);
    }
  }
  EXPECT_EQ(created, 4) << "two through each process: the configured limit in all, not twice it";
}

}  // namespace
}  // namespace habitd::test
