// The dispatcher's step on a real SQLite database with an injected clock and a scripted sender:
// fan-out to subscribers only, leases, retries with backoff, giving up after 24 hours, disabling
// a webhook after three days of failures. No sleeps, no sockets.
#include "service/webhook_delivery.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "../store/temp_sqlite.hpp"
#include "service/delivery_stats.hpp"
#include "store/delivery_store.hpp"
#include "store/outbox.hpp"
#include "store/user_store.hpp"
#include "store/webhook_store.hpp"
#include "util/clock.hpp"
#include "util/time_format.hpp"

namespace habitd::service {
namespace {

using namespace std::chrono_literals;

class ManualClock final : public util::Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const override { return now_; }
  void advance(std::chrono::system_clock::duration by) { now_ += by; }

 private:
  std::chrono::system_clock::time_point now_{std::chrono::sys_days{std::chrono::year{2026} / 12 / 7} + 8h};
};

class ScriptedSender final : public WebhookSender {
 public:
  [[nodiscard]] SendResult send(const OutgoingRequest& request) const override {
    sent.push_back(request);
    if (answers.empty()) return SendResult{200, std::nullopt, 1ms};
    auto answer = answers.front();
    if (answers.size() > 1 || !repeat_last) answers.pop_front();
    return answer;
  }
  mutable std::vector<OutgoingRequest> sent;
  mutable std::deque<SendResult> answers;
  bool repeat_last = false;
};

class WebhookDeliveryTest : public ::testing::Test {
 protected:
  WebhookDeliveryTest() {
    store::UserRecord record;
    record.user.id = "u1";
    record.user.email = record.user.username = "hook-owner";
    record.password_hash = "x";
    users.create(record);
  }

  std::string add_webhook(const std::string& id, std::vector<std::string> events) {
    domain::Webhook webhook{id,
                            "u1",
                            "https://hooks.example.com/" + id,
                            std::move(events),
                            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                            util::to_micros(clock.now()),
                            false,
                            std::nullopt};
    webhooks.insert(webhook, domain::kMaxWebhooksPerUser);
    return id;
  }
  void record(const std::string& type, const std::string& id) {
    temp.database().transaction([&](soci::session& sql) {
      store::queue_events(sql, "u1",
                          {store::OutboxEvent{id, type, R"({"type":")" + type + R"("})", util::to_micros(clock.now())}});
    });
  }
  std::vector<domain::DeliveryAttempt> attempts(const std::string& webhook) {
    return webhooks.attempts("u1", webhook, 200, 0).items;
  }

  store::TempSqlite temp{"webhook-delivery"};
  ManualClock clock;
  const store::UserStore users{temp.database()};
  const store::WebhookStore webhooks{temp.database()};
  const store::DeliveryStore deliveries{temp.database()};
  ScriptedSender sender;
  DeliveryStats stats;
  const WebhookDelivery delivery{deliveries, sender, clock, stats, [] { return 0.5; }};
};

TEST_F(WebhookDeliveryTest, EventsGoToSubscribedEnabledWebhooksOnlySignedAsTheSpecificationSays) {
  add_webhook("w-logs", {"log.created"});
  add_webhook("w-habits", {"habit.created"});
  add_webhook("w-off", {"log.created"});
  auto off = *webhooks.get("u1", "w-off");
  off.disabled = true;
  ASSERT_TRUE(webhooks.update(off, util::to_micros(clock.now())));
  record("log.created", "msg_1");
  EXPECT_EQ(deliveries.pending(), 1);
  EXPECT_TRUE(delivery.deliver_one());
  EXPECT_FALSE(delivery.deliver_one());
  ASSERT_EQ(sender.sent.size(), 1U);
  const auto& request = sender.sent.front();
  EXPECT_EQ(request.url, "https://hooks.example.com/w-logs");
  std::map<std::string, std::string> headers(request.headers.begin(), request.headers.end());
  EXPECT_EQ(headers["webhook-id"], "msg_1");
  EXPECT_EQ(headers["webhook-timestamp"],
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count()));
  EXPECT_EQ(headers["webhook-signature"].rfind("v1,", 0), 0U);
  EXPECT_EQ(deliveries.pending(), 0);
  const auto listed = attempts("w-logs");
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].outcome, "delivered");
  EXPECT_EQ(listed[0].status_code, 200);
}

// The events of a write are made (their JSON bodies built) only when the user has an enabled
// webhook, and a type nobody subscribes to queues nothing, even among close names.
TEST_F(WebhookDeliveryTest, EventsAreMadeOnlyForAUserWithAnEnabledWebhook) {
  int made = 0;
  const auto record_lazily = [&](const std::string& type, const std::string& id) {
    temp.database().transaction([&](soci::session& sql) {
      store::record_events(sql, "u1", store::PendingEvents([&, type, id] {
                             ++made;
                             return store::OutboxEvents{store::OutboxEvent{id, type, "{}", util::to_micros(clock.now())}};
                           }),
                           store::has_webhooks(sql, "u1"));
    });
  };
  record_lazily("log.created", "msg_none");
  EXPECT_EQ(made, 0);
  add_webhook("w-logs", {"log.created"});
  record_lazily("log.create", "msg_prefix");
  record_lazily("log.created", "msg_1");
  EXPECT_EQ(made, 2);
  EXPECT_EQ(deliveries.pending(), 1);
}

