// Webhooks over real HTTP on both databases, with a receiver inside the test: CRUD and limits,
// SSRF refusals, every event type signed as the Standard Webhooks specification says (checked by
// a verifier written here, independent of the server's code), retries after a 500 and after a
// timeout, and no event lost when habitd is killed with events pending.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <set>
#include <thread>

#include "api_fixture.hpp"
#include "http/outbound_client.hpp"
#include "webhook_attempts.hpp"
#include "webhook_receiver.hpp"

namespace habitd::test {
namespace {

using namespace std::chrono_literals;

const std::vector<std::string> kAllEvents = {"habit.created", "habit.updated", "habit.deleted", "log.created",
                                             "log.updated",   "log.deleted",   "reminder.due"};

boost::json::array events_json(const std::vector<std::string>& events) {
  boost::json::array out;
  for (const auto& event : events) out.emplace_back(event);
  return out;
}

// The verifier a receiver would write: the secret's key, HMAC-SHA256 over "id.timestamp.body",
// base64, compared with each "v1,..." of the header.
bool signature_valid(const std::string& secret, const Delivery& delivery) {
  if (secret.rfind("whsec_", 0) != 0) return false;
  const std::string encoded = secret.substr(6);
  std::vector<unsigned char> key(encoded.size());
  int key_size =
      EVP_DecodeBlock(key.data(), reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
  if (key_size < 0) return false;
  key_size -= static_cast<int>(std::count(encoded.end() - 2, encoded.end(), '='));
  const std::string content = delivery.header("webhook-id") + "." + delivery.header("webhook-timestamp") + "." + delivery.body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), key.data(), key_size, reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac,
       &mac_size);
  std::string expected(4 * ((mac_size + 2) / 3) + 1, '\0');
  expected.resize(static_cast<std::size_t>(
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(expected.data()), mac, static_cast<int>(mac_size))));
  const std::string header = delivery.header("webhook-signature");
  std::size_t start = 0;
  while (start < header.size()) {
    const auto end = std::min(header.find(' ', start), header.size());
    if (header.substr(start, end - start) == "v1," + expected) return true;
    start = end + 1;
  }
  return false;
}

// A small HTTPS server with a self-signed certificate for "localhost" (made by the openssl
// command), answering 200 to each request, for the delivery client's TLS checks.
class TlsReceiver {
 public:
  TlsReceiver() : dir_(make_temp_dir()) {
    const std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -addext "
        "subjectAltName=DNS:localhost -keyout " +
        dir_ + "/key.pem -out " + dir_ + "/cert.pem 2>/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl cannot make a certificate");
    context_.use_certificate_chain_file(cert());
    context_.use_private_key_file(dir_ + "/key.pem", boost::asio::ssl::context::pem);
    thread_ = std::thread([this] { serve(); });
  }
  ~TlsReceiver() {
    stopping_ = true;
    boost::system::error_code error;
    boost::asio::ip::tcp::socket poke(io_);
    poke.connect(acceptor_.local_endpoint(), error);
    thread_.join();
  }
  TlsReceiver(const TlsReceiver&) = delete;
  TlsReceiver& operator=(const TlsReceiver&) = delete;

  [[nodiscard]] int port() const { return acceptor_.local_endpoint().port(); }
  [[nodiscard]] std::string cert() const { return dir_ + "/cert.pem"; }
  [[nodiscard]] int served() const { return served_; }

 private:
  void serve() {
    namespace bhttp = boost::beast::http;
    while (!stopping_) {
      boost::system::error_code error;
      boost::asio::ip::tcp::socket socket(io_);
      acceptor_.accept(socket, error);
      if (error || stopping_) return;
      boost::beast::ssl_stream<boost::asio::ip::tcp::socket> tls(std::move(socket), context_);
      tls.handshake(boost::asio::ssl::stream_base::server, error);
      if (error) continue;  // the client refused our certificate
      boost::beast::flat_buffer buffer;
      bhttp::request<bhttp::string_body> request;
      bhttp::read(tls, buffer, request, error);
      if (error) continue;
      bhttp::response<bhttp::string_body> response{bhttp::status::ok, 11};
      response.body() = "ok";
      response.prepare_payload();
      bhttp::write(tls, response, error);
      ++served_;
      tls.shutdown(error);
    }
  }

  std::string dir_;
  boost::asio::io_context io_;
  boost::asio::ssl::context context_{boost::asio::ssl::context::tls_server};
  boost::asio::ip::tcp::acceptor acceptor_{io_, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  std::atomic<bool> stopping_{false};
  std::atomic<int> served_{0};
  std::thread thread_;
};

class WebhooksApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    start_server_alone(
        {{"HABITS_WEBHOOK_ALLOW_PRIVATE", "1"}, {"HABITS_WEBHOOK_TIMEOUT", "2"}, {"HABITS_WEBHOOK_POLL_MS", "100"}});
  }

  struct Hook {
    std::string id, secret;
  };
  Hook create_webhook(const Account& a, const std::string& url, const std::vector<std::string>& events = kAllEvents) {
    auto reply = client().post("/api/v1/webhooks", {{"url", url}, {"events", events_json(events)}}, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
    if (reply.status != 201) return {};
    return {std::string(reply.json().at("id").as_string()), std::string(reply.json().at("secret").as_string())};
  }
  boost::json::array deliveries(const Account& a, const std::string& webhook_id) {
    auto http = client();
    return webhook_attempts(http, a.auth(), webhook_id);
  }
  // Waits until `count` attempts were delivered; returns those, newest first.
  boost::json::array wait_for_delivered(const Account& a, const std::string& webhook_id, std::size_t count) {
    return test::wait_for_delivered(client(), a.auth(), webhook_id, count);
  }
  // The attempt of `items` that answered `status`, or null.
  static const boost::json::object* with_status(const boost::json::array& items, int status) {
    for (const auto& item : items)
      if (item.at("status_code").is_int64() && item.at("status_code").as_int64() == status) return &item.as_object();
    return nullptr;
  }
};

TEST_F(WebhooksApi, CreateListGetChangeAndDelete) {
  const Account a = register_user();
  WebhookReceiver receiver;
  auto created =
      client().post("/api/v1/webhooks", {{"url", receiver.url()}, {"events", {"log.created", "habit.created"}}}, a.auth());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto body = created.json().as_object();
  const std::string id(body.at("id").as_string());
  EXPECT_EQ(created.header("location"), "/api/v1/webhooks/" + id);
  EXPECT_EQ(body.at("url").as_string(), receiver.url());
  EXPECT_EQ(body.at("events"), (boost::json::array{"habit.created", "log.created"}));  // the contract's order
  EXPECT_FALSE(body.at("disabled").as_bool());
  const std::string secret(body.at("secret").as_string());
  EXPECT_EQ(secret.rfind("whsec_", 0), 0U);
  EXPECT_GE(secret.size(), 6U + 32U);  // base64 of at least 24 bytes

  auto list = client().get("/api/v1/webhooks", a.auth());
  ASSERT_EQ(list.status, 200) << list.body;
  const auto items = list.json().at("items").as_array();
  ASSERT_EQ(items.size(), 1U);
  EXPECT_FALSE(items[0].as_object().contains("secret"));
  EXPECT_EQ(list.json().at("total").as_int64(), 1);

  auto patched = client().patch("/api/v1/webhooks/" + id, {{"disabled", true}, {"events", {"reminder.due"}}}, a.auth());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_TRUE(patched.json().at("disabled").as_bool());
  EXPECT_EQ(patched.json().at("events"), (boost::json::array{"reminder.due"}));
  EXPECT_FALSE(patched.json().as_object().contains("secret"));
  auto enabled = client().patch("/api/v1/webhooks/" + id, {{"disabled", false}}, a.auth());
  ASSERT_EQ(enabled.status, 200) << enabled.body;
  EXPECT_FALSE(enabled.json().at("disabled").as_bool());
  EXPECT_EQ(client().get("/api/v1/webhooks/" + id, a.auth()).json().at("disabled").as_bool(), false);

  const Account other = register_user();
  expect_problem(client().get("/api/v1/webhooks/" + id, other.auth()), 404);
  expect_problem(client().del("/api/v1/webhooks/" + id, other.auth()), 404);
  expect_problem(client().get("/api/v1/webhooks/" + id + "/deliveries", other.auth()), 404);
  EXPECT_EQ(client().del("/api/v1/webhooks/" + id, a.auth()).status, 204);
  expect_problem(client().get("/api/v1/webhooks/" + id, a.auth()), 404);
  expect_problem(client().del("/api/v1/webhooks/" + id, a.auth()), 404);
}

