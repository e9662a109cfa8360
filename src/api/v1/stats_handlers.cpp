#include "api/v1/stats_handlers.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "api/v1/json/habit_json.hpp"
#include "api/v1/json/query.hpp"
#include "api/v1/json/request_body.hpp"
#include "domain/error.hpp"
#include "service/stats_service.hpp"

namespace habitd::api::v1 {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                                       "friday", "saturday", "sunday"};

boost::json::object window_json(const service::WindowFigures& figures) {
  return {{"from", domain::format_date(figures.window.from)},
          {"to", domain::format_date(figures.window.to)},
          {"completions", figures.completions},
          {"habits_completed", figures.habits_completed}};
}

boost::json::value rate_json(const std::optional<double>& rate) {
  if (!rate) return nullptr;
  return std::round(*rate * 10000.0) / 10000.0;
}

boost::json::value habit_count(const service::Insights& insights, const std::optional<std::size_t>& index) {
  if (!index) return nullptr;
  const auto& habit = insights.habits[*index];
  return boost::json::object{
      {"habit_id", habit.id}, {"name", habit.name}, {"completions", insights.per_habit[*index].completions}};
}

}  // namespace

http::Response StatsHandlers::progress(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const auto progress = stats_.progress(user_id);
  boost::json::array streaks;
  for (const auto& view : progress.habits) {
    const auto full = render_habit(view);
    streaks.push_back(boost::json::object{{"habit_id", view.habit.id},
                                          {"name", view.habit.name},
                                          {"frequency", domain::to_string(view.habit.frequency)},
                                          {"current_streak", view.summary.current_streak},
                                          {"longest_streak", view.summary.longest_streak},
                                          {"completion_rate", full.at("completion_rate")},
                                          {"target_progress", full.at("target_progress")}});
  }
  return json(200, {{"total_habits", static_cast<long long>(progress.habits.size())},
                    {"total_completions", progress.total_completions},
                    {"current_streaks", std::move(streaks)},
                    {"last_week", window_json(progress.last_week)},
                    {"last_month", window_json(progress.last_month)}});
}

http::Response StatsHandlers::insights(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const auto insights = stats_.insights(user_id, read_date_param(request, "from"), read_date_param(request, "to"));
  boost::json::array habits;
  for (std::size_t i = 0; i < insights.habits.size(); ++i)
    habits.push_back(boost::json::object{{"habit_id", insights.habits[i].id},
                                         {"name", insights.habits[i].name},
                                         {"completions", insights.per_habit[i].completions},
                                         {"completion_rate", rate_json(insights.per_habit[i].completion_rate)}});
  boost::json::value best_weekday = nullptr;
  const auto busiest = std::max_element(insights.by_weekday.begin(), insights.by_weekday.end());
  if (*busiest > 0)
    best_weekday = boost::json::object{{"weekday", kWeekdays[static_cast<std::size_t>(busiest - insights.by_weekday.begin())]},
                                       {"completions", *busiest}};
  boost::json::object by_weekday;
  for (std::size_t i = 0; i < kWeekdays.size(); ++i) by_weekday[kWeekdays[i]] = insights.by_weekday[i];
  return json(200, {{"most_completed_habit", habit_count(insights, insights.most)},
                    {"least_completed_habit", habit_count(insights, insights.least)},
                    {"from", insights.from ? boost::json::value(domain::format_date(*insights.from)) : nullptr},
                    {"to", insights.to ? boost::json::value(domain::format_date(*insights.to)) : nullptr},
                    {"best_weekday", std::move(best_weekday)},
                    {"completions_by_weekday", std::move(by_weekday)},
                    {"habits", std::move(habits)}});
}

http::Response StatsHandlers::calendar(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const int year = read_year_param(request);
  const auto calendar = stats_.calendar(user_id, std::string(request.path_param("id")), year);
  boost::json::array levels;
  levels.reserve(calendar.levels.size());
  for (int level : calendar.levels) levels.push_back(level);
  return json(200, {{"habit_id", calendar.habit_id},
                    {"year", calendar.year},
                    {"first_day", std::to_string(year) + "-01-01"},
                    {"levels", std::move(levels)},
                    {"legend", {{"0", "nothing logged"}, {"1", "skipped"}, {"2", "completed"}}},
                    {"completed_days", calendar.completed_days}});
}

}  // namespace habitd::api::v1
