#include "api/v1/export_handlers.hpp"

#include <boost/json.hpp>

#include "api/v1/json/export_json.hpp"
#include "api/v1/json/request_body.hpp"
#include "domain/error.hpp"
#include "service/export_service.hpp"

namespace habitd::api::v1 {
namespace {

enum class ExportFormat { kJson, kCsv };

ExportFormat read_format(const http::Request& request) {
  const auto format = request.query_param("format");
  if (!format || *format == "json") return ExportFormat::kJson;
  if (*format == "csv") return ExportFormat::kCsv;
  throw domain::Error(domain::ErrorCode::kValidation, "Unknown export format.", {{"format", "must be json or csv"}});
}

}  // namespace

http::Response ExportHandlers::export_data(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const ExportFormat format = read_format(request);
  const auto data = exports_.export_all(user_id);
  if (format == ExportFormat::kCsv)
    return http::Response{200, "text/csv; charset=utf-8", render_export_csv(data), {}}.with_header(
        "Content-Disposition", R"(attachment; filename="habitd-export.csv")");
  return json(200, render_export(data)).with_header("Content-Disposition", R"(attachment; filename="habitd-export.json")");
}

http::Response ExportHandlers::import_data(const http::Request& request) const {
  const auto& user_id = request.user_id();
  // One import at a time: each holds its document, its JSON tree and its rows in memory (about six
  // times the body), so the server's peak memory is that of one import, not of however many arrive.
  const std::lock_guard one_at_a_time(import_mutex_);
  // The JSON tree is gone before the rows are written.
  const auto habits = read_import(parse_json_object(request));
  const auto result = exports_.import_all(user_id, habits);
  return json(201, {{"habits_created", result.habits_created}, {"logs_created", result.logs_created}});
}

}  // namespace habitd::api::v1