TEST_F(WebhooksApi, InvalidFieldsAreRefusedAndTenIsTheLimit) {
  const Account a = register_user();
  const auto refused = [&](const boost::json::object& body, const std::string& field) {
    auto reply = client().post("/api/v1/webhooks", body, a.auth());
    expect_problem(reply, 422);
    EXPECT_EQ(error_fields(reply), std::vector<std::string>{field}) << reply.body;
  };
  refused({{"events", {"log.created"}}}, "url");
  refused({{"url", "ftp://example.com/x"}, {"events", {"log.created"}}}, "url");
  refused({{"url", "not a url"}, {"events", {"log.created"}}}, "url");
  refused({{"url", "https://user:pw@example.com/"}, {"events", {"log.created"}}}, "url");
  refused({{"url", "https://example.com/" + std::string(2000, 'a')}, {"events", {"log.created"}}}, "url");
  refused({{"url", "https://example.com/"}}, "events");
  refused({{"url", "https://example.com/"}, {"events", boost::json::array{}}}, "events");
  refused({{"url", "https://example.com/"}, {"events", {"log.created", "log.created"}}}, "events");
  refused({{"url", "https://example.com/"}, {"events", {"log.exploded"}}}, "events");
  refused({{"url", "https://example.com/"}, {"events", {1}}}, "events");

  WebhookReceiver receiver;
  for (int i = 0; i < 10; ++i) (void)create_webhook(a, receiver.url("/" + std::to_string(i)), {"log.created"});
  auto eleventh = client().post("/api/v1/webhooks", {{"url", receiver.url()}, {"events", {"log.created"}}}, a.auth());
  expect_problem(eleventh, 422);
  EXPECT_EQ(client().get("/api/v1/webhooks", a.auth()).json().at("total").as_int64(), 10);
}

