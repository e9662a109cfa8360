#include "api/v1/rate_limits.hpp"

#include <chrono>
#include <string>

namespace habitd::api::v1 {

std::optional<http::RateVerdict> ApiRateLimits::check(const http::Request& request) const {
  if (request.path.rfind("/api/v1/", 0) != 0) return std::nullopt;
  const bool by_user = request.principal.has_value();
  security::RateLimiter& limiter = by_user ? per_user_ : per_address_;
  if (!limiter.enabled()) return std::nullopt;
  const std::string policy = by_user ? "\"user\"" : "\"address\"";
  const auto decision =
      limiter.take(by_user ? request.principal->user_id : request.client_address, std::chrono::steady_clock::now());
  http::RateVerdict verdict;
  verdict.allowed = decision.allowed;
  verdict.retry_after = decision.retry_after;
  verdict.headers = {{"RateLimit-Policy",
                      policy + ";q=" + std::to_string(decision.limit) + ";w=" + std::to_string(limiter.policy().window.count())},
                     {"RateLimit", policy + ";r=" + std::to_string(decision.remaining) + ";t=" + std::to_string(decision.reset)}};
  return verdict;
}

}  // namespace habitd::api::v1
