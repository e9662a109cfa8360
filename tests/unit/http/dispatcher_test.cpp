// The dispatcher decides from a request's head alone: the route, who is asking and whether they
// may, before any body is read; then runs the handler on its lane and turns failures into problems.
#include "http/dispatcher.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "domain/error.hpp"
#include "util/logger.hpp"

namespace habitd::http {
namespace {

namespace asio = boost::asio;

// "Bearer login" is an access token, "Bearer read" and "Bearer write" personal tokens of those scopes.
class FakeAuthenticator final : public Authenticator {
 public:
  [[nodiscard]] bool verifies_offline(std::optional<std::string_view>) const override { return true; }
  [[nodiscard]] Principal authenticate(std::optional<std::string_view> authorization) const override {
    ++calls;
    if (authorization == "Bearer login") return {"u1", Credential::kAccessToken, Scope::kWrite, {}};
    if (authorization == "Bearer read") return {"u1", Credential::kPersonalToken, Scope::kRead, "t1"};
    if (authorization == "Bearer write") return {"u1", Credential::kPersonalToken, Scope::kWrite, "t2"};
    throw domain::Error(domain::ErrorCode::kUnauthenticated, "no");
  }
  mutable int calls = 0;
};

Response echo_user(Request& request) { return Response{200, "text/plain", request.principal ? request.user_id() : "nobody", {}}; }

Router sample_router() {
  Router router;
  router.add("GET", "/public", Lane::kInline, Access::kPublic, echo_user);
  router.add("GET", "/things", Lane::kDatabase, Access::kUser, echo_user);
  router.add("POST", "/things", Lane::kDatabaseWrite, Access::kUser, echo_user, 1234);
  router.add("POST", "/password", Lane::kPassword, Access::kLoginOnly, echo_user);
  router.add("GET", "/boom", Lane::kDatabase, Access::kPublic, [](Request&) -> Response { throw std::runtime_error("bug"); });
  router.add("GET", "/gone", Lane::kDatabase, Access::kPublic,
             [](Request&) -> Response { throw domain::Error(domain::ErrorCode::kNotFound, "No such thing."); });
  return router;
}

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest()
      : router_(sample_router()),
        cors_({"https://app.example"}),
        logger_(std::tmpfile()),
        dispatcher_(router_, authenticator_, {lane_, lane_, lane_, lane_, lane_}, cors_, 64, logger_) {}

  static asio::awaitable<Response> round_trip(const Dispatcher& dispatcher, Request& request, Routed& routed) {
    routed = co_await dispatcher.route(request);
    co_return co_await dispatcher.handle(routed, request);
  }

  Response send(std::string method, std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
    request_ = Request{};
    request_.method = std::move(method);
    request_.path = std::move(path);
    request_.headers = std::move(headers);
    request_.request_id = "r1";
    asio::io_context ioc;
    auto result = asio::co_spawn(ioc, round_trip(dispatcher_, request_, routed_), asio::use_future);
    ioc.run();
    return result.get();
  }

  static std::string header(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers)
      if (key == name) return value;
    return {};
  }

  Router router_;
  FakeAuthenticator authenticator_;
  CorsPolicy cors_;
  util::Logger logger_;
  InlineLane lane_;
  Dispatcher dispatcher_;
  Request request_;
  Routed routed_;
};

TEST_F(DispatcherTest, PublicRoutesNeedNoCredential) {
  const auto response = send("GET", "/public");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "nobody");
  EXPECT_EQ(authenticator_.calls, 0);
  EXPECT_EQ(routed_.route_name, "/public");
}

TEST_F(DispatcherTest, ProtectedRoutesAuthenticateOnceAndCarryThePrincipal) {
  const auto response = send("GET", "/things", {{"authorization", "Bearer login"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "u1");
  EXPECT_EQ(authenticator_.calls, 1);
}

TEST_F(DispatcherTest, AMissingOrBadCredentialIs401BeforeTheHandler) {
  const auto response = send("POST", "/things", {{"authorization", "Bearer nonsense"}});
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(header(response, "WWW-Authenticate"), "Bearer");
  EXPECT_TRUE(routed_.answer.has_value());  // decided from the head: the body is never read
  EXPECT_EQ(send("GET", "/things").status, 401);
}

TEST_F(DispatcherTest, AReadScopeMayOnlyRead) {
  EXPECT_EQ(send("GET", "/things", {{"authorization", "Bearer read"}}).status, 200);
  const auto refused = send("POST", "/things", {{"authorization", "Bearer read"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(header(refused, "WWW-Authenticate"), "Bearer error=\"insufficient_scope\"");
  EXPECT_EQ(send("POST", "/things", {{"authorization", "Bearer write"}}).status, 200);
}

TEST_F(DispatcherTest, LoginOnlyRoutesRefusePersonalTokens) {
  EXPECT_EQ(send("POST", "/password", {{"authorization", "Bearer write"}}).status, 403);
  EXPECT_EQ(send("POST", "/password", {{"authorization", "Bearer login"}}).status, 200);
}

TEST_F(DispatcherTest, TheRouteDecidesTheBodyLimit) {
  (void)send("POST", "/things", {{"authorization", "Bearer login"}});
  EXPECT_EQ(routed_.body_limit, 1234u);
  (void)send("GET", "/things", {{"authorization", "Bearer login"}});
  EXPECT_EQ(routed_.body_limit, 64u);
}

TEST_F(DispatcherTest, UnknownPathsAndMethods) {
  const auto missing = send("GET", "/nowhere");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(routed_.route_name, "unmatched");
  const auto wrong = send("DELETE", "/things");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(header(wrong, "Allow"), "GET, POST");
}

TEST_F(DispatcherTest, PreflightsOfAllowedOriginsAreAnswered) {
  const auto preflight =
      send("OPTIONS", "/things", {{"origin", "https://app.example"}, {"access-control-request-method", "POST"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(header(preflight, "Access-Control-Allow-Methods"), "GET, POST");
  EXPECT_EQ(routed_.route_name, "preflight");
  // Another origin learns nothing: an ordinary OPTIONS, 405.
  EXPECT_EQ(send("OPTIONS", "/things", {{"origin", "https://evil.example"}, {"access-control-request-method", "POST"}}).status,
            405);
}

TEST_F(DispatcherTest, HandlerFailuresBecomeProblems) {
  const auto bug = send("GET", "/boom");
  EXPECT_EQ(bug.status, 500);
  EXPECT_EQ(bug.content_type, "application/problem+json");
  EXPECT_EQ(bug.body.find("bug"), std::string::npos);  // internals stay in the log
  EXPECT_EQ(send("GET", "/gone").status, 404);
}

}  // namespace
}  // namespace habitd::http
