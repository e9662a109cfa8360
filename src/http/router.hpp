#pragma once
// Method + path pattern -> handler. Patterns are literal segments and `{name}` parameters.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "http/principal.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::http {

using Handler = std::function<Response(Request&)>;

// Where a handler runs. Handlers block (database, bcrypt), so only kInline ones run on I/O threads.
enum class Lane {
  kInline,         // cheap and non-blocking: health, documents
  kDatabase,       // database reads: as many threads as connections, so none waits for one
  kDatabaseWrite,  // database writes: their own threads, which may wait for a commit's disk flush
  kPassword,       // bcrypt: its own bounded pool, so a login burst cannot starve other requests
  kImport,         // bulk writes: their own bounded queue and thread, so imports never hold the write threads
};

struct Route {
  std::string method;
  std::string pattern;  // e.g. /api/v1/habits/{id}/logs/{date}
  Lane lane;
  Access access;
  Handler handler;
  std::size_t body_limit = 0;  // 0: the server's default limit
};

struct RouteMatch {
  const Route* route;
  std::vector<std::pair<std::string, std::string>> params;
};
struct MethodNotAllowed {
  std::string allow;  // e.g. "GET, PATCH, DELETE"
};
struct NoRoute {};

class Router {
 public:
  void add(std::string method, std::string pattern, Lane lane, Access access, Handler handler, std::size_t body_limit = 0);

  [[nodiscard]] std::variant<RouteMatch, MethodNotAllowed, NoRoute> match(std::string_view method, std::string_view path) const;
  [[nodiscard]] const std::vector<Route>& routes() const noexcept { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace habitd::http
