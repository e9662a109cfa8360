#pragma once
// From a request's head to its answer: match the route once, authenticate once and check the
// route's access, then (after the session has read the body under the route's limit) run the
// handler on its lane. Every failure on the way becomes a problem+json answer here.
#include <array>
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/cors.hpp"
#include "http/lane.hpp"
#include "http/principal.hpp"
#include "http/request.hpp"
#include "http/request_limiter.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "util/logger.hpp"

namespace habitd::http {

// The threads each lane runs on, built by app/.
struct Lanes {
  WorkLane& inline_lane;
  WorkLane& database;
  WorkLane& database_write;
  WorkLane& password;
  WorkLane& import;
};

// What the dispatcher decided from the head of a request.
struct Routed {
  const Route* route = nullptr;          // null when `answer` is set
  std::optional<Response> answer;        // answered without a handler: 404, 405, 401, 403, a preflight
  std::string route_name = "unmatched";  // for logs and metrics: the route's pattern
  std::size_t body_limit = 0;
  std::vector<std::pair<std::string, std::string>> rate_headers;  // the rate limit's fields, for the answer
};

class Dispatcher {
 public:
  Dispatcher(const Router& router, const Authenticator& authenticator, Lanes lanes, const CorsPolicy& cors,
             std::size_t default_body_limit, util::Logger& logger, const RequestLimiter* limiter = nullptr)
      : router_(router),
        authenticator_(authenticator),
        lanes_(lanes),
        cors_(cors),
        default_body_limit_(default_body_limit),
        logger_(logger),
        limiter_(limiter) {}

  // Matches `request` (method, path and headers; no body yet), fills its path parameters and principal.
  [[nodiscard]] boost::asio::awaitable<Routed> route(Request& request) const;
  // Runs the routed handler on its lane. Never throws: errors become problem responses.
  [[nodiscard]] boost::asio::awaitable<Response> handle(const Routed& routed, Request& request) const;

 private:
  [[nodiscard]] WorkLane& lane_of(Lane lane) const;
  [[nodiscard]] static Response with_rate_headers(Response response, const Routed& routed);
  [[nodiscard]] boost::asio::awaitable<void> authorize(const Route& route, Request& request) const;
  // Takes the request from its rate limit (by its principal when authenticated): the answer's
  // fields, and a 429 answer instead of the route when the limit is spent.
  void limit_rate(const Request& request, Routed& routed) const;

  const Router& router_;
  const Authenticator& authenticator_;
  Lanes lanes_;
  const CorsPolicy& cors_;
  const std::size_t default_body_limit_;
  util::Logger& logger_;
  const RequestLimiter* limiter_;
};

}  // namespace habitd::http
