// Reminders through webhooks, on the server's test clock (HABITS_TEST_CLOCK_FILE): a reminder in a
// zone with an odd offset (Kathmandu, UTC+05:45) fires once, within a minute of its local time,
// only while the habit's period is not completed, and a server that was down fires it on start
// only when it is less than 15 minutes late.
#include <gtest/gtest.h>

#include <thread>

#include "api_fixture.hpp"
#include "test_clock.hpp"
#include "webhook_attempts.hpp"
#include "webhook_receiver.hpp"

namespace habitd::test {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

EnvVars reminder_settings() {
  return {{"HABITS_WEBHOOK_ALLOW_PRIVATE", "1"}, {"HABITS_WEBHOOK_POLL_MS", "100"}, {"HABITS_REMINDER_INTERVAL", "1"}};
}

class RemindersApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    clock_ = std::make_unique<TestClock>(utc(2026, 3, 10, 0, 0));
    auto env = clock_->env();
    const auto more = reminder_settings();
    env.insert(env.end(), more.begin(), more.end());
    start_server_alone(env);
  }
  static void TearDownTestSuite() {
    server_.reset();
    clock_.reset();
  }

  // A user in Kathmandu with a webhook for reminders and a daily habit reminded at 08:00.
  struct Setup {
    Account account;
    std::string habit;
    std::string webhook;
  };
  Setup kathmandu_user(WebhookReceiver& receiver, HttpClient http) {
    Setup s{register_user("Asia/Kathmandu"), {}, {}};
    const auto hook = http.post("/api/v1/webhooks", {{"url", receiver.url()}, {"events", {"reminder.due"}}}, s.account.auth());
    EXPECT_EQ(hook.status, 201) << hook.body;
    if (hook.status == 201) s.webhook = std::string(hook.json().at("id").as_string());
    s.habit = create_habit(s.account, {{"name", "Meditate"}, {"frequency", "daily"}, {"reminders", {"08:00", "21:30"}}});
    return s;
  }

  static inline std::unique_ptr<TestClock> clock_;
};

TEST_F(RemindersApi, HabitsCarryTheirRemindersAndRefuseBadOnes) {
  const Account a = register_user();
  const std::string id = create_habit(a, {{"name", "Walk"}, {"frequency", "daily"}, {"reminders", {"21:00", "07:30"}}});
  auto habit = client().get("/api/v1/habits/" + id, a.auth());
  EXPECT_EQ(habit.json().at("reminders"), (boost::json::array{"07:30", "21:00"}));
  EXPECT_EQ(client().patch("/api/v1/habits/" + id, {{"reminders", boost::json::array{}}}, a.auth()).json().at("reminders"),
            boost::json::array{});
  // (A boost::json::value made with braces would be an array around its argument.)
  const std::vector<boost::json::value> bad_values = {
      boost::json::value(boost::json::array{"7:30"}), boost::json::value(boost::json::array{"24:00"}),
      boost::json::value(boost::json::array{"08:00", "08:00"}), boost::json::value("08:00"),
      boost::json::value(boost::json::array{"01:00", "02:00", "03:00", "04:00", "05:00", "06:00"})};
  for (const auto& bad : bad_values) {
    auto reply = client().patch("/api/v1/habits/" + id, {{"reminders", bad}}, a.auth());
    expect_problem(reply, 422);
    EXPECT_EQ(error_fields(reply), std::vector<std::string>{"reminders"}) << bad << " " << reply.body;
  }
}

TEST_F(RemindersApi, FiresOnceAtTheLocalTimeInAnOddOffsetZoneWhileThePeriodIsOpen) {
  WebhookReceiver receiver;
  // 2026-03-11 07:55:30 in Kathmandu is 02:10:30 UTC.
  clock_->set(utc(2026, 3, 11, 2, 10));
  const Setup s = kathmandu_user(receiver, client());
  std::this_thread::sleep_for(2500ms);
  EXPECT_TRUE(receiver.received().empty());

  clock_->set(utc(2026, 3, 11, 2, 15));  // 08:00:30 local
  const auto got = receiver.wait_for(1, 20s);
  ASSERT_EQ(got.size(), 1U);
  const auto body = boost::json::parse(got[0].body).as_object();
  EXPECT_EQ(body.at("type").as_string(), "reminder.due");
  EXPECT_EQ(body.at("data"),
            (boost::json::object{{"habit_id", s.habit}, {"name", "Meditate"}, {"date", "2026-03-11"}, {"time", "08:00"}}));
  // Recorded before the clock moves on by more than a claim's lease.
  ASSERT_EQ(wait_for_delivered(client(), s.account.auth(), s.webhook, 1).size(), 1U);
  clock_->set(utc(2026, 3, 11, 2, 20));
  std::this_thread::sleep_for(2500ms);
  EXPECT_EQ(receiver.received().size(), 1U);  // once only

  // Done for the day before the evening reminder: 21:30 local (15:45 UTC) stays silent.
  create_log(s.account, s.habit, {{"date", "2026-03-11"}});
  clock_->set(utc(2026, 3, 11, 15, 46));
  std::this_thread::sleep_for(2500ms);
  EXPECT_EQ(receiver.received().size(), 1U);
}

TEST_F(RemindersApi, AServerThatWasDownFiresOnStartOnlyWhenLessThanFifteenMinutesLate) {
  // A server of its own on its own database (the suite's server shares the clock file).
  TestClock clock(utc(2026, 4, 1, 2, 0));  // 07:45 in Kathmandu
  auto env = backend_env_alone();
  const auto more = reminder_settings();
  env.insert(env.end(), more.begin(), more.end());
  const auto clock_env = clock.env();
  env.insert(env.end(), clock_env.begin(), clock_env.end());
  WebhookReceiver receiver;
  auto process = std::make_unique<ServerProcess>(env);
  HttpClient http(process->port());
  const auto auth = sign_up_on(http, unique("r"), "Asia/Kathmandu");
  ASSERT_EQ(http.post("/api/v1/webhooks", {{"url", receiver.url()}, {"events", {"reminder.due"}}}, auth).status, 201);
  ASSERT_EQ(
      http.post("/api/v1/habits", {{"name", "Stretch"}, {"frequency", "daily"}, {"reminders", {"08:00", "08:20"}}}, auth).status,
      201);
  EXPECT_EQ(process->stop(9), 128 + 9);

  // Down over 08:00 and 08:20; up again at 08:30 local: 08:20 is 10 minutes late and fires, 08:00
  // is 30 minutes late and does not.
  clock.set(utc(2026, 4, 1, 2, 45));
  process = std::make_unique<ServerProcess>(env);
  const auto got = receiver.wait_for(1, 20s);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(boost::json::parse(got[0].body).at("data").at("time").as_string(), "08:20");
  std::this_thread::sleep_for(2500ms);
  EXPECT_EQ(receiver.received().size(), 1U);
}

}  // namespace
}  // namespace habitd::test