// Every event type reaches the receiver, signed; an independent verifier accepts the signature
// and refuses it once the body is changed.
TEST_F(WebhooksApi, EveryChangeIsDeliveredSignedWithItsData) {
  const Account a = register_user();
  WebhookReceiver receiver;
  const Hook hook = create_webhook(a, receiver.url());
  const std::string habit = create_habit(a, {{"name", "Read"}, {"frequency", "daily"}});
  const std::string today = domain::format_date(today_in("UTC"));
  ASSERT_EQ(client().patch("/api/v1/habits/" + habit, {{"name", "Read more"}}, a.auth()).status, 200);
  create_log(a, habit, {{"date", today}, {"notes", "ch. 1"}});
  ASSERT_EQ(client().patch("/api/v1/habits/" + habit + "/logs/" + today, {{"notes", "ch. 2"}}, a.auth()).status, 200);
  ASSERT_EQ(client().del("/api/v1/habits/" + habit + "/logs/" + today, a.auth()).status, 204);
  ASSERT_EQ(client().del("/api/v1/habits/" + habit, a.auth()).status, 204);

  const auto got = receiver.wait_for(6);
  ASSERT_EQ(got.size(), 6U);
  std::map<std::string, boost::json::object> by_type;
  std::set<std::string> ids;
  for (const auto& delivery : got) {
    EXPECT_TRUE(signature_valid(hook.secret, delivery)) << delivery.body;
    Delivery tampered = delivery;
    tampered.body += " ";
    EXPECT_FALSE(signature_valid(hook.secret, tampered));
    EXPECT_EQ(delivery.header("content-type"), "application/json");
    EXPECT_FALSE(delivery.header("webhook-timestamp").empty());
    const auto stamp = std::stoll(delivery.header("webhook-timestamp"));
    EXPECT_LT(
        std::abs(stamp -
                 std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count()),
        300);
    ids.insert(delivery.header("webhook-id"));
    const auto body = boost::json::parse(delivery.body).as_object();
    EXPECT_TRUE(body.contains("timestamp"));
    by_type[std::string(body.at("type").as_string())] = body.at("data").as_object();
  }
  EXPECT_EQ(ids.size(), 6U);  // one id per event
  ASSERT_EQ(by_type.size(), 6U);
  EXPECT_EQ(by_type["habit.created"].at("name").as_string(), "Read");
  EXPECT_TRUE(by_type["habit.created"].contains("current_streak"));  // a whole Habit
  EXPECT_EQ(by_type["habit.updated"].at("name").as_string(), "Read more");
  EXPECT_EQ(by_type["log.created"].at("notes").as_string(), "ch. 1");
  EXPECT_EQ(by_type["log.created"].at("habit_id").as_string(), habit);
  EXPECT_EQ(by_type["log.updated"].at("notes").as_string(), "ch. 2");
  EXPECT_EQ(by_type["log.deleted"], (boost::json::object{{"habit_id", habit}, {"date", today}}));
  EXPECT_EQ(by_type["habit.deleted"], (boost::json::object{{"id", habit}}));

  // Every event's delivery is listed (on a PostgreSQL shared with other test servers, one of
  // them, not allowed to reach 127.0.0.1, may have made a refused attempt first).
  const auto attempts = wait_for_delivered(a, hook.id, 6);
  EXPECT_EQ(attempts.size(), 6U);
  for (const auto& attempt : attempts) {
    EXPECT_EQ(attempt.at("status_code").as_int64(), 200);
    EXPECT_TRUE(attempt.at("error").is_null());
    EXPECT_TRUE(attempt.at("type").is_string());
  }
  const auto metrics = client().get("/metrics");
  for (const char* name :
       {"habitd_webhook_deliveries_pending ", "habitd_webhook_delivered_total ", "habitd_webhook_retried_total ",
        "habitd_webhook_failed_total ", "habitd_webhook_attempt_seconds_count "})
    EXPECT_NE(metrics.body.find(name), std::string::npos) << name;
}

TEST_F(WebhooksApi, EachDayASkipRangeMarksIsALogCreatedEvent) {
  const Account a = register_user();
  WebhookReceiver receiver;
  (void)create_webhook(a, receiver.url(), {"log.created"});
  const auto today = today_in("UTC");
  const std::string start = domain::format_date(today - std::chrono::days(5));
  const std::string habit = create_habit(a, {{"name", "Swim"}, {"frequency", "daily"}, {"start_date", start}});
  create_log(a, habit, {{"date", domain::format_date(today - std::chrono::days(3))}});  // already logged: not skipped
  const auto skips = client().post(
      "/api/v1/habits/" + habit + "/skips",
      {{"from", domain::format_date(today - std::chrono::days(4))}, {"to", domain::format_date(today - std::chrono::days(2))}},
      a.auth());
  ASSERT_EQ(skips.status, 201) << skips.body;
  const auto got = receiver.wait_for(3);  // the completed log, then one per new skipped day
  ASSERT_EQ(got.size(), 3U);
  std::set<std::string> skipped_dates;
  for (const auto& delivery : got) {
    const auto data = boost::json::parse(delivery.body).at("data").as_object();
    if (data.at("status").as_string() == "skipped") skipped_dates.insert(std::string(data.at("date").as_string()));
  }
  EXPECT_EQ(skipped_dates, (std::set<std::string>{domain::format_date(today - std::chrono::days(4)),
                                                  domain::format_date(today - std::chrono::days(2))}));
}

