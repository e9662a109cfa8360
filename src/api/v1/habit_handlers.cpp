#include "api/v1/habit_handlers.hpp"

#include <boost/json.hpp>

#include "api/v1/json/habit_fields.hpp"
#include "api/v1/json/habit_json.hpp"
#include "api/v1/json/query.hpp"
#include "api/v1/json/request_body.hpp"
#include "api/v1/preconditions.hpp"
#include "api/v1/read_tag.hpp"
#include "domain/validation.hpp"
#include "service/habit_service.hpp"

namespace habitd::api::v1 {
namespace {

std::string habit_path(const std::string& id) { return "/api/v1/habits/" + id; }

}  // namespace

http::Response HabitHandlers::list(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const Paging paging = read_paging(request);
  store::HabitFilter filter;
  filter.archived = read_bool_param(request, "archived").value_or(false);
  if (auto frequency = request.query_param("frequency")) {
    filter.frequency = domain::parse_frequency(*frequency);
    if (!filter.frequency)
      throw domain::Error(domain::ErrorCode::kValidation, "Unknown frequency.",
                          {{"frequency", "must be daily, weekly or monthly"}});
  }
  const auto page = habits_.list(user_id, filter, paging.limit, paging.offset);
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& view : page.items) items.push_back(render_habit(view));
  return json(200, {{"items", std::move(items)}, {"total", page.total}, {"limit", paging.limit}, {"offset", paging.offset}});
}

http::Response HabitHandlers::create(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const auto input = read_json_body(request, read_habit_input);
  const auto view = habits_.create(user_id, input);
  return json(201, render_habit(view)).with_header("Location", "/api/v1/habits/" + view.habit.id);
}

http::Response HabitHandlers::get(const http::Request& request) const {
  const auto& user_id = request.user_id();
  return json(200, render_habit(habits_.get(user_id, std::string(request.path_param("id")))));
}

http::Response HabitHandlers::update(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const std::string id(request.path_param("id"));
  const auto changes = read_json_body(request, read_habit_changes);
  const auto stamp = habits_.read_stamp(user_id);
  const auto view = habits_.update(user_id, id, changes, version_if_match(request, habit_path(id), stamp));
  // The tag GET /habits/{id} now answers with, so the next If-Match needs no read in between.
  return json(200, render_habit(view))
      .with_header("ETag", read_tag(read_key(user_id, stamp.today, habit_path(id), {}), view.data_version));
}

http::Response HabitHandlers::remove(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const std::string id(request.path_param("id"));
  habits_.remove(user_id, id, version_if_match(request, habit_path(id), habits_.read_stamp(user_id)));
  return http::no_content();
}

http::Response HabitHandlers::streak(const http::Request& request) const {
  const auto& user_id = request.user_id();
  return json(200, render_streak(habits_.get(user_id, std::string(request.path_param("id")))));
}

http::Response HabitHandlers::create_log(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const auto input = read_json_body(request, read_log_input, true);
  const auto log = habits_.add_log(user_id, std::string(request.path_param("id")), input);
  return json(201, render_log(log))
      .with_header("Location", "/api/v1/habits/" + log.habit_id + "/logs/" + domain::format_date(log.date));
}

http::Response HabitHandlers::skip_range(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const auto range = read_json_body(request, read_skip_range);
  const int skipped = habits_.skip_days(user_id, std::string(request.path_param("id")), range.from, range.to, range.notes);
  return json(201, {{"skipped", skipped}});
}

http::Response HabitHandlers::day_view(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const auto from = read_date_param(request, "from");
  const auto to = read_date_param(request, "to");
  return json(200, render_day_view(habits_.day_view(user_id, std::string(request.path_param("id")), from, to)));
}

http::Response HabitHandlers::update_log(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const auto date = read_path_date(request);
  const auto changes = read_json_body(request, read_log_changes);
  return json(200, render_log(habits_.update_log(user_id, std::string(request.path_param("id")), date, changes)));
}

http::Response HabitHandlers::remove_log(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const auto date = read_path_date(request);
  habits_.remove_log(user_id, std::string(request.path_param("id")), date);
  return http::no_content();
}

}  // namespace habitd::api::v1
