#include "api/v1/json/habit_fields.hpp"

#include <algorithm>

#include "domain/habit_validation.hpp"
#include "domain/reminders.hpp"
#include "domain/validation.hpp"

namespace habitd::api::v1 {
namespace {

constexpr long long kMaxTarget = 1'000'000;

}  // namespace

std::optional<std::string> read_name(JsonFields& fields, bool required) {
  auto name = fields.string("name", required);
  if (!name) return std::nullopt;
  std::string trimmed(domain::trim(*name));
  if (trimmed.empty())
    fields.error("name", "must not be empty");
  else if (auto problem = domain::check_text(trimmed, domain::kMaxNameLength))
    fields.error("name", *problem);
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
  if (goal && *goal && (**goal <= 0 || **goal > domain::kMaxAmount)) {
    fields.error("goal", "must be a number greater than 0, or null");
    return std::nullopt;
  }
  return goal;
}

// Only its type: domain::validate_log_fields is the one check of an amount's value.
std::optional<Nullable<double>> read_amount(JsonFields& fields) { return fields.nullable_number("amount"); }

std::optional<domain::LogStatus> read_status(JsonFields& fields) {
  auto text = fields.string("status");
  if (!text) return std::nullopt;
  auto status = domain::parse_log_status(*text);
  if (!status) fields.error("status", "must be completed or skipped");
  return status;
}

std::optional<domain::Weekdays> read_weekdays(JsonFields& fields) {
  const auto* days = fields.array("weekdays");
  if (!days) return std::nullopt;
  domain::Weekdays set = 0;
  for (const auto& day : *days) {
    const auto bit = day.is_string() ? domain::weekday_bit(day.get_string()) : std::nullopt;
    if (!bit) {
      fields.error("weekdays", "must hold only mon, tue, wed, thu, fri, sat and sun");
      return std::nullopt;
    }
    if (set & *bit) {
      fields.error("weekdays", "must not name a day twice");
      return std::nullopt;
    }
    set |= *bit;
  }
  if (set == 0) {
    fields.error("weekdays", "must name at least one day");
    return std::nullopt;
  }
  return set;
}

std::optional<std::vector<int>> read_reminders(JsonFields& fields) {
  const auto* times = fields.array("reminders");
  if (!times) return std::nullopt;
  std::vector<int> minutes;
  for (const auto& time : *times) {
    const auto parsed = time.is_string() ? domain::parse_reminder_time(time.get_string()) : std::nullopt;
    if (!parsed) {
      fields.error("reminders", "must hold only local times \"HH:MM\" (00:00 to 23:59)");
      return std::nullopt;
    }
    if (std::find(minutes.begin(), minutes.end(), *parsed) != minutes.end()) {
      fields.error("reminders", "must not name a time twice");
      return std::nullopt;
    }
    minutes.push_back(*parsed);
  }
  if (minutes.size() > static_cast<std::size_t>(domain::kMaxReminders)) {
    fields.error("reminders", "must hold at most " + std::to_string(domain::kMaxReminders) + " times");
    return std::nullopt;
  }
  std::sort(minutes.begin(), minutes.end());
  return minutes;
}

service::HabitInput read_habit_input(JsonFields& fields) {
  service::HabitInput input;
  if (auto name = read_name(fields, true)) input.name = *name;
  if (auto description = read_optional_text(fields, "description", domain::kMaxDescriptionLength))
    input.description = *description;
  if (auto frequency = read_frequency(fields, true)) input.frequency = *frequency;
  input.start_date = read_date(fields, "start_date");
  if (auto target = read_target(fields)) input.target = *target;
  input.archived = fields.boolean("archived").value_or(false);
  input.times_per_period = read_times(fields).value_or(1);
  if (auto goal = read_goal(fields)) input.goal = *goal;
  if (auto unit = read_optional_text(fields, "unit", domain::kMaxUnitLength)) input.unit = *unit;
  input.weekdays = read_weekdays(fields);
  input.reminders = read_reminders(fields).value_or(std::vector<int>{});
  return input;
}

service::HabitChanges read_habit_changes(JsonFields& fields) {
  service::HabitChanges changes;
  changes.name = read_name(fields, false);
  changes.description = read_optional_text(fields, "description", domain::kMaxDescriptionLength);
  changes.frequency = read_frequency(fields, false);
  changes.start_date = read_date(fields, "start_date");
  if (fields.is_null("start_date")) fields.error("start_date", "must be a date, not null");
  changes.target = read_target(fields);
  changes.archived = fields.boolean("archived");
  changes.times_per_period = read_times(fields);
  changes.goal = read_goal(fields);
  changes.unit = read_optional_text(fields, "unit", domain::kMaxUnitLength);
  changes.weekdays = read_weekdays(fields);
  changes.reminders = read_reminders(fields);
  return changes;
}

service::LogInput read_log_input(JsonFields& fields) {
  service::LogInput input;
  input.date = read_date(fields, "date");
  input.status = read_status(fields).value_or(domain::LogStatus::kCompleted);
  if (auto notes = read_optional_text(fields, "notes", domain::kMaxNotesLength)) input.notes = *notes;
  if (auto amount = read_amount(fields)) input.amount = *amount;
  return input;
}

service::LogChanges read_log_changes(JsonFields& fields) {
  service::LogChanges changes;
  changes.notes = read_optional_text(fields, "notes", domain::kMaxNotesLength);
  changes.status = read_status(fields);
  changes.amount = read_amount(fields);
  return changes;
}

SkipRange read_skip_range(JsonFields& fields) {
  SkipRange range{};
  if (!fields.has("from")) fields.error("from", "is required");
  if (!fields.has("to")) fields.error("to", "is required");
  if (auto from = read_date(fields, "from")) range.from = *from;
  if (auto to = read_date(fields, "to")) range.to = *to;
  if (auto notes = read_optional_text(fields, "notes", domain::kMaxNotesLength)) range.notes = *notes;
  return range;
}

}  // namespace habitd::api::v1