TEST_F(WebhookDeliveryTest, AFailureIsRetriedWithinTenSecondsWithTheSameIdAndBody) {
  add_webhook("w", {"log.created"});
  record("log.created", "msg_r");
  sender.answers = {SendResult{500, std::nullopt, 1ms}, SendResult{204, std::nullopt, 1ms}};
  EXPECT_TRUE(delivery.deliver_one());
  EXPECT_FALSE(delivery.deliver_one());  // not due yet
  clock.advance(3s);
  EXPECT_FALSE(delivery.deliver_one());
  clock.advance(7s);  // 10 s after the failure
  EXPECT_TRUE(delivery.deliver_one());
  ASSERT_EQ(sender.sent.size(), 2U);
  EXPECT_EQ(sender.sent[0].body, sender.sent[1].body);
  EXPECT_EQ(sender.sent[0].headers[2], sender.sent[1].headers[2]);  // webhook-id
  const auto listed = attempts("w");                                // newest first
  ASSERT_EQ(listed.size(), 2U);
  EXPECT_EQ(listed[0].attempt, 2);
  EXPECT_EQ(listed[0].outcome, "delivered");
  EXPECT_EQ(listed[1].status_code, 500);
  EXPECT_EQ(listed[1].outcome, "retrying");
  EXPECT_FALSE(webhooks.get("u1", "w")->failing_since);  // a success ends the failing run
}

TEST_F(WebhookDeliveryTest, AClaimedDeliveryIsNotClaimedAgainUntilItsLeaseRunsOut) {
  add_webhook("w", {"log.created"});
  record("log.created", "msg_l");
  const auto now = util::to_micros(clock.now());
  const auto first = deliveries.claim(now, now + 120'000'000, "process-a", 4);
  ASSERT_EQ(first.size(), 1U);
  EXPECT_TRUE(deliveries.claim(now, now + 120'000'000, "process-b", 4).empty());
  EXPECT_TRUE(deliveries.claim(now + 119'000'000, now + 240'000'000, "process-b", 4).empty());
  const auto second = deliveries.claim(now + 121'000'000, now + 241'000'000, "process-b", 4);
  ASSERT_EQ(second.size(), 1U);  // process-a died: its lease ran out
  // The late answer of process-a no longer counts.
  EXPECT_FALSE(deliveries.record(first[0], store::AttemptRecord{200, std::nullopt}, now + 122'000'000));
  EXPECT_TRUE(deliveries.record(second[0], store::AttemptRecord{200, std::nullopt}, now + 122'000'000));
  EXPECT_EQ(attempts("w").size(), 1U);
}

TEST_F(WebhookDeliveryTest, AnEventIsGivenUpAfterADayAndAWebhookDisabledAfterThreeDaysOfFailures) {
  add_webhook("w", {"log.created"});
  sender.answers = {SendResult{std::nullopt, "connecting failed", 1ms}};
  sender.repeat_last = true;
  record("log.created", "msg_day1");
  const auto start = clock.now();
  // Every due attempt is made; the clock jumps from one to the next.
  for (int step = 0; step < 200 && clock.now() - start < 90h; ++step) {
    while (delivery.deliver_one()) {
    }
    clock.advance(30min);
    if (clock.now() - start == 24h || clock.now() - start == 48h) record("log.created", "msg_" + std::to_string(step));
  }
  const auto webhook = webhooks.get("u1", "w");
  EXPECT_TRUE(webhook->disabled);
  const auto listed = attempts("w");
  ASSERT_FALSE(listed.empty());
  bool day_one_failed = false;
  for (const auto& attempt : listed)
    if (attempt.event_id == "msg_day1" && attempt.outcome == "failed") {
      day_one_failed = true;
      EXPECT_GE(attempt.at - util::to_micros(start), 24LL * 3600 * 1'000'000);
    }
  EXPECT_TRUE(day_one_failed);
  EXPECT_EQ(deliveries.pending(), 0);  // a disabled webhook's deliveries are given up
  // Enabled again, it receives new events.
  auto enabled = *webhook;
  enabled.disabled = false;
  enabled.failing_since.reset();
  ASSERT_TRUE(webhooks.update(enabled, util::to_micros(clock.now())));
  record("log.created", "msg_again");
  EXPECT_EQ(deliveries.pending(), 1);
}

}  // namespace
}  // namespace habitd::service
