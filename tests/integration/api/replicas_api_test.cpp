// Scale-out: two habitd processes started at the same moment on one empty PostgreSQL database
// (a new one each run, so the test runs again on the same cluster).
#include <thread>

#include "api_fixture.hpp"

namespace habitd::test {
namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

TEST(Replicas, TwoProcessesShareOnePostgres) {
  if (backend_name() != "postgres") GTEST_SKIP() << "replicas share a PostgreSQL database; SQLite is single-node";
  const EnvVars env = backend_env_alone();
  std::unique_ptr<ServerProcess> a, b;
  std::thread start_a([&] { a = std::make_unique<ServerProcess>(env); });
  std::thread start_b([&] { b = std::make_unique<ServerProcess>(env); });
  start_a.join();
  start_b.join();
  ASSERT_TRUE(a && b);

  // Each migration ran exactly once across both processes (the advisory lock serialised them).
  const std::string logs = a->log() + b->log();
  EXPECT_EQ(count(logs, R"("msg":"migration applied","version":1,)"), 1u) << logs;
  EXPECT_EQ(count(logs, R"("msg":"migration applied","version":2,)"), 1u) << logs;
  EXPECT_EQ(count(logs, R"("msg":"migration applied","version":3,)"), 1u) << logs;

  HttpClient via_a(a->port());
  HttpClient via_b(b->port());
  ASSERT_EQ(
      via_a
          .post("/api/v1/auth/register", {{"email", "rep@example.com"}, {"username", "replica"}, {"password", "a good password"}})
          .status,
      201);
  auto login = via_b.post("/api/v1/auth/login", {{"login", "replica"}, {"password", "a good password"}});
  ASSERT_EQ(login.status, 200) << login.body;
  const Headers auth = bearer(std::string(login.json().at("access_token").as_string()));
  // A token issued by B is accepted by A, and writes through either are seen by both.
  auto created = via_a.post("/api/v1/habits", {{"name", "shared"}, {"frequency", "daily"}}, auth);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(created.json().at("id").as_string());
  EXPECT_EQ(via_b.post("/api/v1/habits/" + id + "/logs", boost::json::object{}, auth).status, 201);
  EXPECT_EQ(via_a.post("/api/v1/habits/" + id + "/logs", boost::json::object{}, auth).status, 409);
  EXPECT_EQ(via_a.get("/api/v1/habits/" + id, auth).json().at("total_completions").as_int64(), 1);
  EXPECT_EQ(via_b.get("/api/v1/habits", auth).json().at("total").as_int64(), 1);

  // A's cached reads follow writes made through B: the version they are checked against lives in
  // the database, not in either process.
  const std::string streak = "/api/v1/habits/" + id + "/streak";
  const std::string today_log = "/api/v1/habits/" + id + "/logs/" + domain::format_date(today_in("UTC"));
  EXPECT_EQ(via_a.get(streak, auth).json().at("current_streak").as_int64(), 1);
  EXPECT_EQ(via_a.get(streak, auth).json().at("current_streak").as_int64(), 1);  // now served from A's cache
  EXPECT_EQ(via_b.del(today_log, auth).status, 204);
  EXPECT_EQ(via_a.get(streak, auth).json().at("current_streak").as_int64(), 0);
  EXPECT_EQ(via_a.get("/api/v1/progress", auth).status, 200);
  EXPECT_EQ(via_b.patch("/api/v1/habits/" + id, {{"name", "renamed on B"}}, auth).status, 200);
  EXPECT_EQ(via_a.get("/api/v1/habits/" + id, auth).json().at("name").as_string(), "renamed on B");
}

// Failed logins are counted in PostgreSQL: spread over two processes, they still meet the account's
// budget at the configured number, not at twice it.
TEST(Replicas, FailedLoginsOverBothProcessesShareOneBudget) {
  if (backend_name() != "postgres") GTEST_SKIP() << "SQLite is single-node: its counts stay in the process";
  auto env = backend_env_alone();
  env.emplace_back("HABITS_LOGIN_FAILURES_PER_ACCOUNT", "4");
  ServerProcess a(env);
  ServerProcess b(env);
  HttpClient via_a(a.port());
  HttpClient via_b(b.port());
  ASSERT_EQ(via_a
                .post("/api/v1/auth/register",
                      {{"email", "guess@example.com"}, {"username", "guessed"}, {"password", "a good password"}})
                .status,
            201);
  for (int i = 0; i < 4; ++i) {
    auto& via = i % 2 == 0 ? via_a : via_b;
    EXPECT_EQ(via.post("/api/v1/auth/login", {{"login", "guessed"}, {"password", "wrong guess " + std::to_string(i)}}).status,
              401);
  }
  for (auto* via : {&via_a, &via_b}) {
    auto refused = via->post("/api/v1/auth/login", {{"login", "guessed"}, {"password", "a good password"}});
    expect_problem(refused, 429);
    EXPECT_GT(std::stoi(refused.header("retry-after")), 0);
  }
}

}  // namespace
}  // namespace habitd::test
