#include "http/dispatcher.hpp"

#include <exception>

#include "domain/error.hpp"
#include "http/conditional.hpp"
#include "http/problem.hpp"

namespace habitd::http {

namespace asio = boost::asio;
using domain::Error;
using domain::ErrorCode;

namespace {

bool is_safe_method(std::string_view method) { return method == "GET" || method == "HEAD"; }

}  // namespace

WorkLane& Dispatcher::lane_of(Lane lane) const {
  switch (lane) {
    case Lane::kInline:
      return lanes_.inline_lane;
    case Lane::kDatabase:
      return lanes_.database;
    case Lane::kDatabaseWrite:
      return lanes_.database_write;
    case Lane::kPassword:
      return lanes_.password;
    case Lane::kImport:
      return lanes_.import;
  }
  return lanes_.database;
}

asio::awaitable<void> Dispatcher::authorize(const Route& route, Request& request) const {
  if (route.access == Access::kPublic) co_return;
  const auto authorization = request.header("authorization");
  if (authenticator_.verifies_offline(authorization)) {
    request.principal = authenticator_.authenticate(authorization);
  } else {
    Principal principal;
    co_await lanes_.database.run([&] { principal = authenticator_.authenticate(authorization); }, request);
    request.principal = std::move(principal);
  }
  const Principal& principal = *request.principal;
  if (principal.scope == Scope::kRead && !is_safe_method(request.method))
    throw Error(ErrorCode::kForbidden, "This token's scope is read: it may only read (GET).");
  if (route.access == Access::kLoginOnly && principal.credential != Credential::kAccessToken)
    throw Error(ErrorCode::kForbidden, "This needs an access token from a password login, not a personal access token.");
}

Response Dispatcher::with_rate_headers(Response response, const Routed& routed) {
  for (const auto& [name, value] : routed.rate_headers) response.with_header(name, value);
  return response;
}

void Dispatcher::limit_rate(const Request& request, Routed& routed) const {
  if (!limiter_) return;
  auto verdict = limiter_->check(request);
  if (!verdict) return;
  routed.rate_headers = std::move(verdict->headers);
  if (verdict->allowed) return;
  routed.route = nullptr;
  routed.answer = problem(ErrorCode::kRateLimited, "Too many requests; slow down and retry after the time Retry-After gives.",
                          request.request_id)
                      .with_header("Retry-After", std::to_string(verdict->retry_after));
}

// No coroutine here awaits another that returns a Routed or a Response: GCC 12 miscompiles that
// (UBSan: an optional's flag read from uninitialised memory).
asio::awaitable<Routed> Dispatcher::route(Request& request) const {
  Routed routed;
  try {
    auto match = router_.match(request.method, request.path);
    if (auto* found = std::get_if<RouteMatch>(&match)) {
      routed.route = found->route;
      routed.route_name = found->route->pattern;
      routed.body_limit = found->route->body_limit > 0 ? found->route->body_limit : default_body_limit_;
      request.path_params = std::move(found->params);
      // Before the body is read: an anonymous client cannot make the server buffer a large one.
      co_await authorize(*routed.route, request);
      limit_rate(request, routed);
      co_return routed;
    }
    if (auto* not_allowed = std::get_if<MethodNotAllowed>(&match)) {
      // CORS preflight: answered here so it never reaches handlers, with the methods of that path
      // (no route takes OPTIONS, so the router lists them all). When CORS is off or the origin is
      // not listed, it is an ordinary OPTIONS request (405): the origin learns nothing.
      if (auto preflight = cors_.preflight(request, not_allowed->allow)) {
        routed.route_name = "preflight";
        routed.answer = std::move(*preflight);
        limit_rate(request, routed);
        co_return routed;
      }
      routed.answer =
          problem(ErrorCode::kMethodNotAllowed, "Method " + request.method + " is not allowed here.", request.request_id)
              .with_header("Allow", not_allowed->allow);
      limit_rate(request, routed);
      co_return routed;
    }
    // The path is not echoed: decoded, it may be any bytes, and a problem body must stay UTF-8 JSON.
    routed.answer = problem(ErrorCode::kNotFound, "No resource at this path.", request.request_id);
  } catch (const Error& error) {
    routed.route = nullptr;
    routed.answer = problem(error, request.request_id);
  }
  limit_rate(request, routed);
  co_return routed;
}

asio::awaitable<Response> Dispatcher::handle(const Routed& routed, Request& request) const {
  if (routed.answer) co_return with_rate_headers(*routed.answer, routed);
  Response response;
  try {
    co_await lane_of(routed.route->lane).run([&] { response = routed.route->handler(request); }, request);
  } catch (const Error& error) {
    response = problem(error, request.request_id);
  } catch (const std::exception& error) {
    // The log has the details under the request id; the client learns nothing of the internals.
    logger_.error("unhandled exception",
                  {{"request_id", std::string_view(request.request_id)}, {"what", std::string_view(error.what())}});
    response = problem(ErrorCode::kInternal, "An unexpected error occurred.", request.request_id);
  }
  apply_if_none_match(request, response);
  co_return with_rate_headers(std::move(response), routed);
}

}  // namespace habitd::http
