#pragma once
// Request rate limits, asked by the dispatcher once a request's route and principal are known.
// The transport only knows this interface; which requests are limited, by what key and how much
// is decided above it (api/v1/rate_limits).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/request.hpp"

namespace habitd::http {

struct RateVerdict {
  bool allowed = true;
  int retry_after = 0;                                       // seconds, when refused
  std::vector<std::pair<std::string, std::string>> headers;  // added to the answer, refused or not
};

class RequestLimiter {
 public:
  virtual ~RequestLimiter() = default;
  // nullopt when the request is not subject to a limit at all.
  [[nodiscard]] virtual std::optional<RateVerdict> check(const Request& request) const = 0;
};

}  // namespace habitd::http
