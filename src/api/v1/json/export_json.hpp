#pragma once
// Wire shapes of GET /api/v1/export (JSON and CSV) and of the body of POST /api/v1/import.
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "service/export_service.hpp"

namespace habitd::api::v1 {

// {"format": "habitd-export", "version": 1, "exported_at", "user", "habits": [Habit + "logs"]}
[[nodiscard]] boost::json::object render_export(const service::UserExport& data);
// RFC 4180 with the header habit,date,status,amount,notes: one record per log, habits in creation
// order, each habit's logs oldest first.
[[nodiscard]] std::string render_export_csv(const service::UserExport& data);

// The habits of an export document, each read with the rules of POST /habits and /logs. Throws a
// 422 naming every invalid item by its path (habits[2].logs[5].date).
[[nodiscard]] std::vector<service::ImportHabit> read_import(const boost::json::object& body);

}  // namespace habitd::api::v1
