#pragma once
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::api::v1 {

// The OpenAPI document and the offline interactive documentation page.
class DocsHandlers {
 public:
  [[nodiscard]] http::Response openapi(const http::Request& request) const;
  [[nodiscard]] http::Response page(const http::Request& request) const;
  [[nodiscard]] http::Response script(const http::Request& request) const;
  [[nodiscard]] http::Response style(const http::Request& request) const;
};

}  // namespace habitd::api::v1
