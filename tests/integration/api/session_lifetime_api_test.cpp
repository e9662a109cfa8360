// A session ends at its absolute lifetime (HABITS_SESSION_LIFETIME_DAYS, default 90), however
// often it is refreshed: a stolen refresh token cannot be kept alive for ever. Drives the
// server's clock (HABITS_TEST_CLOCK_FILE).
#include <gtest/gtest.h>

#include "backend.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "test_clock.hpp"

namespace habitd::test {
namespace {

TEST(SessionLifetime, ASessionRefreshedEveryMonthEndsAfterNinetyDays) {
  TestClock clock(utc(2026, 3, 2, 10, 0));
  EnvVars env = backend_env_alone();
  for (const auto& entry : clock.env()) env.push_back(entry);
  ServerProcess server(env);
  HttpClient http(server.port());
  const std::string name = "lifetime" + std::to_string(::getpid()) + "_" + std::to_string(std::time(nullptr) % 100000);
  ASSERT_EQ(
      http.post("/api/v1/auth/register", {{"email", name + "@example.com"}, {"username", name}, {"password", "a fine password"}})
          .status,
      201);
  auto tokens = http.post("/api/v1/auth/login", {{"login", name}, {"password", "a fine password"}});
  ASSERT_EQ(tokens.status, 200);
  std::string refresh(tokens.json().at("refresh_token").as_string());
  for (int month = 0; month < 3; ++month) {
    clock.advance(std::chrono::days(29));  // each refresh within the refresh token's 30 days
    auto refreshed = http.post("/api/v1/auth/refresh", {{"refresh_token", refresh}});
    ASSERT_EQ(refreshed.status, 200) << "day " << 29 * (month + 1) << ": " << refreshed.body;
    refresh = std::string(refreshed.json().at("refresh_token").as_string());
  }
  clock.advance(std::chrono::days(4));  // day 91
  auto ended = http.post("/api/v1/auth/refresh", {{"refresh_token", refresh}});
  EXPECT_EQ(ended.status, 401) << ended.body;
  EXPECT_EQ(http.post("/api/v1/auth/login", {{"login", name}, {"password", "a fine password"}}).status, 200);
}

}  // namespace
}  // namespace habitd::test
