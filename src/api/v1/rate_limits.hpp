#pragma once
// Request rate limits of the API: every /api/v1 request takes one from a token bucket, its user's
// when it carries a valid credential, else its client address's. Every /api/v1 answer says where
// the client stands, in the fields of the IETF draft "RateLimit header fields for HTTP"
// (RateLimit-Policy: "user";q=6000;w=60 and RateLimit: "user";r=5999;t=1); beyond the quota the
// answer is 429 with Retry-After. Operational routes (/healthz, /readyz, /metrics) are not limited.
#include <optional>

#include "http/request_limiter.hpp"
#include "security/rate_limiter.hpp"

namespace habitd::api::v1 {

class ApiRateLimits final : public http::RequestLimiter {
 public:
  ApiRateLimits(security::RateLimit per_user, security::RateLimit per_address) : per_user_(per_user), per_address_(per_address) {}

  [[nodiscard]] std::optional<http::RateVerdict> check(const http::Request& request) const override;

 private:
  mutable security::RateLimiter per_user_;
  mutable security::RateLimiter per_address_;
};

}  // namespace habitd::api::v1