TEST_F(WebhooksApi, AnImportSendsHabitCreatedAndLogCreatedForWhatItAdds) {
  const Account a = register_user();
  WebhookReceiver everything, deletions;
  (void)create_webhook(a, everything.url(), {"habit.created", "log.created"});
  (void)create_webhook(a, deletions.url(), {"habit.deleted"});
  const boost::json::object document{
      {"format", "habitd-export"},
      {"version", 1},
      {"habits",
       boost::json::array{{{"name", "Imported"},
                           {"frequency", "daily"},
                           {"start_date", "2026-01-01"},
                           {"logs", boost::json::array{{{"date", "2026-01-01"}}, {{"date", "2026-01-02"}, {"notes", "x"}}}}}}}};
  const auto import = client().request("POST", "/api/v1/import", boost::json::serialize(document), a.auth());
  ASSERT_EQ(import.status, 201) << import.body;
  const auto got = everything.wait_for(3);
  ASSERT_EQ(got.size(), 3U);
  std::multiset<std::string> types;
  std::set<std::string> dates;
  for (const auto& delivery : got) {
    const auto body = boost::json::parse(delivery.body).as_object();
    types.insert(std::string(body.at("type").as_string()));
    const auto& data = body.at("data").as_object();
    if (body.at("type").as_string() == "habit.created") {
      EXPECT_EQ(data.at("name").as_string(), "Imported");
      EXPECT_EQ(data.at("total_completions").as_int64(), 2);  // the habit as it is with its logs
    } else {
      dates.insert(std::string(data.at("date").as_string()));
    }
  }
  EXPECT_EQ(types, (std::multiset<std::string>{"habit.created", "log.created", "log.created"}));
  EXPECT_EQ(dates, (std::set<std::string>{"2026-01-01", "2026-01-02"}));
  std::this_thread::sleep_for(500ms);
  EXPECT_TRUE(deletions.received().empty());
}

TEST_F(WebhooksApi, OnlySubscribedEventsOfEnabledWebhooksAreSent) {
  const Account a = register_user();
  WebhookReceiver logs_only, disabled;
  (void)create_webhook(a, logs_only.url(), {"log.created"});
  const Hook off = create_webhook(a, disabled.url(), {"habit.created", "log.created"});
  ASSERT_EQ(client().patch("/api/v1/webhooks/" + off.id, {{"disabled", true}}, a.auth()).status, 200);
  const std::string habit = create_habit(a, {{"name", "Walk"}, {"frequency", "daily"}});
  create_log(a, habit, {});
  const auto got = logs_only.wait_for(1);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(boost::json::parse(got[0].body).at("type").as_string(), "log.created");
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(logs_only.received().size(), 1U);
  EXPECT_TRUE(disabled.received().empty());
}

TEST_F(WebhooksApi, A500IsRetriedWithTheSameIdUntilItSucceeds) {
  const Account a = register_user();
  WebhookReceiver receiver;
  receiver.answer_with([](std::size_t n, const Delivery&) { return Answer{n == 0 ? 500 : 204, 0ms}; });
  const Hook hook = create_webhook(a, receiver.url(), {"habit.created"});
  (void)create_habit(a, {{"name", "Stretch"}, {"frequency", "daily"}});
  const auto got = receiver.wait_for(2, 30s);  // the first retry comes within 10 s
  ASSERT_EQ(got.size(), 2U);
  EXPECT_EQ(got[0].header("webhook-id"), got[1].header("webhook-id"));
  EXPECT_EQ(got[0].body, got[1].body);
  EXPECT_TRUE(signature_valid(hook.secret, got[1]));
  ASSERT_EQ(wait_for_delivered(a, hook.id, 1).size(), 1U);
  const auto attempts = deliveries(a, hook.id);  // newest first
  ASSERT_GE(attempts.size(), 2U);
  const auto* failed = with_status(attempts, 500);
  const auto* delivered = with_status(attempts, 204);
  ASSERT_TRUE(failed && delivered) << attempts;
  EXPECT_EQ(failed->at("outcome").as_string(), "retrying");
  EXPECT_EQ(delivered->at("outcome").as_string(), "delivered");
  EXPECT_GT(delivered->at("attempt").as_int64(), failed->at("attempt").as_int64());
  EXPECT_EQ(attempts[0], *delivered);
  EXPECT_EQ(failed->at("event_id").as_string(), got[0].header("webhook-id"));
}

