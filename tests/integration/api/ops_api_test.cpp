// Transport and operations behaviour of the real binary: health, readiness, problem+json for
// every transport-level error, request ids, timeouts and graceful shutdown.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <thread>

#include "api_fixture.hpp"
#include "backend.hpp"
#include "contract.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

namespace habitd::test {
namespace {

class OpsApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto env = backend_env();
    env.emplace_back("HABITS_REQUEST_TIMEOUT", "2");
    env.emplace_back("HABITS_IDLE_TIMEOUT", "3");
    server_ = new ServerProcess(env);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  HttpClient client() { return HttpClient(server_->port()); }
  static ServerProcess* server_;
};
ServerProcess* OpsApi::server_ = nullptr;

// The access-log line is written just after the response is sent: wait for it briefly.
bool log_shows(const ServerProcess& server, const std::string& needle) {
  for (int i = 0; i < 200; ++i) {
    if (server.log().find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST_F(OpsApi, HealthzAnswers) {
  auto reply = client().get("/healthz");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json().at("status").as_string(), "ok");
  EXPECT_EQ(reply.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(reply.header("cache-control"), "no-store");
  EXPECT_FALSE(reply.has_header("server"));
}

TEST_F(OpsApi, ReadyzAnswersWhenTheDatabaseDoes) {
  auto reply = client().get("/readyz");
  EXPECT_EQ(reply.status, 200) << reply.body;
}

TEST_F(OpsApi, ServesTheOpenApiDocument) {
  auto reply = client().get("/api/v1/openapi.json");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("content-type"), "application/json");
  EXPECT_EQ(reply.json().at("openapi").as_string(), "3.1.0");
}

TEST_F(OpsApi, ServesTheDocsPageOfflineUnderAStrictPolicy) {
  auto page = client().get("/docs");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.header("content-type").find("text/html"), std::string::npos);
  const std::string policy = page.header("content-security-policy");
  EXPECT_NE(policy.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(policy.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(page.body.find("http://"), std::string::npos);
  EXPECT_EQ(page.body.find("https://"), std::string::npos);
  EXPECT_EQ(client().get("/docs/app.js").status, 200);
  EXPECT_EQ(client().get("/docs/style.css").status, 200);
  // Swagger UI's own files, with ETags: a browser that has the 1.5 MB bundle revalidates it.
  const auto bundle = client().get("/docs/swagger-ui-bundle.js");
  ASSERT_EQ(bundle.status, 200);
  EXPECT_NE(bundle.body.find("SwaggerUIBundle"), std::string::npos);
  const std::string etag = bundle.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(client().get("/docs/swagger-ui-bundle.js", {{"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(client().get("/docs/swagger-ui.css").status, 200);
}

TEST_F(OpsApi, MetricsCountRequestsInPrometheusFormat) {
  ASSERT_EQ(client().get("/healthz").status, 200);
  // Requests are counted after their response is written: give the count a moment to appear.
  Reply reply;
  for (int i = 0; i < 100; ++i) {
    reply = client().get("/metrics");
    if (reply.body.find(R"(route="/healthz",method="GET",status="200")") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(reply.status, 200);
  EXPECT_NE(reply.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(reply.body.find(R"(habitd_http_requests_total{route="/healthz",method="GET",status="200"})"), std::string::npos)
      << reply.body;
  EXPECT_NE(reply.body.find(R"(habitd_http_request_duration_seconds_bucket{route="/healthz",le="+Inf"})"), std::string::npos);
  EXPECT_NE(reply.body.find("habitd_db_pool_connections{state=\"in_use\"}"), std::string::npos);
  EXPECT_NE(reply.body.find("process_resident_memory_bytes "), std::string::npos);
}

// The value of one un-labelled sample (or one with the given labels) in a Prometheus text body.
long long metric_value(const std::string& body, const std::string& series) {
  const auto at = body.find("\n" + series + " ");
  return at == std::string::npos ? -1 : std::stoll(body.substr(at + series.size() + 2));
}

class ReadCacheApi : public ApiTest {};

TEST_F(ReadCacheApi, MetricsShowARepeatedReadServedFromTheCache) {
  const auto account = register_user();
  const std::string served = R"(habitd_read_cache_responses_total{result="served"})";
  const std::string computed = R"(habitd_read_cache_responses_total{result="computed"})";
  const auto before = client().get("/metrics").body;
  ASSERT_EQ(client().get("/api/v1/habits", account.auth()).status, 200);
  ASSERT_EQ(client().get("/api/v1/habits", account.auth()).status, 200);
  const auto after = client().get("/metrics").body;
  EXPECT_GE(metric_value(after, computed) - metric_value(before, computed), 1) << after;
  EXPECT_GE(metric_value(after, served) - metric_value(before, served), 1) << after;
  EXPECT_GT(metric_value(after, "habitd_read_cache_entries"), 0);
  // A write in between makes the next read compute afresh, and it shows the write.
  ASSERT_EQ(client().post("/api/v1/habits", {{"name", "metrics"}, {"frequency", "daily"}}, account.auth()).status, 201);
  EXPECT_EQ(client().get("/api/v1/habits", account.auth()).json().at("total").as_int64(), 1);
}

// The version comes from one place, CMake's project version (the test version_agrees checks the
// OpenAPI document's against it, smoke.version `habitd --version`'s).
TEST_F(ReadCacheApi, MetricsReportTheBuildVersion) {
  const auto body = client().get("/metrics").body;
  EXPECT_EQ(metric_value(body, std::string(R"(habitd_build_info{version=")") + HABITD_EXPECTED_VERSION + "\"}"), 1) << body;
}

TEST(OpsProxies, ForwardedForIsBelievedOnlyFromTrustedProxies) {
  auto env = backend_env();
  {
    ServerProcess untrusted(env);
    HttpClient(untrusted.port()).get("/healthz", {{"X-Forwarded-For", "203.0.113.7"}, {"X-Request-Id", "xff-untrusted"}});
    EXPECT_TRUE(log_shows(untrusted, R"("request_id":"xff-untrusted")"));
    EXPECT_EQ(untrusted.log().find(R"("client":"203.0.113.7")"), std::string::npos) << untrusted.log();
  }
  env.emplace_back("HABITS_TRUSTED_PROXIES", "127.0.0.1");
  ServerProcess trusted(env);
  HttpClient(trusted.port()).get("/healthz", {{"X-Forwarded-For", "198.51.100.1, 203.0.113.7, 127.0.0.1"}});
  // From the right: 127.0.0.1 is a trusted proxy, 203.0.113.7 is the first hop that is not.
  EXPECT_TRUE(log_shows(trusted, R"("client":"203.0.113.7")")) << trusted.log();
}

TEST(OpsMetrics, TokenProtectsMetricsWhenConfigured) {
  auto env = backend_env();
  env.emplace_back("HABITS_METRICS_TOKEN", "scrape-me");
  ServerProcess server(env);
  HttpClient http(server.port());
  EXPECT_EQ(http.get("/metrics").status, 401);
  EXPECT_EQ(http.get("/metrics", {{"Authorization", "Bearer wrong"}}).status, 401);
  EXPECT_EQ(http.get("/metrics", {{"Authorization", "Bearer scrape-me"}}).status, 200);
}

TEST_F(OpsApi, UnknownPathIs404Problem) { expect_problem(client().get("/api/v1/nothing-here"), 404); }

TEST_F(OpsApi, WrongMethodIs405WithAllow) {
  auto reply = client().request("POST", "/healthz", "{}");
  expect_problem(reply, 405);
  EXPECT_EQ(reply.header("allow"), "GET");
}

TEST_F(OpsApi, RequestIdIsEchoedOrGenerated) {
  auto given = client().get("/healthz", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(given.header("x-request-id"), "abc-123");
  auto generated = client().get("/healthz");
  EXPECT_FALSE(generated.header("x-request-id").empty());
  auto hostile = client().get("/healthz", {{"X-Request-Id", "bad id with spaces"}});
  EXPECT_NE(hostile.header("x-request-id"), "bad id with spaces");
  EXPECT_TRUE(log_shows(*server_, R"("request_id":"abc-123")"));
}

TEST_F(OpsApi, OversizedBodyIs413WithoutReadingIt) {
  // Announces 10 MiB but sends none of it: the answer must come from the headers alone.
  auto http = client();
  const std::string name = "big" + std::to_string(::getpid());
  ASSERT_EQ(
      http.post("/api/v1/auth/register", {{"email", name + "@example.com"}, {"username", name}, {"password", "a good password"}})
          .status,
      201);
  const auto login = http.post("/api/v1/auth/login", {{"login", name}, {"password", "a good password"}});
  const std::string token(login.json().at("access_token").as_string());
  const std::string response = client().raw("POST /api/v1/habits HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                                            "\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n");
  EXPECT_NE(response.find("HTTP/1.1 413"), std::string::npos) << response;
  EXPECT_NE(response.find("application/problem+json"), std::string::npos);
}

TEST_F(OpsApi, AnAnonymousBodyIsRefusedFromTheHeadersBeforeItIsRead) {
  // Even within the import limit (10 MiB), nobody may make the server buffer a body without a
  // valid token: 401 from the headers, and the connection closes so the unread body is not parsed.
  const std::string response = client().raw(
      "POST /api/v1/import HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{");
  EXPECT_EQ(response.rfind("HTTP/1.1 401", 0), 0u) << response;
  EXPECT_NE(response.find("Connection: close"), std::string::npos) << response;
}

TEST_F(OpsApi, OversizedHeadersAre431) {
  const std::string response = client().raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_NE(response.find("HTTP/1.1 431"), std::string::npos) << response.substr(0, 200);
}

TEST_F(OpsApi, GarbageIs400) {
  const std::string response = client().raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_NE(response.find("HTTP/1.1 400"), std::string::npos) << response;
}

TEST_F(OpsApi, BadPercentEncodingIs400) {
  const std::string response = client().raw("GET /api/v1/habits/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(response.find("HTTP/1.1 400"), std::string::npos) << response;
}

TEST_F(OpsApi, KeepAliveServesManyRequestsOnOneConnection) {
  const std::string two = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const std::string response = client().raw(two);
  const auto first = response.find("HTTP/1.1 200");
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(response.find("HTTP/1.1 200", first + 1), std::string::npos);
}

TEST_F(OpsApi, SlowClientIsCutOffByTheRequestTimeout) {
  const auto started = std::chrono::steady_clock::now();
  // Half a request, then silence: the server must give up within its 2 s request timeout.
  const std::string response = client().raw("GET /healthz HTTP/1.1\r\nHost:", 10000);
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_LT(waited, std::chrono::seconds(8));
  EXPECT_EQ(response.find("HTTP/1.1 200"), std::string::npos);
}

TEST_F(OpsApi, IdleConnectionIsClosedByTheIdleTimeout) {
  const auto started = std::chrono::steady_clock::now();
  const std::string response = client().raw("", 10000);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8));
  EXPECT_TRUE(response.empty());
}

// The checker that every integration test's responses go through must itself catch mistakes.
TEST(Contract, CatchesResponsesTheDocumentDoesNotAllow) {
  EXPECT_TRUE(contract_problems("GET", "/healthz", 200, "application/json", R"({"status":"ok"})").empty());
  EXPECT_FALSE(contract_problems("GET", "/api/v1/habits?limit=5", 200, "application/json", "{}").empty());  // lacks items
  EXPECT_FALSE(contract_problems("GET", "/api/v1/habits", 418, "application/json", "{}").empty());          // undocumented status
  EXPECT_FALSE(contract_problems("GET", "/api/v1/users/me", 200, "text/plain", "hi").empty());              // wrong media type
  const std::string user =
      R"({"id":"1","email":"a@b.co","username":"abc","timezone":"UTC","day_start":"00:00","created_at":"2026-01-01T00:00:00Z"})";
  EXPECT_TRUE(contract_problems("GET", "/api/v1/users/me", 200, "application/json", user).empty());
  EXPECT_FALSE(contract_problems("GET", "/api/v1/users/me", 200, "application/json",
                                 user.substr(0, user.size() - 1) + R"(,"password_hash":"x"})")
                   .empty());
  EXPECT_FALSE(contract_problems("DELETE", "/api/v1/habits/x", 204, "application/json", "{}").empty());  // 204 has no body
}

TEST(OpsShutdown, SigtermFinishesTheRequestInFlight) {
  ServerProcess server(backend_env());
  namespace asio = boost::asio;
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server.port())});
  asio::write(socket, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n")));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::thread stopper([&server] { EXPECT_EQ(server.stop(15), 0); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  asio::write(socket, asio::buffer(std::string("\r\n")));
  std::string response;
  boost::system::error_code ec;
  char chunk[1024];
  while (!ec) response.append(chunk, socket.read_some(asio::buffer(chunk), ec));
  stopper.join();
  EXPECT_NE(response.find("HTTP/1.1 200"), std::string::npos) << response;
  EXPECT_NE(response.find("Connection: close"), std::string::npos) << response;
}

TEST(OpsShutdown, IdleConnectionsDoNotDelayShutdown) {
  ServerProcess server(backend_env());
  HttpClient idle(server.port());
  ASSERT_EQ(idle.get("/healthz").status, 200);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.stop(15), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(OpsStartup, MigrateSubcommandAppliesAndExits) {
  auto [status, output] = run_habitd(backend_env(), {"migrate"});
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("migrations complete"), std::string::npos) << output;
}

TEST(OpsStartup, StartsWhileTheDatabaseIsDownAndSaysSoOnReadyz) {
  // Nothing listens on port 1: PostgreSQL is "down". The server must still start and serve.
  ServerProcess server({{"HABITS_DATABASE_URL", "postgresql://habitd:habitd@127.0.0.1:1/habitd"},
                        {"HABITS_JWT_SECRET", "test-secret-test-secret-test-secret-0123456789"},
                        {"HABITS_BCRYPT_COST", "4"}});
  HttpClient http(server.port());
  EXPECT_EQ(http.get("/healthz").status, 200);
  auto ready = http.get("/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.header("content-type"), "application/problem+json");
  EXPECT_FALSE(ready.header("retry-after").empty());
  auto registration =
      http.post("/api/v1/auth/register", {{"email", "down@example.com"}, {"username", "down"}, {"password", "a good password"}});
  EXPECT_EQ(registration.status, 503) << registration.body;
  EXPECT_NE(server.log().find("database not reachable at start-up"), std::string::npos);
}

TEST(OpsStartup, BadConfigurationIsAClearStartupError) {
  auto [status, output] = run_habitd({{"HABITS_BCRYPT_COST", "99"}}, {});
  EXPECT_EQ(status, 2);
  EXPECT_NE(output.find("HABITS_BCRYPT_COST"), std::string::npos) << output;
}

}  // namespace
}  // namespace habitd::test
