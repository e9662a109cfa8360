#include "api/v1/habit_handlers.hpp"

#include <boost/json.hpp>

#include "api/v1/json/habit_json.hpp"
#include "api/v1/json/query.hpp"
#include "api/v1/json/request_body.hpp"
#include "domain/validation.hpp"
#include "service/auth_service.hpp"
#include "service/habit_service.hpp"

namespace habitd::api::v1 {

using domain::FieldErrors;

namespace {

constexpr long long kMaxTarget = 1'000'000;
constexpr double kMaxAmount = 1e12;

std::optional<std::string> read_name(JsonFields& fields, bool required) {
  auto name = fields.string("name", required);
  if (!name) return std::nullopt;
  std::string trimmed(domain::trim(*name));
  if (trimmed.empty()) fields.error("name", "must not be empty");
  else if (auto problem = domain::check_text(trimmed, domain::kMaxNameLength)) fields.error("name", *problem);
  return trimmed;
}

std::optional<Nullable<std::string>> read_optional_text(JsonFields& fields, const char* key, std::size_t max) {
  auto value = fields.nullable_string(key);
  if (value && *value)
    if (auto problem = domain::check_text(**value, max)) fields.error(key, *problem);
  return value;
}

std::optional<domain::Frequency> read_frequency(JsonFields& fields, bool required) {
  auto text = fields.string("frequency", required);
  if (!text) return std::nullopt;
  auto frequency = domain::parse_frequency(*text);
  if (!frequency) fields.error("frequency", "must be daily, weekly or monthly");
  return frequency;
}

std::optional<domain::Date> read_date(JsonFields& fields, const char* key) {
  auto text = fields.string(key);
  if (!text) return std::nullopt;
  auto date = domain::parse_date(*text);
  if (!date) fields.error(key, "must be a real calendar date as YYYY-MM-DD");
  return date;
}

std::optional<Nullable<int>> read_target(JsonFields& fields) {
  auto target = fields.nullable_integer("target");
  if (!target || !*target) return target ? std::optional<Nullable<int>>(Nullable<int>{}) : std::nullopt;
  if (**target < 1 || **target > kMaxTarget) {
    fields.error("target", "must be a whole number from 1 to " + std::to_string(kMaxTarget) + ", or null");
    return std::nullopt;
  }
  return Nullable<int>{static_cast<int>(**target)};
}

std::optional<int> read_times(JsonFields& fields) {
  auto times = fields.integer("times_per_period");
  if (!times) return std::nullopt;
  if (*times < 1 || *times > 28) {
    fields.error("times_per_period", "must be between 1 and 28");
    return std::nullopt;
  }
  return static_cast<int>(*times);
}

std::optional<Nullable<double>> read_goal(JsonFields& fields) {
  auto goal = fields.nullable_number("goal");
  if (goal && *goal && (**goal <= 0 || **goal > kMaxAmount)) {
    fields.error("goal", "must be a number greater than 0, or null");
    return std::nullopt;
  }
  return goal;
}

std::optional<Nullable<double>> read_amount(JsonFields& fields) {
  auto amount = fields.nullable_number("amount");
  if (amount && *amount && (**amount < 0 || **amount > kMaxAmount)) {
    fields.error("amount", "must be a number of at least 0");
    return std::nullopt;
  }
  return amount;
}

std::optional<domain::LogStatus> read_status(JsonFields& fields) {
  auto text = fields.string("status");
  if (!text) return std::nullopt;
  auto status = domain::parse_log_status(*text);
  if (!status) fields.error("status", "must be completed or skipped");
  return status;
}

}  // namespace

http::Response HabitHandlers::list(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  const Paging paging = read_paging(request);
  store::HabitFilter filter;
  filter.archived = read_bool_param(request, "archived").value_or(false);
  if (auto frequency = request.query_param("frequency")) {
    filter.frequency = domain::parse_frequency(*frequency);
    if (!filter.frequency)
      throw domain::Error(domain::ErrorCode::kValidation, "Unknown frequency.", {{"frequency", "must be daily, weekly or monthly"}});
  }
  const auto page = habits_.list(user_id, filter, paging.limit, paging.offset);
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& view : page.items) items.push_back(render_habit(view));
  return json(200, {{"items", std::move(items)}, {"total", page.total}, {"limit", paging.limit}, {"offset", paging.offset}});
}

