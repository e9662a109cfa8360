#pragma once
// Request rate limits of the API: every /api/v1 request takes one from a token bucket, its user's
// when it carries a valid credential, else its client address's. Every /api/v1 answer says where
// the client stands, in the fields of the IETF draft "RateLimit header fields for HTTP"
// (RateLimit-Policy: "user";q=6000;w=60 and RateLimit: "user";r=5999;t=1); beyond the quota the
// answer is 429 with Retry-After. Operational routes (/healthz, /readyz, /metrics) are not limited.
// With several habitd processes (`fleet`), each enforces and reports its share of the limits
// (security/fleet.hpp): q is the quota of the process that answered.
#include <optional>

#include "http/request_limiter.hpp"
#include "security/rate_limiter.hpp"

namespace habitd::api::v1 {

class ApiRateLimits final : public http::RequestLimiter {
 public:
  // `fleet` (null: this process alone) must outlive the limits.
  ApiRateLimits(security::RateLimit per_user, security::RateLimit per_address, const security::FleetSize* fleet = nullptr)
      : per_user_(per_user, fleet), per_address_(per_address, fleet) {}

  [[nodiscard]] std::optional<http::RateVerdict> check(const http::Request& request) const override;

 private:
  mutable security::RateLimiter per_user_;
  mutable security::RateLimiter per_address_;
};

}  // namespace habitd::api::v1
