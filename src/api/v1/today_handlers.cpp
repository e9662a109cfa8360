#include "api/v1/today_handlers.hpp"

#include <boost/json.hpp>

#include "api/v1/json/habit_json.hpp"
#include "api/v1/json/request_body.hpp"
#include "domain/error.hpp"
#include "service/today_service.hpp"

namespace habitd::api::v1 {
namespace {

// ?date=: the contract makes a malformed date a 400 here (a date after today is the service's 422).
std::optional<domain::Date> read_day(const http::Request& request) {
  const auto text = request.query_param("date");
  if (!text) return std::nullopt;
  const auto date = domain::parse_date(*text);
  if (!date)
    throw domain::Error(domain::ErrorCode::kMalformed, "Query parameter date must be a real calendar date as YYYY-MM-DD.",
                        {{"date", "must be a real calendar date as YYYY-MM-DD"}});
  return date;
}

boost::json::object render_period(const service::TodayItem& item) {
  const auto& habit = item.view.habit;
  const auto& period = item.period;
  return {{"from", domain::format_date(period.from)},
          {"to", domain::format_date(period.to)},
          {"completed_logs", period.completed_logs},
          {"times_per_period", habit.times_per_period},
          {"amount", habit.goal ? render_amount(period.amount) : boost::json::value(nullptr)},
          {"goal", render_amount(habit.goal)},
          {"completed", period.completed}};
}

}  // namespace

http::Response TodayHandlers::get(const http::Request& request) const {
  const auto view = today_.today(request.user_id(), read_day(request));
  boost::json::array items;
  items.reserve(view.items.size());
  for (const auto& item : view.items) {
    const std::string_view status = item.log ? domain::to_string(item.log->status) : "none";
    items.push_back(
        boost::json::object{{"habit", render_habit(item.view)},
                            {"due", item.due},
                            {"status", status},
                            {"log", item.log ? boost::json::value(render_log(*item.log)) : boost::json::value(nullptr)},
                            {"period", render_period(item)}});
  }
  return json(200, {{"date", domain::format_date(view.date)}, {"items", std::move(items)}});
}

}  // namespace habitd::api::v1
