#include "api/v1/webapp_handlers.hpp"

#include "api/v1/webapp_assets.hpp"
#include "domain/error.hpp"

namespace habitd::api::v1 {
namespace {

// Our own files only: no inline script or style, no eval, nothing from another host, no framing.
constexpr const char* kAppPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const embedded::WebAsset* find_asset(std::string_view name) {
  for (const auto& asset : embedded::webapp_assets())
    if (asset.name == name) return &asset;
  return nullptr;
}

// The build's tag of the file: the dispatcher answers a matching If-None-Match with a 304.
http::Response serve(const embedded::WebAsset& asset) {
  http::Response response{200, std::string(asset.content_type), std::string(asset.body), {}};
  response.with_header("ETag", std::string(asset.etag))
      .with_header("Cache-Control", "no-cache")
      .with_header("Content-Security-Policy", kAppPolicy)
      .with_header("Referrer-Policy", "no-referrer");
  // The worker lives under /app/ but serves the whole origin, the page at / included.
  if (asset.name == "sw.js") response.with_header("Service-Worker-Allowed", "/");
  return response;
}

}  // namespace

http::Response WebAppHandlers::page(const http::Request&) const { return serve(*find_asset("index.html")); }

http::Response WebAppHandlers::asset(const http::Request& request) const {
  const auto* asset = find_asset(request.path_param("asset"));
  if (!asset) throw domain::Error(domain::ErrorCode::kNotFound, "No such file of the web app.");
  return serve(*asset);
}

}  // namespace habitd::api::v1
