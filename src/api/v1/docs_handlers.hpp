#pragma once
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::api::v1 {

// The OpenAPI document and the API reference at /docs: Swagger UI (swagger-ui-dist, pinned and
// unchanged in openapi/docs/swagger-ui/) started by our own script, every file compiled into the
// binary, served with ETags under a strict Content-Security-Policy.
class DocsHandlers {
 public:
  DocsHandlers();

  [[nodiscard]] http::Response openapi(const http::Request& request) const;
  [[nodiscard]] http::Response page(const http::Request& request) const;
  [[nodiscard]] http::Response script(const http::Request& request) const;
  [[nodiscard]] http::Response style(const http::Request& request) const;
  [[nodiscard]] http::Response swagger_script(const http::Request& request) const;
  [[nodiscard]] http::Response swagger_style(const http::Request& request) const;

  struct Asset {
    std::string_view content_type;
    std::string_view body;
    std::string etag;  // strong, quoted: the start of the body's SHA-256
  };

 private:
  Asset page_;
  Asset script_;
  Asset style_;
  Asset swagger_script_;
  Asset swagger_style_;
};

}  // namespace habitd::api::v1
