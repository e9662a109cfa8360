#pragma once
// One habitd per test suite on the selected backend; each test makes its own users.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "backend.hpp"
#include "domain/local_day.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

namespace habitd::test {

struct Account {
  std::string id;
  std::string email;
  std::string username;
  std::string password;
  std::string access_token;
  std::string refresh_token;
  Headers auth() const { return bearer(access_token); }
};

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { start_server({}); }
  static void TearDownTestSuite() { server_.reset(); }
  static void start_server(const EnvVars& extra) { start_on(backend_env(), extra); }
  // On a database of its own (backend_env_alone): for a server on a test clock, or one whose
  // webhook deliveries a test counts (another suite's server would claim them, and refuse their
  // loopback receiver).
  static void start_server_alone(const EnvVars& extra) { start_on(backend_env_alone(), extra); }
  // The database settings of the suite's server: more servers of a test on the same database.
  static const EnvVars& suite_backend() { return suite_backend_; }

  HttpClient client() const { return HttpClient(server_->port()); }
  static ServerProcess& server() { return *server_; }

  // A unique name per call, so tests never collide (also across backends sharing one database).
  static std::string unique(const std::string& prefix) {
    static std::atomic<int> counter{0};
    static const std::string run = std::to_string(::getpid()) + std::to_string(std::time(nullptr) % 100000);
    return prefix + run + "_" + std::to_string(counter++);
  }

  Account register_user(const std::string& timezone = "UTC", const std::string& day_start = "") {
    Account account;
    account.username = unique("u");
    account.email = account.username + "@example.com";
    account.password = "correct horse battery";
    boost::json::object body{
        {"email", account.email}, {"username", account.username}, {"password", account.password}, {"timezone", timezone}};
    if (!day_start.empty()) body["day_start"] = day_start;
    auto http = client();
    auto reply = http.post("/api/v1/auth/register", body);
    EXPECT_EQ(reply.status, 201) << reply.body;
    account.id = std::string(reply.json().at("id").as_string());
    auto login = http.post("/api/v1/auth/login", {{"login", account.username}, {"password", account.password}});
    EXPECT_EQ(login.status, 200) << login.body;
    account.access_token = std::string(login.json().at("access_token").as_string());
    account.refresh_token = std::string(login.json().at("refresh_token").as_string());
    return account;
  }

  // Creates a habit of `a` (expecting 201) and returns its id.
  std::string create_habit(const Account& a, const boost::json::object& body) {
    auto reply = client().post("/api/v1/habits", body, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.status == 201 ? std::string(reply.json().at("id").as_string()) : std::string();
  }
  // Logs a day of a habit (expecting 201).
  void create_log(const Account& a, const std::string& habit_id, const boost::json::object& body) {
    auto reply = client().post("/api/v1/habits/" + habit_id + "/logs", body, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
  }

  static inline std::unique_ptr<ServerProcess> server_;

 private:
  static void start_on(EnvVars backend, const EnvVars& extra) {
    suite_backend_ = backend;
    backend.insert(backend.end(), extra.begin(), extra.end());
    server_ = std::make_unique<ServerProcess>(backend);
  }
  static inline EnvVars suite_backend_;
};

// Registers and logs in a new user `username` on the server `http` talks to (a second server of a
// test); returns the user's Authorization header.
inline Headers sign_up_on(HttpClient& http, const std::string& username, const std::string& timezone = "UTC") {
  const std::string password = "correct horse battery";
  const auto reply =
      http.post("/api/v1/auth/register",
                {{"email", username + "@example.com"}, {"username", username}, {"password", password}, {"timezone", timezone}});
  EXPECT_EQ(reply.status, 201) << reply.body;
  const auto login = http.post("/api/v1/auth/login", {{"login", username}, {"password", password}});
  EXPECT_EQ(login.status, 200) << login.body;
  return login.status == 200 ? bearer(std::string(login.json().at("access_token").as_string())) : Headers{};
}

// "Today" for a user in `zone` with the default day start, as the server computes it.
inline domain::Date today_in(const std::string& zone) {
  return domain::local_today(*domain::find_zone(zone), std::chrono::minutes(0), std::chrono::system_clock::now());
}

inline void expect_problem(const Reply& reply, int status) {
  EXPECT_EQ(reply.status, status) << reply.body;
  EXPECT_EQ(reply.header("content-type"), "application/problem+json") << reply.body;
  if (reply.header("content-type") != "application/problem+json") return;
  const auto body = reply.json().as_object();
  EXPECT_EQ(body.at("status").as_int64(), status);
  EXPECT_TRUE(body.contains("type") && body.contains("title") && body.contains("detail"));
}

// The field names of a 422's errors member.
inline std::vector<std::string> error_fields(const Reply& reply) {
  std::vector<std::string> fields;
  const auto body = reply.json().as_object();
  if (auto* errors = body.if_contains("errors"))
    for (const auto& error : errors->as_array()) fields.emplace_back(error.at("field").as_string());
  return fields;
}

}  // namespace habitd::test
