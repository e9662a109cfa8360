#pragma once
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::store {
class Database;
}

namespace habitd::api::v1 {

// Liveness and readiness, for load balancers and orchestrators.
class OpsHandlers {
 public:
  explicit OpsHandlers(store::Database& database) : database_(database) {}

  [[nodiscard]] http::Response health(const http::Request& request) const;
  [[nodiscard]] http::Response ready(const http::Request& request) const;

 private:
  store::Database& database_;
};

}  // namespace habitd::api::v1
