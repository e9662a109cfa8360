#pragma once
// Files compiled into the binary (cmake/EmbedText.cmake), so the server needs nothing on disk.
#include <string_view>

namespace habitd::embedded {

[[nodiscard]] std::string_view openapi_json();
[[nodiscard]] std::string_view docs_index_html();
[[nodiscard]] std::string_view docs_app_js();
[[nodiscard]] std::string_view docs_style_css();
// Swagger UI, from openapi/docs/swagger-ui/ (scripts/vendor-swagger-ui).
[[nodiscard]] std::string_view swagger_ui_bundle_js();
[[nodiscard]] std::string_view swagger_ui_css();

}  // namespace habitd::embedded
