#pragma once
// RFC 9457 problem details: the only place where an ErrorCode becomes an HTTP status.
#include <string_view>

#include "domain/error.hpp"
#include "http/response.hpp"

namespace habitd::http {

struct ProblemKind {
  int status;
  std::string_view slug;  // the last segment of the type URI
  std::string_view title;
};

[[nodiscard]] ProblemKind problem_kind(domain::ErrorCode code) noexcept;

// `instance` is the request id, so a client report can be matched with the log line.
[[nodiscard]] Response problem(const domain::Error& error, std::string_view instance = {});
[[nodiscard]] Response problem(domain::ErrorCode code, std::string_view detail, std::string_view instance = {});

}  // namespace habitd::http
