#pragma once
// The fields of habit and log request bodies, read and range-checked the same way wherever they
// appear: POST and PATCH /api/v1/habits, the logs, and every habit and log of an import.
// Each reader records its errors under the plain field name and returns nullopt for a field that
// is absent or invalid.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "api/v1/json/request_body.hpp"
#include "domain/calendar.hpp"
#include "domain/habit.hpp"
#include "service/habit_service.hpp"

namespace habitd::api::v1 {

[[nodiscard]] std::optional<std::string> read_name(JsonFields& fields, bool required);
[[nodiscard]] std::optional<Nullable<std::string>> read_optional_text(JsonFields& fields, const char* key, std::size_t max);
[[nodiscard]] std::optional<domain::Frequency> read_frequency(JsonFields& fields, bool required);
[[nodiscard]] std::optional<domain::Date> read_date(JsonFields& fields, const char* key);
[[nodiscard]] std::optional<Nullable<int>> read_target(JsonFields& fields);
[[nodiscard]] std::optional<int> read_times(JsonFields& fields);
[[nodiscard]] std::optional<Nullable<double>> read_goal(JsonFields& fields);
[[nodiscard]] std::optional<Nullable<double>> read_amount(JsonFields& fields);
[[nodiscard]] std::optional<domain::LogStatus> read_status(JsonFields& fields);

// The body of POST /api/v1/habits. Meaningful only when no error was recorded.
[[nodiscard]] service::HabitInput read_habit_input(JsonFields& fields);
// "weekdays": a non-empty array of distinct day names ("mon" ... "sun").
[[nodiscard]] std::optional<domain::Weekdays> read_weekdays(JsonFields& fields);
// "reminders": at most 5 distinct local times "HH:MM", ascending.
[[nodiscard]] std::optional<std::vector<int>> read_reminders(JsonFields& fields);
// The body of PATCH /api/v1/habits/{id}. Meaningful only when no error was recorded.
[[nodiscard]] service::HabitChanges read_habit_changes(JsonFields& fields);
// The body of POST /api/v1/habits/{id}/logs. Meaningful only when no error was recorded.
[[nodiscard]] service::LogInput read_log_input(JsonFields& fields);
// The body of PATCH /api/v1/habits/{id}/logs/{date}. Meaningful only when no error was recorded.
[[nodiscard]] service::LogChanges read_log_changes(JsonFields& fields);

// The body of POST /api/v1/habits/{id}/skips: both dates are required.
struct SkipRange {
  domain::Date from;
  domain::Date to;
  std::optional<std::string> notes;
};
// Meaningful only when no error was recorded.
[[nodiscard]] SkipRange read_skip_range(JsonFields& fields);

}  // namespace habitd::api::v1