TEST_F(WebhooksApi, NoAnswerInTimeIsRetried) {
  const Account a = register_user();
  WebhookReceiver receiver;
  // The first request waits longer than the server's timeout (2 s here, 10 s by default).
  receiver.answer_with([](std::size_t n, const Delivery&) { return Answer{200, n == 0 ? 4000ms : 0ms}; });
  const Hook hook = create_webhook(a, receiver.url(), {"habit.created"});
  (void)create_habit(a, {{"name", "Nap"}, {"frequency", "daily"}});
  const auto got = receiver.wait_for(2, 40s);
  ASSERT_EQ(got.size(), 2U);
  EXPECT_EQ(got[0].header("webhook-id"), got[1].header("webhook-id"));
  ASSERT_EQ(wait_for_delivered(a, hook.id, 1).size(), 1U);
  bool timed_out = false;
  for (const auto& attempt : deliveries(a, hook.id))
    if (attempt.at("error").is_string() && std::string(attempt.at("error").as_string()).find("timed out") != std::string::npos) {
      timed_out = true;
      EXPECT_TRUE(attempt.at("status_code").is_null());
      EXPECT_EQ(attempt.at("outcome").as_string(), "retrying");
    }
  EXPECT_TRUE(timed_out);
}

TEST_F(WebhooksApi, WritesNeverWaitForASlowReceiver) {
  const Account a = register_user();
  WebhookReceiver slow;
  std::atomic<bool> release{false};
  // The receiver answers nothing until the test has made all its writes.
  slow.answer_with([&release](std::size_t, const Delivery&) { return Answer{200, 0ms, &release}; });
  (void)create_webhook(a, slow.url(), {"log.created"});
  const std::string habit = create_habit(
      a,
      {{"name", "Water"}, {"frequency", "daily"}, {"start_date", domain::format_date(today_in("UTC") - std::chrono::days(10))}});
  for (int back = 0; back < 5; ++back)
    create_log(a, habit, {{"date", domain::format_date(today_in("UTC") - std::chrono::days(back))}});
  EXPECT_EQ(slow.answered(), 0U);  // every write was answered while no delivery had been
  release = true;
  std::set<std::string> ids;
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (ids.size() < 5 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(100ms);
    for (const auto& delivery : slow.received()) ids.insert(delivery.header("webhook-id"));
  }
  EXPECT_EQ(ids.size(), 5U);
}

// The outbox is written with the change: events still pending when habitd is killed are
// delivered by the next process.
TEST_F(WebhooksApi, KillNineWithEventsPendingLosesNone) {
  const auto env = backend_env_alone();
  EnvVars settings = env;
  settings.insert(settings.end(), {{"HABITS_WEBHOOK_ALLOW_PRIVATE", "1"}, {"HABITS_WEBHOOK_POLL_MS", "100"}});
  auto process = std::make_unique<ServerProcess>(settings);
  HttpClient http(process->port());
  WebhookReceiver receiver;
  std::atomic<bool> down{true};
  receiver.answer_with([&down](std::size_t, const Delivery&) { return Answer{down ? 503 : 200, 0ms}; });
  const auto auth = sign_up_on(http, unique("k"));
  ASSERT_EQ(http.post("/api/v1/webhooks", {{"url", receiver.url()}, {"events", {"habit.created"}}}, auth).status, 201);
  std::set<std::string> names;
  for (int i = 0; i < 5; ++i) {
    const std::string name = "habit " + std::to_string(i);
    ASSERT_EQ(http.post("/api/v1/habits", {{"name", name}, {"frequency", "daily"}}, auth).status, 201);
    names.insert(name);
  }
  (void)receiver.wait_for(1, 10s);  // at least one attempt failed: events are pending
  EXPECT_EQ(process->stop(9), 128 + 9);
  const std::size_t before = receiver.received().size();
  down = false;
  process = std::make_unique<ServerProcess>(settings);
  // A delivery claimed when the process died is retried once its lease (2 minutes) runs out on
  // PostgreSQL; SQLite, one process, ends its leases at start.
  const auto until = std::chrono::steady_clock::now() + 170s;
  std::set<std::string> delivered;
  while (delivered != names && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(200ms);
    const auto all = receiver.received();
    for (std::size_t i = before; i < all.size(); ++i)
      delivered.insert(std::string(boost::json::parse(all[i].body).at("data").at("name").as_string()));
  }
  EXPECT_EQ(delivered, names);
}

