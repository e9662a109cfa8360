#include "api/v1/routes.hpp"

#include "api/v1/ops_handlers.hpp"

namespace habitd::api::v1 {

using http::Lane;

namespace {

// Binds a const member handler of a handler object into a router handler.
template <typename Object>
http::Handler bind(const Object& object, http::Response (Object::*method)(const http::Request&) const) {
  return [&object, method](http::Request& request) { return (object.*method)(request); };
}

}  // namespace

http::Router make_router(const Handlers& h) {
  http::Router router;
  router.add("GET", "/healthz", Lane::kInline, bind(h.ops, &OpsHandlers::health));
  router.add("GET", "/readyz", Lane::kDatabase, bind(h.ops, &OpsHandlers::ready));
  return router;
}

}  // namespace habitd::api::v1
