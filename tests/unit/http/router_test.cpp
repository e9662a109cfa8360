#include "http/router.hpp"

#include <gtest/gtest.h>

namespace habitd::http {
namespace {

Handler named(std::string name) {
  return [name](Request&) { return Response{200, "text/plain", name, {}}; };
}

Router sample() {
  Router router;
  router.add("GET", "/api/v1/habits", Lane::kDatabase, Access::kUser, named("list"));
  router.add("POST", "/api/v1/habits", Lane::kDatabase, Access::kUser, named("create"));
  router.add("GET", "/api/v1/habits/{id}", Lane::kDatabase, Access::kUser, named("get"));
  router.add("PATCH", "/api/v1/habits/{id}", Lane::kDatabase, Access::kUser, named("update"));
  router.add("DELETE", "/api/v1/habits/{id}", Lane::kDatabase, Access::kUser, named("remove"));
  router.add("PATCH", "/api/v1/habits/{id}/logs/{date}", Lane::kDatabase, Access::kUser, named("log"));
  router.add("GET", "/api/v1/users/me", Lane::kDatabase, Access::kUser, named("me"));
  return router;
}

std::string call(const Router& router, const std::string& method, const std::string& path) {
  auto match = router.match(method, path);
  auto* found = std::get_if<RouteMatch>(&match);
  if (!found) return "";
  Request request;
  return found->route->handler(request).body;
}

TEST(Router, MatchesLiteralAndParameterisedPaths) {
  const Router router = sample();
  EXPECT_EQ(call(router, "GET", "/api/v1/habits"), "list");
  EXPECT_EQ(call(router, "POST", "/api/v1/habits"), "create");
  EXPECT_EQ(call(router, "GET", "/api/v1/habits/abc"), "get");
  EXPECT_EQ(call(router, "DELETE", "/api/v1/habits/abc"), "remove");
}

TEST(Router, ExtractsPathParameters) {
  const Router router = sample();
  auto match = router.match("PATCH", "/api/v1/habits/h1/logs/2026-01-31");
  auto* found = std::get_if<RouteMatch>(&match);
  ASSERT_NE(found, nullptr);
  ASSERT_EQ(found->params.size(), 2u);
  EXPECT_EQ(found->params[0], (std::pair<std::string, std::string>{"id", "h1"}));
  EXPECT_EQ(found->params[1], (std::pair<std::string, std::string>{"date", "2026-01-31"}));
}

TEST(Router, UnknownPathIsNoRoute) {
  const Router router = sample();
  EXPECT_TRUE(std::holds_alternative<NoRoute>(router.match("GET", "/api/v1/nothing")));
  EXPECT_TRUE(std::holds_alternative<NoRoute>(router.match("GET", "/api/v1/habits/a/b")));
  EXPECT_TRUE(std::holds_alternative<NoRoute>(router.match("GET", "/")));
  EXPECT_TRUE(std::holds_alternative<NoRoute>(router.match("GET", "")));
}

TEST(Router, EmptyParameterDoesNotMatch) {
  const Router router = sample();
  EXPECT_TRUE(std::holds_alternative<NoRoute>(router.match("GET", "/api/v1/habits/")));
}

TEST(Router, WrongMethodListsAllowedMethods) {
  const Router router = sample();
  auto match = router.match("PUT", "/api/v1/habits/x");
  auto* not_allowed = std::get_if<MethodNotAllowed>(&match);
  ASSERT_NE(not_allowed, nullptr);
  EXPECT_EQ(not_allowed->allow, "GET, PATCH, DELETE");
  auto collection = router.match("DELETE", "/api/v1/habits");
  ASSERT_TRUE(std::holds_alternative<MethodNotAllowed>(collection));
  EXPECT_EQ(std::get<MethodNotAllowed>(collection).allow, "GET, POST");
}

TEST(Router, HeadIsServedByGet) {
  const Router router = sample();
  EXPECT_EQ(call(router, "HEAD", "/api/v1/users/me"), "me");
}

TEST(Router, AMatchCarriesTheRoutesBodyLimitAndAccess) {
  Router router = sample();
  router.add("POST", "/api/v1/import", Lane::kDatabase, Access::kUser, named("import"), 10u << 20);
  router.add("GET", "/healthz", Lane::kInline, Access::kPublic, named("health"));
  const auto import = std::get<RouteMatch>(router.match("POST", "/api/v1/import"));
  EXPECT_EQ(import.route->body_limit, 10u << 20);
  EXPECT_EQ(import.route->access, Access::kUser);
  EXPECT_EQ(std::get<RouteMatch>(router.match("GET", "/healthz")).route->access, Access::kPublic);
}

TEST(Router, DuplicateRouteIsAProgrammingError) {
  Router router = sample();
  EXPECT_THROW(router.add("GET", "/api/v1/habits", Lane::kInline, Access::kUser, named("again")), std::logic_error);
}

}  // namespace
}  // namespace habitd::http