// Several habitd processes on one PostgreSQL: every event reaches the receiver once (leases keep
// two processes from making one attempt at the same time), and a reminder fires once.
TEST_F(WebhooksApi, TwoProcessesOnOnePostgresDeliverEachEventOnceAndFireAReminderOnce) {
  if (backend_name() != "postgres") GTEST_SKIP() << "several processes share a database on PostgreSQL only";
  EnvVars settings = suite_backend();
  settings.insert(settings.end(),
                  {{"HABITS_WEBHOOK_ALLOW_PRIVATE", "1"}, {"HABITS_WEBHOOK_POLL_MS", "50"}, {"HABITS_REMINDER_INTERVAL", "1"}});
  const ServerProcess second(settings);
  const ServerProcess third(settings);
  WebhookReceiver receiver;
  receiver.answer_with([](std::size_t, const Delivery&) { return Answer{200, 200ms}; });
  const Account a = register_user();
  (void)create_webhook(a, receiver.url(), {"log.created", "reminder.due"});
  const std::string habit = create_habit(
      a,
      {{"name", "Floss"}, {"frequency", "daily"}, {"start_date", domain::format_date(today_in("UTC") - std::chrono::days(20))}});
  // Logs written through all three processes.
  const int kLogs = 12;
  for (int back = 0; back < kLogs; ++back) {
    HttpClient http(back % 3 == 0 ? server().port() : back % 3 == 1 ? second.port() : third.port());
    const auto reply = http.post("/api/v1/habits/" + habit + "/logs",
                                 {{"date", domain::format_date(today_in("UTC") - std::chrono::days(back + 1))}}, a.auth());
    ASSERT_EQ(reply.status, 201) << reply.body;
  }
  // A reminder due this minute (the user is in UTC): all three processes see it, one fires it.
  const auto now = std::chrono::system_clock::now();
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(now - std::chrono::floor<std::chrono::days>(now)).count();
  const auto two_digits = [](long long n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
  const std::string time = two_digits(minutes / 60) + ":" + two_digits(minutes % 60);
  ASSERT_EQ(client().patch("/api/v1/habits/" + habit, {{"reminders", {time}}}, a.auth()).status, 200);

  const auto got = receiver.wait_for(kLogs + 1, 60s);
  std::this_thread::sleep_for(3s);  // anything twice would have come by now
  std::map<std::string, int> seen;
  int reminders = 0;
  for (const auto& delivery : receiver.received()) {
    ++seen[delivery.header("webhook-id")];
    if (boost::json::parse(delivery.body).at("type").as_string() == "reminder.due") ++reminders;
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kLogs + 1));
  for (const auto& [id, count] : seen) EXPECT_EQ(count, 1) << id;
  EXPECT_EQ(reminders, 1);
}

TEST_F(WebhooksApi, DeletingTheAccountTakesItsWebhooksAndPendingDeliveries) {
  const Account a = register_user();
  WebhookReceiver receiver;
  receiver.answer_with([](std::size_t, const Delivery&) { return Answer{500, 0ms}; });
  (void)create_webhook(a, receiver.url(), {"habit.created"});
  (void)create_habit(a, {{"name", "Sleep"}, {"frequency", "daily"}});
  (void)receiver.wait_for(1, 10s);  // failed once: its retry is pending
  EXPECT_EQ(client()
                .request("DELETE", "/api/v1/users/me", R"({"password":")" + a.password + R"("})",
                         {{"Authorization", "Bearer " + a.access_token}, {"Content-Type", "application/json"}})
                .status,
            204);
}

