#include "domain/habit_validation.hpp"

#include <algorithm>

#include "domain/local_day.hpp"

namespace habitd::domain {

Date today_of(const User& user, std::chrono::system_clock::time_point now) {
  const auto* zone = find_zone(user.timezone);
  if (!zone) zone = find_zone("UTC");
  return local_today(*zone, std::chrono::minutes(user.day_start_minutes), now);
}

void validate_habit_rules(const Habit& habit, FieldErrors& errors) {
  const int max_times = max_times_per_period(habit.frequency);
  if (habit.times_per_period < 1 || habit.times_per_period > max_times)
    errors.add("times_per_period", "must be between 1 and " + std::to_string(max_times) + " for a " +
                                       std::string(to_string(habit.frequency)) + " habit");
  if (habit.goal && habit.times_per_period != 1) errors.add("times_per_period", "must be 1 for a habit with a goal");
  if (habit.frequency != Frequency::kDaily && habit.weekdays != kEveryDay)
    errors.add("weekdays", "must be all seven days (or left out) for a " + std::string(to_string(habit.frequency)) + " habit");
}

void validate_log_date(const Habit& habit, Date date, Date today, FieldErrors& errors) {
  if (date > today) errors.add("date", "must not be after today (" + format_date(today) + ")");
  validate_log_start(habit, date, errors);
}

void validate_log_start(const Habit& habit, Date date, FieldErrors& errors) {
  if (date < habit.start_date)
    errors.add("date", "must not be before the habit's start_date (" + format_date(habit.start_date) + ")");
}

void validate_log_fields(const Habit& habit, LogStatus status, const std::optional<double>& amount, FieldErrors& errors) {
  if (status == LogStatus::kSkipped) {
    if (amount) errors.add("amount", "must be null for a skipped day");
  } else if (habit.goal) {
    if (!amount) errors.add("amount", "is required for a habit with a goal");
  } else if (amount) {
    errors.add("amount", "is only for habits with a goal");
  }
  if (amount && (*amount < 0 || *amount > kMaxAmount)) errors.add("amount", "must be a number from 0 to 1e12");
}

void throw_import_errors(const FieldErrors& errors) {
  if (errors.empty()) return;
  const auto& all = errors.list();
  const std::size_t shown = std::min(all.size(), kMaxReportedImportErrors);
  std::string detail = "The import is not valid; nothing was imported.";
  if (shown < all.size())
    detail += " It has " + std::to_string(all.size()) + " problems; the first " + std::to_string(shown) + " are listed.";
  throw Error(ErrorCode::kValidation, detail,
              std::vector<FieldError>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(shown)));
}

}  // namespace habitd::domain
