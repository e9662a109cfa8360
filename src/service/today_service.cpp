#include "service/today_service.hpp"

#include <limits>
#include <span>
#include <unordered_map>

#include "domain/error.hpp"

namespace habitd::service {

using domain::Date;

namespace {

constexpr long long kAllHabits = std::numeric_limits<int>::max();

}  // namespace

TodayView TodayService::today(const std::string& user_id, std::optional<Date> date) const {
  const Date today = habit_service_.today_for(user_id);
  TodayView view{date.value_or(today), {}};
  if (view.date > today)
    throw domain::Error(domain::ErrorCode::kValidation, "The date is after today.",
                        {{"date", "must not be after today (" + domain::format_date(today) + ")"}});

  auto habits = habits_.list(user_id, store::HabitFilter{.archived = false}, kAllHabits, 0, nullptr).items;
  // The logs of the period holding the date: a month's at most, and a week may begin in the one before.
  auto figures = habit_service_.figures(user_id, habits, today, view.date - std::chrono::days{37});
  std::unordered_map<std::string, domain::HabitLog> day_logs;
  for (auto& log : habits_.logs_on(user_id, view.date)) day_logs.emplace(log.habit_id, std::move(log));
  view.items.reserve(habits.size());
  for (auto& habit : habits) {
    if (habit.start_date > view.date) continue;
    const HabitFigures& figure = figures.at(habit.id);
    const std::span<const domain::LogEntry> logs(figure.logs);
    // Weekly and monthly habits are due every day of their period; a daily one on its weekdays.
    const bool due = habit.frequency != domain::Frequency::kDaily || domain::is_due(habit.weekdays, view.date);
    TodayItem item{HabitView{std::move(habit), {}}, due, std::nullopt, {}};
    const auto& rule = item.view.habit.rule();
    item.view.summary = figure.summary;
    item.period = domain::period_progress(rule, logs, view.date);
    if (const auto found = day_logs.find(item.view.habit.id); found != day_logs.end()) item.log = std::move(found->second);
    view.items.push_back(std::move(item));
  }
  return view;
}

}  // namespace habitd::service
