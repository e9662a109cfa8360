#pragma once
// The web app's files, compiled into the binary by cmake/EmbedAssets.cmake from webapp/.
#include <span>
#include <string_view>

namespace habitd::embedded {

struct WebAsset {
  std::string_view name;  // file name under /app/ (index.html is also served at /)
  std::string_view content_type;
  std::string_view body;
  std::string_view etag;  // strong, quoted: the start of the file's SHA-256
};

[[nodiscard]] std::span<const WebAsset> webapp_assets();
// Made of every file's hash; the service worker carries it too.
[[nodiscard]] std::string_view webapp_version();

}  // namespace habitd::embedded
