// Crash safety: writer threads POST completions and record each one the server acknowledged
// (201); meanwhile the server is killed with SIGKILL and restarted on the same database, several
// times. Afterwards every acknowledged completion must be there. Writes in flight at the kill may
// land or not (the client never heard back); acknowledged ones must never be lost.
// HABITS_CRASH_CYCLES sets the number of kills (default 3; `make soak-crash` runs more).
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "api_fixture.hpp"
#include "domain/calendar.hpp"

namespace habitd::test {
namespace {

constexpr int kWriters = 4;
constexpr int kAcksPerCycle = 20;    // acknowledged writes to wait for between two kills
constexpr long kMaxDaysBack = 7000;  // habits start 20 years back: room for every date
constexpr long kDayViewDays = 366;   // the longest range GET .../logs serves at once
const auto kPatience = std::chrono::seconds(60);

int crash_cycles() {
  const char* value = std::getenv("HABITS_CRASH_CYCLES");
  return value ? std::max(1, std::atoi(value)) : 3;
}

// One writer: its own habit, dates walking back from today, reconnecting to wherever the server
// listens now whenever the connection breaks.
class Writer {
 public:
  Writer(std::string habit_id, Headers auth, domain::Date today, const std::atomic<int>& port)
      : habit_id_(std::move(habit_id)), auth_(std::move(auth)), today_(today), port_(port) {}

  void run(const std::atomic<bool>& stop) {
    for (long back = 0; !stop && back < kMaxDaysBack; ++back) {
      const std::string date = domain::format_date(today_ - std::chrono::days(back));
      try {
        if (!client_) client_ = std::make_unique<HttpClient>(port_.load());
        const auto reply = client_->post("/api/v1/habits/" + habit_id_ + "/logs", {{"date", date}}, auth_);
        if (reply.status == 201) {
          const std::lock_guard lock(mutex_);
          acknowledged_.insert(date);
        }
      } catch (const std::exception&) {
        // The server is gone (killed, or not up yet): not acknowledged; try the next date anew.
        client_.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }

  [[nodiscard]] std::set<std::string> acknowledged() const {
    const std::lock_guard lock(mutex_);
    return acknowledged_;
  }
  [[nodiscard]] const std::string& habit_id() const { return habit_id_; }

 private:
  std::string habit_id_;
  Headers auth_;
  domain::Date today_;
  const std::atomic<int>& port_;
  std::unique_ptr<HttpClient> client_;
  mutable std::mutex mutex_;
  std::set<std::string> acknowledged_;
};

std::size_t total_acknowledged(const std::vector<std::unique_ptr<Writer>>& writers) {
  std::size_t total = 0;
  for (const auto& writer : writers) total += writer->acknowledged().size();
  return total;
}

bool wait_for_acks(const std::vector<std::unique_ptr<Writer>>& writers, std::size_t at_least) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (total_acknowledged(writers) < at_least) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// Dates with a completion, read back through GET .../logs in windows of at most 366 days.
std::set<std::string> stored_dates(HttpClient& http, const Headers& auth, const std::string& habit_id, domain::Date today) {
  std::set<std::string> dates;
  for (long newest = 0; newest < kMaxDaysBack; newest += kDayViewDays) {
    const auto to = today - std::chrono::days(newest);
    const auto from = to - std::chrono::days(kDayViewDays - 1);
    const auto reply = http.get(
        "/api/v1/habits/" + habit_id + "/logs?from=" + domain::format_date(from) + "&to=" + domain::format_date(to), auth);
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) break;
    const auto view = reply.json();
    for (const auto& day : view.at("days").as_array())
      if (day.at("status").as_string() == "completed") dates.emplace(day.at("date").as_string());
  }
  return dates;
}

std::string register_and_log_in(HttpClient& http, const std::string& username) {
  const auto created =
      http.post("/api/v1/auth/register",
                {{"email", username + "@example.com"}, {"username", username}, {"password", "correct horse battery"}});
  EXPECT_EQ(created.status, 201) << created.body;
  const auto login = http.post("/api/v1/auth/login", {{"login", username}, {"password", "correct horse battery"}});
  EXPECT_EQ(login.status, 200) << login.body;
  return std::string(login.json().at("access_token").as_string());
}

TEST(CrashSafety, EveryAcknowledgedCompletionSurvivesKillNine) {
  // One environment for every restart: the same database file or PostgreSQL database, the same secret.
  const EnvVars env = backend_env();
  auto server = std::make_unique<ServerProcess>(env);
  std::atomic<int> port{server->port()};
  const domain::Date today = today_in("UTC");
  const std::string start = domain::format_date(today - std::chrono::days(kMaxDaysBack));

  HttpClient setup(port);
  const std::string username = "crash" + std::to_string(::getpid()) + "_" + std::to_string(std::time(nullptr) % 100000);
  const Headers auth = bearer(register_and_log_in(setup, username));
  std::vector<std::unique_ptr<Writer>> writers;
  for (int i = 0; i < kWriters; ++i) {
    const auto habit = setup.post("/api/v1/habits",
                                  {{"name", "crash " + std::to_string(i)}, {"frequency", "daily"}, {"start_date", start}}, auth);
    ASSERT_EQ(habit.status, 201) << habit.body;
    writers.push_back(std::make_unique<Writer>(std::string(habit.json().at("id").as_string()), auth, today, port));
  }

  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (auto& writer : writers) threads.emplace_back([&writer, &stop] { writer->run(stop); });
  std::mt19937 random{std::random_device{}()};
  const int cycles = crash_cycles();
  for (int cycle = 0; cycle < cycles; ++cycle) {
    ASSERT_TRUE(wait_for_acks(writers, total_acknowledged(writers) + kAcksPerCycle)) << server->log();
    // A few milliseconds more, so the kill lands at a different point of a write each time.
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 20));
    EXPECT_EQ(server->stop(SIGKILL), 128 + SIGKILL);
    server = std::make_unique<ServerProcess>(env);
    port = server->port();
  }
  // The last server must take writes too.
  const bool served_after = wait_for_acks(writers, total_acknowledged(writers) + kAcksPerCycle);
  stop = true;
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(served_after) << server->log();

  HttpClient check(port);
  std::size_t acknowledged = 0, lost = 0, unacknowledged_present = 0;
  for (const auto& writer : writers) {
    const auto stored = stored_dates(check, auth, writer->habit_id(), today);
    const auto acked = writer->acknowledged();
    acknowledged += acked.size();
    for (const auto& date : acked) {
      if (stored.contains(date)) continue;
      ++lost;
      ADD_FAILURE() << "acknowledged completion lost: habit " << writer->habit_id() << " on " << date;
    }
    for (const auto& date : stored) unacknowledged_present += acked.contains(date) ? 0 : 1;
  }
  EXPECT_EQ(lost, 0u);
  EXPECT_GT(acknowledged, static_cast<std::size_t>(kAcksPerCycle * cycles));
  std::cout << "crash safety (" << backend_name() << "): " << cycles << " kill -9 cycles, " << acknowledged
            << " writes acknowledged, " << lost << " lost, " << unacknowledged_present
            << " stored without an acknowledgement (in flight at a kill)\n";
}

}  // namespace
}  // namespace habitd::test
