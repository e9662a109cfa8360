#pragma once
#include <cstddef>
#include <mutex>

#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::service {
class ExportService;
}  // namespace habitd::service

namespace habitd::api::v1 {

// /api/v1/export and /api/v1/import: parse, call ExportService, render.
class ExportHandlers {
 public:
  ExportHandlers(const service::ExportService& exports, std::size_t max_import_bytes)
      : exports_(exports), max_import_bytes_(max_import_bytes) {}

  [[nodiscard]] http::Response export_data(const http::Request& request) const;
  [[nodiscard]] http::Response import_data(const http::Request& request) const;

  // The largest import body: far above the server's default limit, so the route raises it.
  [[nodiscard]] std::size_t import_body_limit() const noexcept { return max_import_bytes_; }

 private:
  const service::ExportService& exports_;
  const std::size_t max_import_bytes_;
  mutable std::mutex import_mutex_;
};

}  // namespace habitd::api::v1