http::Response HabitHandlers::create(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  const auto body = parse_json_object(request);
  FieldErrors errors;
  JsonFields fields(body, errors);
  service::HabitInput input;
  auto name = read_name(fields, true);
  auto description = read_optional_text(fields, "description", domain::kMaxDescriptionLength);
  auto frequency = read_frequency(fields, true);
  auto start = read_date(fields, "start_date");
  auto target = read_target(fields);
  auto archived = fields.boolean("archived");
  auto times = read_times(fields);
  auto goal = read_goal(fields);
  auto unit = read_optional_text(fields, "unit", domain::kMaxUnitLength);
  errors.throw_if_any();
  input.name = *name;
  if (description) input.description = *description;
  input.frequency = *frequency;
  input.start_date = start;
  if (target) input.target = *target;
  input.archived = archived.value_or(false);
  input.times_per_period = times.value_or(1);
  if (goal) input.goal = *goal;
  if (unit) input.unit = *unit;
  const auto view = habits_.create(user_id, input);
  return json(201, render_habit(view)).with_header("Location", "/api/v1/habits/" + view.habit.id);
}

http::Response HabitHandlers::get(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  return json(200, render_habit(habits_.get(user_id, std::string(request.path_param("id")))));
}

http::Response HabitHandlers::update(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  const auto body = parse_json_object(request);
  FieldErrors errors;
  JsonFields fields(body, errors);
  service::HabitChanges changes;
  changes.name = read_name(fields, false);
  changes.description = read_optional_text(fields, "description", domain::kMaxDescriptionLength);
  changes.frequency = read_frequency(fields, false);
  changes.start_date = read_date(fields, "start_date");
  if (fields.has("start_date") && body.at("start_date").is_null()) fields.error("start_date", "must be a date, not null");
  changes.target = read_target(fields);
  changes.archived = fields.boolean("archived");
  changes.times_per_period = read_times(fields);
  changes.goal = read_goal(fields);
  changes.unit = read_optional_text(fields, "unit", domain::kMaxUnitLength);
  errors.throw_if_any();
  return json(200, render_habit(habits_.update(user_id, std::string(request.path_param("id")), changes)));
}

http::Response HabitHandlers::remove(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  habits_.remove(user_id, std::string(request.path_param("id")));
  return http::no_content();
}

http::Response HabitHandlers::streak(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  return json(200, render_streak(habits_.get(user_id, std::string(request.path_param("id")))));
}

http::Response HabitHandlers::create_log(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  const auto body = parse_json_object(request, true);
  FieldErrors errors;
  JsonFields fields(body, errors);
  service::LogInput input;
  input.date = read_date(fields, "date");
  input.status = read_status(fields).value_or(domain::LogStatus::kCompleted);
  if (auto notes = read_optional_text(fields, "notes", domain::kMaxNotesLength)) input.notes = *notes;
  if (auto amount = read_amount(fields)) input.amount = *amount;
  errors.throw_if_any();
  const auto log = habits_.add_log(user_id, std::string(request.path_param("id")), input);
  return json(201, render_log(log))
      .with_header("Location", "/api/v1/habits/" + log.habit_id + "/logs/" + domain::format_date(log.date));
}

http::Response HabitHandlers::skip_range(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  const auto body = parse_json_object(request);
  FieldErrors errors;
  JsonFields fields(body, errors);
  if (!fields.has("from")) errors.add("from", "is required");
  if (!fields.has("to")) errors.add("to", "is required");
  auto from = read_date(fields, "from");
  auto to = read_date(fields, "to");
  auto notes = read_optional_text(fields, "notes", domain::kMaxNotesLength);
  errors.throw_if_any();
  const int skipped = habits_.skip_days(user_id, std::string(request.path_param("id")), *from, *to, notes ? *notes : std::nullopt);
  return json(201, {{"skipped", skipped}});
}

http::Response HabitHandlers::day_view(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  const auto from = read_date_param(request, "from");
  const auto to = read_date_param(request, "to");
  return json(200, render_day_view(habits_.day_view(user_id, std::string(request.path_param("id")), from, to)));
}

http::Response HabitHandlers::update_log(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  const auto date = read_path_date(request);
  const auto body = parse_json_object(request);
  FieldErrors errors;
  JsonFields fields(body, errors);
  service::LogChanges changes;
  changes.notes = read_optional_text(fields, "notes", domain::kMaxNotesLength);
  changes.status = read_status(fields);
  changes.amount = read_amount(fields);
  errors.throw_if_any();
  return json(200, render_log(habits_.update_log(user_id, std::string(request.path_param("id")), date, changes)));
}

http::Response HabitHandlers::remove_log(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  const auto date = read_path_date(request);
  habits_.remove_log(user_id, std::string(request.path_param("id")), date);
  return http::no_content();
}

}  // namespace habitd::api::v1
