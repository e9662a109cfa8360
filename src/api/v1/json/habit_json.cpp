#include "api/v1/json/habit_json.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "domain/reminders.hpp"
#include "util/time_format.hpp"

namespace habitd::api::v1 {
namespace {

template <typename T>
boost::json::value or_null(const std::optional<T>& value) {
  if (!value) return nullptr;
  if constexpr (std::is_same_v<T, domain::Date>) {
    return boost::json::value(domain::format_date(*value));
  } else {
    return boost::json::value_from(*value);
  }
}

boost::json::value target_progress(const service::HabitView& view) {
  if (!view.habit.target) return nullptr;
  const long long target = *view.habit.target;
  const long long done = view.summary.completed_periods;
  const double percent = std::min(100.0, std::round(1000.0 * static_cast<double>(done) / static_cast<double>(target)) / 10.0);
  return boost::json::object{{"completed_periods", done}, {"target", target}, {"percent", percent}, {"reached", done >= target}};
}

boost::json::value completion_rate(const domain::StreakSummary& summary) {
  const auto rate = summary.completion_rate();
  if (!rate) return nullptr;
  return std::round(*rate * 10000.0) / 10000.0;
}

boost::json::array weekdays_json(domain::Weekdays days) {
  boost::json::array names;
  for (const auto name : domain::weekday_names(days)) names.emplace_back(name);
  return names;
}

boost::json::array reminders_json(const std::vector<int>& times) {
  boost::json::array out;
  for (const int time : times) out.emplace_back(domain::format_reminder_time(time));
  return out;
}

}  // namespace

boost::json::value render_amount(const std::optional<double>& amount) {
  return amount ? boost::json::value(*amount) : boost::json::value(nullptr);
}

boost::json::object render_habit(const service::HabitView& view) {
  const auto& h = view.habit;
  const auto& s = view.summary;
  return {{"id", h.id},
          {"name", h.name},
          {"description", or_null(h.description)},
          {"frequency", domain::to_string(h.frequency)},
          {"start_date", domain::format_date(h.start_date)},
          {"target", or_null(h.target)},
          {"archived", h.archived},
          {"created_at", util::format_timestamp(h.created_at)},
          {"updated_at", util::format_timestamp(h.updated_at)},
          {"current_streak", s.current_streak},
          {"longest_streak", s.longest_streak},
          {"total_completions", s.total_completions},
          {"last_completed_on", or_null(s.last_completed_on)},
          {"current_streak_start", or_null(s.current_streak_start)},
          {"times_per_period", h.times_per_period},
          {"goal", render_amount(h.goal)},
          {"unit", or_null(h.unit)},
          {"weekdays", weekdays_json(h.weekdays)},
          {"reminders", reminders_json(h.reminders)},
          {"completion_rate", completion_rate(s)},
          {"target_progress", target_progress(view)}};
}

boost::json::object render_log(const domain::HabitLog& log) {
  return {{"id", log.id},
          {"habit_id", log.habit_id},
          {"date", domain::format_date(log.date)},
          {"status", domain::to_string(log.status)},
          {"notes", or_null(log.notes)},
          {"amount", render_amount(log.amount)},
          {"created_at", util::format_timestamp(log.created_at)},
          {"updated_at", util::format_timestamp(log.updated_at)}};
}

boost::json::object render_streak(const service::HabitView& view) {
  return {{"habit_id", view.habit.id},
          {"frequency", domain::to_string(view.habit.frequency)},
          {"current_streak", view.summary.current_streak},
          {"longest_streak", view.summary.longest_streak},
          {"current_streak_start", or_null(view.summary.current_streak_start)},
          {"last_completed_on", or_null(view.summary.last_completed_on)}};
}

boost::json::object render_day_view(const service::DayView& view) {
  boost::json::array days;
  const auto entries = view.days();
  days.reserve(entries.size());
  for (const auto& entry : entries) {
    const auto* log = entry.log;
    const std::string_view status = log ? domain::to_string(log->status) : "none";
    const bool due = view.frequency != domain::Frequency::kDaily || domain::is_due(view.weekdays, entry.date);
    days.push_back(boost::json::object{{"date", domain::format_date(entry.date)},
                                       {"due", due},
                                       {"completed", log && log->status == domain::LogStatus::kCompleted},
                                       {"status", status},
                                       {"notes", log ? or_null(log->notes) : boost::json::value(nullptr)},
                                       {"amount", log ? render_amount(log->amount) : boost::json::value(nullptr)}});
  }
  return {{"habit_id", view.habit_id},
          {"from", domain::format_date(view.from)},
          {"to", domain::format_date(view.to)},
          {"days", std::move(days)}};
}

}  // namespace habitd::api::v1
