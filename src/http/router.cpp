#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace habitd::http {
namespace {

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t pos = 0;
  if (!path.empty() && path.front() == '/') pos = 1;
  while (pos <= path.size()) {
    const std::size_t next = std::min(path.find('/', pos), path.size());
    segments.push_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  return segments;
}

bool is_param(std::string_view segment) { return segment.size() > 2 && segment.front() == '{' && segment.back() == '}'; }

// Fills `params` and returns true when every segment matches; a parameter never matches "".
bool matches(std::string_view pattern, std::string_view path, std::vector<std::pair<std::string, std::string>>& params) {
  const auto want = split_segments(pattern);
  const auto have = split_segments(path);
  if (want.size() != have.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (is_param(want[i])) {
      if (have[i].empty()) return false;
      params.emplace_back(std::string(want[i].substr(1, want[i].size() - 2)), std::string(have[i]));
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Lane lane, Access access, Handler handler, std::size_t body_limit) {
  for (const auto& route : routes_)
    if (route.method == method && route.pattern == pattern)
      throw std::logic_error("duplicate route " + method.append(" ").append(pattern));
  routes_.push_back(Route{std::move(method), std::move(pattern), lane, access, std::move(handler), body_limit});
}

std::variant<RouteMatch, MethodNotAllowed, NoRoute> Router::match(std::string_view method, std::string_view path) const {
  std::vector<std::pair<std::string, std::string>> params;
  std::string allow;
  // Literal segments win over parameters: routes are tried in registration order, and the
  // route table lists literal paths before parameterised siblings.
  for (const auto& route : routes_) {
    if (!matches(route.pattern, path, params)) continue;
    if (route.method == method || (method == "HEAD" && route.method == "GET")) return RouteMatch{&route, std::move(params)};
    if (allow.find(route.method) == std::string::npos) {
      if (!allow.empty()) allow += ", ";
      allow += route.method;
    }
  }
  if (!allow.empty()) return MethodNotAllowed{std::move(allow)};
  return NoRoute{};
}

}  // namespace habitd::http
