#pragma once
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::service {
class ChangesService;
}

namespace habitd::api::v1 {

// GET /api/v1/changes: delta sync for apps that work offline.
class ChangesHandlers {
 public:
  explicit ChangesHandlers(const service::ChangesService& changes) : changes_(changes) {}

  [[nodiscard]] http::Response changes(const http::Request& request) const;

 private:
  const service::ChangesService& changes_;
};

}  // namespace habitd::api::v1
