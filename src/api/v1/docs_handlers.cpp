#include "api/v1/docs_handlers.hpp"

#include "api/v1/embedded.hpp"

namespace habitd::api::v1 {
namespace {

// Only our own files, no inline code, no framing: the page cannot be turned against its users.
constexpr const char* kDocsPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

http::Response asset(std::string_view content_type, std::string_view body) {
  return http::Response{200, std::string(content_type), std::string(body), {}}
      .with_header("Content-Security-Policy", kDocsPolicy)
      .with_header("Cache-Control", "no-cache");
}

}  // namespace

http::Response DocsHandlers::openapi(const http::Request&) const {
  return http::Response{200, "application/json", std::string(embedded::openapi_json()), {}}.with_header("Cache-Control", "no-cache");
}

http::Response DocsHandlers::page(const http::Request&) const { return asset("text/html; charset=utf-8", embedded::docs_index_html()); }

http::Response DocsHandlers::script(const http::Request&) const {
  return asset("text/javascript; charset=utf-8", embedded::docs_app_js());
}

http::Response DocsHandlers::style(const http::Request&) const { return asset("text/css; charset=utf-8", embedded::docs_style_css()); }

}  // namespace habitd::api::v1
