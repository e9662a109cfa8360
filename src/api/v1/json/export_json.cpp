#include "api/v1/json/export_json.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "api/v1/json/csv.hpp"
#include "api/v1/json/habit_fields.hpp"
#include "api/v1/json/habit_json.hpp"
#include "api/v1/json/json_text.hpp"
#include "api/v1/json/request_body.hpp"
#include "domain/habit_validation.hpp"
#include "domain/validation.hpp"
#include "util/time_format.hpp"

namespace habitd::api::v1 {
namespace {

constexpr std::string_view kFormat = "habitd-export";
constexpr long long kVersion = 1;

// As the JSON shows amounts.
std::string amount_text(const std::optional<double>& amount) { return amount ? decimal_text(*amount) : std::string(); }

boost::json::object render_export_log(const domain::HabitLog& log) {
  return {{"date", domain::format_date(log.date)},
          {"status", domain::to_string(log.status)},
          {"notes", log.notes ? boost::json::value(*log.notes) : boost::json::value(nullptr)},
          {"amount", render_amount(log.amount)}};
}

std::string index_path(std::string_view prefix, std::size_t index) {
  return std::string(prefix) + "[" + std::to_string(index) + "]";
}

// format, version and habits must be right before anything inside is worth reading.
const boost::json::array& read_envelope(const boost::json::object& body) {
  domain::FieldErrors errors;
  JsonFields fields(body, errors);
  if (auto format = fields.string("format", true); format && *format != kFormat)
    errors.add("format", "must be \"habitd-export\"");
  if (auto version = fields.integer("version", true); version && *version != kVersion) errors.add("version", "must be 1");
  const auto* habits = body.if_contains("habits");
  if (!habits)
    errors.add("habits", "is required");
  else if (!habits->is_array())
    errors.add("habits", "must be an array");
  domain::throw_import_errors(errors);
  // Limits are checked before the items are read, so an oversized file costs little.
  const auto& list = habits->as_array();
  std::size_t logs = 0;
  for (const auto& habit : list)
    if (const auto* object = habit.if_object())
      if (const auto* entries = object->if_contains("logs"); entries && entries->is_array()) logs += entries->as_array().size();
  if (list.size() > domain::kMaxImportHabits)
    errors.add("habits", "must hold at most " + std::to_string(domain::kMaxImportHabits) + " habits");
  if (logs > domain::kMaxImportLogs)
    errors.add("habits", "must hold at most " + std::to_string(domain::kMaxImportLogs) + " logs in all");
  domain::throw_import_errors(errors);
  return list;
}

std::vector<service::ImportLog> read_logs(const boost::json::array& logs, const std::string& path, domain::FieldErrors& errors) {
  std::vector<service::ImportLog> out;
  out.reserve(logs.size());
  for (std::size_t j = 0; j < logs.size(); ++j) {
    const std::string log_path = index_path(path + ".logs", j);
    const auto* object = logs[j].if_object();
    if (!object) {
      errors.add(log_path, "must be an object");
      continue;
    }
    domain::FieldErrors log_errors;
    JsonFields fields(*object, log_errors);
    if (!fields.has("date")) log_errors.add("date", "is required");
    const service::LogInput input = read_log_input(fields);
    errors.merge(log_path + ".", log_errors);
    if (input.date) out.push_back(service::ImportLog{*input.date, input.status, input.notes, input.amount});
  }
  return out;
}

}  // namespace

boost::json::object render_export(const service::UserExport& data) {
  boost::json::array habits;
  habits.reserve(data.habits.size());
  for (const auto& item : data.habits) {
    boost::json::object habit = render_habit(item.view);
    boost::json::array logs;
    logs.reserve(item.logs.size());
    for (const auto& log : item.logs) logs.push_back(render_export_log(log));
    habit["logs"] = std::move(logs);
    habits.push_back(std::move(habit));
  }
  const auto& user = data.user;
  return {{"format", kFormat},
          {"version", kVersion},
          {"exported_at", util::format_timestamp(data.exported_at)},
          {"user",
           {{"username", user.username},
            {"email", user.email},
            {"timezone", user.timezone},
            {"day_start", domain::format_day_start(user.day_start_minutes)}}},
          {"habits", std::move(habits)}};
}

std::string render_export_csv(const service::UserExport& data) {
  CsvWriter csv;
  csv.row({"habit", "date", "status", "amount", "notes"});
  for (const auto& item : data.habits) {
    // Names and notes are the user's free text; the JSON export keeps them exact.
    const std::string name = formula_safe(item.view.habit.name);
    for (const auto& log : item.logs) {
      const std::string date = domain::format_date(log.date);
      const std::string amount = amount_text(log.amount);
      const std::string notes = log.notes ? formula_safe(*log.notes) : std::string();
      csv.row({name, date, domain::to_string(log.status), amount, notes});
    }
  }
  return std::move(csv).take();
}

std::vector<service::ImportHabit> read_import(const boost::json::object& body) {
  const auto& habits = read_envelope(body);
  std::vector<service::ImportHabit> out;
  out.reserve(habits.size());
  domain::FieldErrors errors;
  for (std::size_t i = 0; i < habits.size(); ++i) {
    const std::string path = index_path("habits", i);
    const auto* object = habits[i].if_object();
    if (!object) {
      errors.add(path, "must be an object");
      continue;
    }
    domain::FieldErrors habit_errors;
    JsonFields fields(*object, habit_errors);
    service::ImportHabit habit{read_habit_input(fields), {}};
    const auto* logs = object->if_contains("logs");  // absent: a habit without logs
    if (logs && !logs->is_array()) habit_errors.add("logs", "must be an array");
    errors.merge(path + ".", habit_errors);
    if (logs && logs->is_array()) habit.logs = read_logs(logs->as_array(), path, errors);
    out.push_back(std::move(habit));
  }
  domain::throw_import_errors(errors);
  return out;
}

}  // namespace habitd::api::v1
