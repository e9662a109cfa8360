#include "http/cors.hpp"

#include <algorithm>

namespace habitd::http {

bool CorsPolicy::allows(const Request& request) const {
  const auto origin = request.header("origin");
  if (origins_.empty() || !origin) return false;
  return std::find(origins_.begin(), origins_.end(), *origin) != origins_.end() ||
         std::find(origins_.begin(), origins_.end(), "*") != origins_.end();
}

std::optional<Response> CorsPolicy::preflight(const Request& request, const std::string& allow) const {
  if (request.method != "OPTIONS" || !request.header("access-control-request-method") || !allows(request)) return std::nullopt;
  return Response{204, {}, {}, {}}
      .with_header("Access-Control-Allow-Methods", allow)
      .with_header("Access-Control-Allow-Headers",
                   "Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, X-Request-Id")
      .with_header("Access-Control-Max-Age", "600");
}

void CorsPolicy::decorate(const Request& request, std::vector<std::pair<std::string, std::string>>& headers) const {
  if (!allows(request)) return;
  headers.emplace_back("Access-Control-Allow-Origin", std::string(*request.header("origin")));
  headers.emplace_back("Vary", "Origin");
  headers.emplace_back("Access-Control-Expose-Headers", "ETag, Location, Retry-After, X-Request-Id, RateLimit, RateLimit-Policy");
}

}  // namespace habitd::http
