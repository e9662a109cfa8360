// The rules every way in shares (one habit, one log, an import): the free functions of
// habit_service.hpp and export_service.hpp. They touch no store, so the fuzz targets link them.
#include <algorithm>

#include "domain/error.hpp"
#include "domain/local_day.hpp"
#include "security/random.hpp"
#include "service/export_service.hpp"
#include "service/habit_service.hpp"

namespace habitd::service {

using domain::Date;
using domain::Error;
using domain::ErrorCode;

std::vector<DayEntry> DayView::days() const {
  std::vector<DayEntry> out;
  if (to < from) return out;
  out.reserve(static_cast<std::size_t>((to - from).count() + 1));
  auto next = logs.begin();
  for (Date day = from; day <= to; day += std::chrono::days(1)) {
    while (next != logs.end() && next->date < day) ++next;
    out.push_back(DayEntry{day, next != logs.end() && next->date == day ? &*next : nullptr});
  }
  return out;
}

void validate_habit_rules(const domain::Habit& habit, domain::FieldErrors& errors) {
  const int max_times = domain::max_times_per_period(habit.frequency);
  if (habit.times_per_period < 1 || habit.times_per_period > max_times)
    errors.add("times_per_period", "must be between 1 and " + std::to_string(max_times) + " for a " +
                                       std::string(domain::to_string(habit.frequency)) + " habit");
  if (habit.goal && habit.times_per_period != 1) errors.add("times_per_period", "must be 1 for a habit with a goal");
}

Date today_of(const domain::User& user, std::chrono::system_clock::time_point now) {
  const auto* zone = domain::find_zone(user.timezone);
  if (!zone) zone = domain::find_zone("UTC");
  return domain::local_today(*zone, std::chrono::minutes(user.day_start_minutes), now);
}

domain::Habit make_habit(const std::string& user_id, const HabitInput& input, Date today, std::int64_t now_micros) {
  domain::Habit habit;
  habit.id = security::new_id();
  habit.user_id = user_id;
  habit.name = input.name;
  habit.description = input.description;
  habit.frequency = input.frequency;
  habit.start_date = input.start_date.value_or(today);
  habit.target = input.target;
  habit.archived = input.archived;
  habit.times_per_period = input.times_per_period;
  habit.goal = input.goal;
  habit.unit = input.unit;
  habit.created_at = habit.updated_at = now_micros;
  return habit;
}

void validate_log_date(const domain::Habit& habit, Date date, Date today, domain::FieldErrors& errors) {
  if (date > today) errors.add("date", "must not be after today (" + domain::format_date(today) + ")");
  validate_log_start(habit, date, errors);
}

void validate_log_start(const domain::Habit& habit, Date date, domain::FieldErrors& errors) {
  if (date < habit.start_date)
    errors.add("date", "must not be before the habit's start_date (" + domain::format_date(habit.start_date) + ")");
}

void validate_log_fields(const domain::Habit& habit, domain::LogStatus status, const std::optional<double>& amount,
                         domain::FieldErrors& errors) {
  if (status == domain::LogStatus::kSkipped) {
    if (amount) errors.add("amount", "must be null for a skipped day");
  } else if (habit.goal) {
    if (!amount) errors.add("amount", "is required for a habit with a goal");
  } else if (amount) {
    errors.add("amount", "is only for habits with a goal");
  }
  if (amount && *amount < 0) errors.add("amount", "must be at least 0");
}

void throw_import_errors(const domain::FieldErrors& errors) {
  if (errors.empty()) return;
  const auto& all = errors.list();
  const std::size_t shown = std::min(all.size(), kMaxReportedImportErrors);
  std::string detail = "The import is not valid; nothing was imported.";
  if (shown < all.size())
    detail += " It has " + std::to_string(all.size()) + " problems; the first " + std::to_string(shown) + " are listed.";
  throw Error(ErrorCode::kValidation, detail,
              std::vector<domain::FieldError>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(shown)));
}

}  // namespace habitd::service
