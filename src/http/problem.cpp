#include "http/problem.hpp"

#include <boost/json.hpp>

namespace habitd::http {

using domain::ErrorCode;

ProblemKind problem_kind(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kMalformed:
      return {400, "malformed-request", "Malformed request"};
    case ErrorCode::kUnauthenticated:
      return {401, "unauthenticated", "Authentication required"};
    case ErrorCode::kForbidden:
      return {403, "forbidden", "Forbidden"};
    case ErrorCode::kNotFound:
      return {404, "not-found", "Not found"};
    case ErrorCode::kMethodNotAllowed:
      return {405, "method-not-allowed", "Method not allowed"};
    case ErrorCode::kRequestTimeout:
      return {408, "request-timeout", "Request timeout"};
    case ErrorCode::kConflict:
      return {409, "conflict", "Conflict"};
    case ErrorCode::kGone:
      return {410, "gone", "Gone"};
    case ErrorCode::kPreconditionFailed:
      return {412, "precondition-failed", "Precondition failed"};
    case ErrorCode::kPayloadTooLarge:
      return {413, "payload-too-large", "Payload too large"};
    case ErrorCode::kUnsupportedMediaType:
      return {415, "unsupported-media-type", "Unsupported media type"};
    case ErrorCode::kValidation:
      return {422, "validation-failed", "Validation failed"};
    case ErrorCode::kRateLimited:
      return {429, "rate-limited", "Too many requests"};
    case ErrorCode::kHeadersTooLarge:
      return {431, "headers-too-large", "Request header fields too large"};
    case ErrorCode::kUnavailable:
      return {503, "unavailable", "Service unavailable"};
    case ErrorCode::kInternal:
      break;
  }
  return {500, "internal-error", "Internal server error"};
}

Response problem(const domain::Error& error, std::string_view instance) {
  const ProblemKind kind = problem_kind(error.code());
  boost::json::object body;
  body["type"] = std::string("https://habitd.dev/problems/") + std::string(kind.slug);
  body["title"] = kind.title;
  body["status"] = kind.status;
  body["detail"] = error.detail();
  if (!instance.empty()) body["instance"] = std::string("urn:request:") + std::string(instance);
  if (!error.fields().empty()) {
    boost::json::array fields;
    for (const auto& field : error.fields())
      fields.push_back(boost::json::object{{"field", field.field}, {"message", field.message}});
    body["errors"] = std::move(fields);
  }
  Response response{kind.status, "application/problem+json", boost::json::serialize(body), {}};
  if (kind.status == 401) response.with_header("WWW-Authenticate", "Bearer");
  // RFC 6750: a token that is valid but not allowed to do this names the missing scope.
  if (kind.status == 403) response.with_header("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
  if (auto seconds = error.retry_after_seconds()) response.with_header("Retry-After", std::to_string(*seconds));
  return response;
}

Response problem(ErrorCode code, std::string_view detail, std::string_view instance) {
  return problem(domain::Error(code, std::string(detail)), instance);
}

}  // namespace habitd::http
