#pragma once
// The one protocol-agnostic vocabulary of failures. http/problem.cpp is the only place that
// turns it into statuses; everything below the HTTP layer throws or returns these.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace habitd::domain {

enum class ErrorCode {
  kMalformed,             // 400: unparsable JSON, query or path
  kUnauthenticated,       // 401
  kForbidden,             // 403: authenticated, but the credential's scope does not allow this
  kNotFound,              // 404: missing or another user's
  kMethodNotAllowed,      // 405
  kRequestTimeout,        // 408: the client did not send a whole request in time
  kConflict,              // 409: duplicate, or an idempotent request still running
  kGone,                  // 410: what was asked for is no longer kept (an expired sync cursor)
  kPreconditionFailed,    // 412: If-Match no longer matches
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kValidation,            // 422
  kRateLimited,           // 429
  kHeadersTooLarge,       // 431
  kUnavailable,           // 503: database down, overloaded
  kInternal,              // 500: a bug
};

struct FieldError {
  std::string field;
  std::string message;
};

// Thrown for expected failures; `detail` is safe to show to clients, `internal` is for logs only.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string detail, std::vector<FieldError> fields = {})
      : std::runtime_error(detail), code_(code), detail_(std::move(detail)), fields_(std::move(fields)) {}

  [[nodiscard]] ErrorCode code() const noexcept { return code_; }
  [[nodiscard]] const std::string& detail() const noexcept { return detail_; }
  [[nodiscard]] const std::vector<FieldError>& fields() const noexcept { return fields_; }
  [[nodiscard]] std::optional<int> retry_after_seconds() const noexcept { return retry_after_; }

  Error&& with_retry_after(int seconds) && {
    retry_after_ = seconds;
    return std::move(*this);
  }

 private:
  ErrorCode code_;
  std::string detail_;
  std::vector<FieldError> fields_;
  std::optional<int> retry_after_;
};

// Collects every field error of one input, so a client learns all its mistakes at once.
class FieldErrors {
 public:
  void add(std::string field, std::string message) { errors_.push_back({std::move(field), std::move(message)}); }
  // Adds every error of `other` with `prefix` before its field (a nested item: "habits[2].").
  void merge(std::string_view prefix, const FieldErrors& other) {
    for (const auto& error : other.errors_) add(std::string(prefix) + error.field, error.message);
  }
  [[nodiscard]] bool empty() const noexcept { return errors_.empty(); }
  [[nodiscard]] const std::vector<FieldError>& list() const noexcept { return errors_; }
  // Throws a 422 naming every collected field, if any.
  void throw_if_any(std::string_view what = "The request is not valid.") const {
    if (!errors_.empty()) throw Error(ErrorCode::kValidation, std::string(what), errors_);
  }

 private:
  std::vector<FieldError> errors_;
};

}  // namespace habitd::domain