// SSRF: a server that does not allow private networks refuses internal hosts when a webhook is
// created, names that resolve to them included; the delivery client refuses them again.
TEST_F(WebhooksApi, InternalAddressesAreRefused) {
  const ServerProcess strict(backend_env_alone());
  HttpClient http(strict.port());
  const auto auth = sign_up_on(http, unique("s"));
  for (const char* url :
       {"http://127.0.0.1/hook", "http://localhost:8080/hook", "http://[::1]/", "http://10.1.2.3/", "http://172.16.0.1/",
        "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/", "http://[fd00::1]/",
        "http://[fe80::1]/", "http://224.0.0.1/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "https://[::]/"}) {
    auto reply = http.post("/api/v1/webhooks", {{"url", url}, {"events", {"log.created"}}}, auth);
    expect_problem(reply, 422);
    EXPECT_EQ(error_fields(reply), std::vector<std::string>{"url"}) << url;
  }
  // A name that does not resolve yet is accepted (checked again at delivery).
  EXPECT_EQ(
      http.post("/api/v1/webhooks", {{"url", "https://habitd-test.invalid/hook"}, {"events", {"log.created"}}}, auth).status,
      201);

  // Delivery time: the address actually connected to is judged, so localhost is never reached.
  WebhookReceiver receiver;
  const http::OutboundClient strict_client(http::OutboundOptions{});
  for (const std::string& url : {receiver.url(), "http://localhost:" + std::to_string(receiver.port()) + "/hook",
                                 "http://[::ffff:127.0.0.1]:" + std::to_string(receiver.port()) + "/"}) {
    const auto result = strict_client.post(url, {}, "{}");
    EXPECT_FALSE(result.status_code) << url;
    ASSERT_TRUE(result.error) << url;
    EXPECT_EQ(result.error->rfind("refused", 0), 0U) << *result.error;
  }
  EXPECT_TRUE(receiver.received().empty());
  // Allowed, the same client reaches it, and follows no redirect.
  receiver.answer_with([](std::size_t, const Delivery&) { return Answer{302, 0ms}; });
  const http::OutboundClient open_client(http::OutboundOptions{.allow_private = true});
  const auto result = open_client.post(receiver.url(), {}, "{}");
  EXPECT_EQ(result.status_code, 302);
  EXPECT_EQ(receiver.wait_for(1).size(), 1U);
}

// HTTPS: the certificate is verified against the trusted authorities and the URL's host name.
TEST_F(WebhooksApi, HttpsDeliveriesVerifyTheCertificateAndTheHostName) {
  TlsReceiver tls;
  const std::string port = std::to_string(tls.port());
  const http::OutboundClient trusting(http::OutboundOptions{.allow_private = true, .extra_ca_file = tls.cert()});
  const auto delivered = trusting.post("https://localhost:" + port + "/hook", {{"webhook-id", "msg_tls"}}, "{}");
  EXPECT_EQ(delivered.status_code, 200) << delivered.error.value_or("");
  // The certificate names localhost, not 127.0.0.1.
  const auto wrong_name = trusting.post("https://127.0.0.1:" + port + "/hook", {}, "{}");
  EXPECT_FALSE(wrong_name.status_code);
  EXPECT_NE(wrong_name.error.value_or("").find("TLS handshake"), std::string::npos) << wrong_name.error.value_or("");
  // Self-signed and not trusted.
  const http::OutboundClient strict(http::OutboundOptions{.allow_private = true});
  const auto untrusted = strict.post("https://localhost:" + port + "/hook", {}, "{}");
  EXPECT_FALSE(untrusted.status_code);
  EXPECT_NE(untrusted.error.value_or("").find("TLS handshake"), std::string::npos) << untrusted.error.value_or("");
  EXPECT_EQ(tls.served(), 1);
}

}  // namespace
}  // namespace habitd::test
