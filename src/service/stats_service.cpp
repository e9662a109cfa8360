#include "service/stats_service.hpp"

#include <limits>

#include "domain/error.hpp"
#include "domain/progress.hpp"

namespace habitd::service {

using domain::Date;
using domain::DateWindow;

namespace {

constexpr long long kAllHabits = std::numeric_limits<int>::max();

struct ActiveHabits {
  std::vector<domain::Habit> habits;
  store::LogsByHabit logs;

  [[nodiscard]] std::span<const domain::LogEntry> logs_of(const domain::Habit& habit) const {
    const auto it = logs.find(habit.id);
    return it == logs.end() ? std::span<const domain::LogEntry>{} : std::span<const domain::LogEntry>(it->second);
  }
};

WindowFigures figures(const ActiveHabits& active, DateWindow window) {
  WindowFigures result{window, 0, 0};
  for (const auto& habit : active.habits) {
    const long count = domain::count_completions(active.logs_of(habit), window);
    result.completions += count;
    if (count > 0) ++result.habits_completed;
  }
  return result;
}

}  // namespace

Progress StatsService::progress(const std::string& user_id) const {
  const Date today = habit_service_.today_for(user_id);
  const auto last_week = domain::trailing_window(today, 7);
  const auto last_month = domain::trailing_window(today, 30);
  ActiveHabits active;
  active.habits = habits_.list(user_id, store::HabitFilter{.archived = false}, kAllHabits, 0, nullptr).items;
  auto habit_figures = habit_service_.figures(user_id, active.habits, today, std::min(last_week.from, last_month.from));
  Progress progress;
  for (const auto& habit : active.habits) {
    // The habit's own figures, so that progress and every habit read agree by construction.
    auto& found = habit_figures.at(habit.id);
    HabitView view{habit, found.summary};
    progress.total_completions += view.summary.total_completions;
    progress.habits.push_back(std::move(view));
    active.logs.emplace(habit.id, std::move(found.logs));
  }
  progress.last_week = figures(active, last_week);
  progress.last_month = figures(active, last_month);
  return progress;
}

Insights StatsService::insights(const std::string& user_id, std::optional<Date> from, std::optional<Date> to) const {
  if (from && to && *from > *to)
    throw domain::Error(domain::ErrorCode::kValidation, "from must not be after to.", {{"from", "must not be after to"}});
  const Date today = habit_service_.today_for(user_id);
  Insights insights;
  insights.from = from;
  insights.to = to;
  const std::optional<DateWindow> window =
      from || to ? std::optional<DateWindow>(DateWindow{from.value_or(Date::min()), to.value_or(Date::max())}) : std::nullopt;
  insights.habits = habits_.list(user_id, store::HabitFilter{.archived = false}, kAllHabits, 0, nullptr).items;
  // Over all logs the figures need none; over a window, its logs (all of them when it has no start).
  const auto habit_figures = habit_service_.figures(user_id, insights.habits, today, window ? from : std::optional(today));
  std::vector<long> counts;
  for (const auto& habit : insights.habits) {
    const HabitFigures& figure = habit_figures.at(habit.id);
    // Over all logs, the habit's own figures; over a window, the same rules on the window.
    HabitInsight insight;
    std::array<long, 7> weekdays = figure.completions_by_weekday;
    if (window) {
      insight = {domain::count_completions(figure.logs, window),
                 domain::completion_rate(habit.rule(), figure.logs, from, to, today)};
      weekdays = domain::completions_by_weekday(figure.logs, window);
    } else {
      insight = {figure.summary.total_completions, figure.summary.completion_rate()};
    }
    counts.push_back(insight.completions);
    insights.per_habit.push_back(insight);
    for (std::size_t i = 0; i < weekdays.size(); ++i) insights.by_weekday[i] += weekdays[i];
  }
  insights.most = domain::index_of_most(counts);
  insights.least = domain::index_of_least(counts);
  return insights;
}

YearCalendar StatsService::calendar(const std::string& user_id, const std::string& habit_id, int year) const {
  const Date first = std::chrono::sys_days(std::chrono::year(year) / std::chrono::January / 1);
  const Date last = std::chrono::sys_days(std::chrono::year(year) / std::chrono::December / 31);
  const DayView view = habit_service_.days_of(user_id, habit_id, first, last);
  YearCalendar calendar{habit_id, year, {}, 0};
  for (const auto& day : view.days()) {
    int level = 0;
    if (day.log) level = day.log->status == domain::LogStatus::kCompleted ? 2 : 1;
    if (level == 2) ++calendar.completed_days;
    calendar.levels.push_back(level);
  }
  return calendar;
}

}  // namespace habitd::service
