#include "api/v1/docs_handlers.hpp"

#include "api/v1/embedded.hpp"
#include "security/random.hpp"

namespace habitd::api::v1 {
namespace {

// Only our own files, no inline code, no framing: the page cannot be turned against its users.
constexpr const char* kDocsPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
constexpr std::size_t kEtagHexDigits = 20;

DocsHandlers::Asset make_asset(std::string_view content_type, std::string_view body) {
  return {content_type, body, "\"" + security::sha256_hex(body).substr(0, kEtagHexDigits) + "\""};
}

// A matching If-None-Match gets a 304 from the dispatcher, so the 1.5 MB bundle is sent once.
http::Response serve(const DocsHandlers::Asset& asset) {
  return http::Response{200, std::string(asset.content_type), std::string(asset.body), {}}
      .with_header("ETag", asset.etag)
      .with_header("Content-Security-Policy", kDocsPolicy)
      .with_header("Referrer-Policy", "no-referrer")
      .with_header("Cache-Control", "no-cache");
}

}  // namespace

DocsHandlers::DocsHandlers()
    : page_(make_asset("text/html; charset=utf-8", embedded::docs_index_html())),
      script_(make_asset("text/javascript; charset=utf-8", embedded::docs_app_js())),
      style_(make_asset("text/css; charset=utf-8", embedded::docs_style_css())),
      swagger_script_(make_asset("text/javascript; charset=utf-8", embedded::swagger_ui_bundle_js())),
      swagger_style_(make_asset("text/css; charset=utf-8", embedded::swagger_ui_css())) {}

http::Response DocsHandlers::openapi(const http::Request&) const {
  return http::Response{200, "application/json", std::string(embedded::openapi_json()), {}}.with_header("Cache-Control",
                                                                                                        "no-cache");
}

http::Response DocsHandlers::page(const http::Request&) const { return serve(page_); }
http::Response DocsHandlers::script(const http::Request&) const { return serve(script_); }
http::Response DocsHandlers::style(const http::Request&) const { return serve(style_); }
http::Response DocsHandlers::swagger_script(const http::Request&) const { return serve(swagger_script_); }
http::Response DocsHandlers::swagger_style(const http::Request&) const { return serve(swagger_style_); }

}  // namespace habitd::api::v1
