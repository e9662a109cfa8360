#include "http/problem.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace habitd::http {
namespace {

using domain::ErrorCode;

TEST(Problem, MapsEveryCodeToItsStatus) {
  const std::pair<ErrorCode, int> expected[] = {{ErrorCode::kMalformed, 400},
                                                {ErrorCode::kUnauthenticated, 401},
                                                {ErrorCode::kNotFound, 404},
                                                {ErrorCode::kMethodNotAllowed, 405},
                                                {ErrorCode::kConflict, 409},
                                                {ErrorCode::kPayloadTooLarge, 413},
                                                {ErrorCode::kUnsupportedMediaType, 415},
                                                {ErrorCode::kValidation, 422},
                                                {ErrorCode::kRateLimited, 429},
                                                {ErrorCode::kHeadersTooLarge, 431},
                                                {ErrorCode::kUnavailable, 503},
                                                {ErrorCode::kInternal, 500}};
  for (const auto& [code, status] : expected) {
    const Response response = problem(code, "x");
    EXPECT_EQ(response.status, status);
    EXPECT_EQ(response.content_type, "application/problem+json");
    const auto body = boost::json::parse(response.body).as_object();
    EXPECT_EQ(body.at("status").as_int64(), status);
    EXPECT_EQ(body.at("detail").as_string(), "x");
    EXPECT_TRUE(body.at("type").as_string().starts_with("https://"));
    EXPECT_FALSE(body.at("title").as_string().empty());
  }
}

TEST(Problem, ValidationListsFieldErrors) {
  const domain::Error error(ErrorCode::kValidation, "bad", {{"name", "is required"}, {"frequency", "is unknown"}});
  const auto body = boost::json::parse(problem(error, "req-1").body).as_object();
  const auto& errors = body.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("field").as_string(), "name");
  EXPECT_EQ(errors[1].at("message").as_string(), "is unknown");
  EXPECT_EQ(body.at("instance").as_string(), "urn:request:req-1");
}

TEST(Problem, UnauthenticatedCarriesWwwAuthenticate) {
  const Response response = problem(ErrorCode::kUnauthenticated, "no token");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "WWW-Authenticate");
  EXPECT_EQ(response.headers[0].second, "Bearer");
}

TEST(Problem, RateLimitCarriesRetryAfter) {
  const Response response = problem(domain::Error(ErrorCode::kRateLimited, "slow down").with_retry_after(42));
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Retry-After");
  EXPECT_EQ(response.headers[0].second, "42");
}

TEST(Problem, NoErrorsMemberWithoutFieldErrors) {
  const auto body = boost::json::parse(problem(ErrorCode::kNotFound, "gone").body).as_object();
  EXPECT_FALSE(body.contains("errors"));
}

}  // namespace
}  // namespace habitd::http
