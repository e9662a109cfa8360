#pragma once
// Cross-origin access: off unless the operator lists origins (HABITS_CORS_ORIGINS).
#include <optional>
#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::http {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  // Whether the request's Origin may read the answer (never when CORS is off).
  [[nodiscard]] bool allows(const Request& request) const;
  // A preflight (OPTIONS with Access-Control-Request-Method from an allowed origin) for a path
  // whose methods are `allow`; nullopt when the request is no such preflight.
  [[nodiscard]] std::optional<Response> preflight(const Request& request, const std::string& allow) const;
  // The response headers an allowed origin needs; none for anyone else.
  void decorate(const Request& request, std::vector<std::pair<std::string, std::string>>& headers) const;

 private:
  std::vector<std::string> origins_;
};

}  // namespace habitd::http
