#pragma once
// A parsed HTTP request as handlers see it: no Beast types, so handler code compiles fast and is
// testable without sockets.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/principal.hpp"

namespace habitd::http {

struct Request {
  std::string method;                                            // upper case, e.g. "GET"
  std::string path;                                              // decoded path, no query
  std::vector<std::pair<std::string, std::string>> query;        // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;      // names lower case
  std::vector<std::pair<std::string, std::string>> path_params;  // filled by the router
  std::string body;
  std::string client_address;  // peer, or the forwarded client when the proxy is trusted
  std::string request_id;
  // Set by the dispatcher before the handler runs, on every route that is not Access::kPublic.
  std::optional<Principal> principal;

  // The authenticated user; only for handlers of routes that require one.
  [[nodiscard]] const std::string& user_id() const {
    if (!principal) throw std::logic_error("a handler of a public route asked for the user");
    return principal->user_id;
  }

  [[nodiscard]] std::optional<std::string_view> header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers)
      if (name == lower_name) return value;
    return std::nullopt;
  }
  [[nodiscard]] std::optional<std::string_view> query_param(std::string_view name) const {
    for (const auto& [key, value] : query)
      if (key == name) return value;
    return std::nullopt;
  }
  [[nodiscard]] std::string_view path_param(std::string_view name) const {
    for (const auto& [key, value] : path_params)
      if (key == name) return value;
    return {};
  }
};

}  // namespace habitd::http
