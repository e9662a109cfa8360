#pragma once
// The rules every way in shares (one habit, one log, an import), with the messages clients see:
// pure checks that collect field errors, so the handlers, the import and the fuzz targets apply
// the very same ones.
#include <chrono>
#include <cstddef>
#include <optional>

#include "domain/error.hpp"
#include "domain/habit.hpp"
#include "domain/user.hpp"

namespace habitd::domain {

// The largest amount and goal accepted (a sum of a period's amounts stays exact in a double).
inline constexpr double kMaxAmount = 1e12;

inline constexpr std::size_t kMaxImportHabits = 1000;
inline constexpr std::size_t kMaxImportLogs = 100000;
// An import's 422 lists at most this many problems (it names how many there are in all).
inline constexpr std::size_t kMaxReportedImportErrors = 100;

// The user's current date at `now`, in their time zone and day start.
[[nodiscard]] Date today_of(const User& user, std::chrono::system_clock::time_point now);

// A habit's fields fit together: times_per_period within its frequency, 1 with a goal, weekdays
// only on daily habits. Every start_date is fine, today's, a past one or a future one.
void validate_habit_rules(const Habit& habit, FieldErrors& errors);
// A new log's date: not after today, and validate_log_start.
void validate_log_date(const Habit& habit, Date date, Date today, FieldErrors& errors);
// Any log's date, also an imported one (which may lie after the importer's today): not before the
// habit's start_date.
void validate_log_start(const Habit& habit, Date date, FieldErrors& errors);
// A log's amount, the one check of it: required on a goal habit's completed logs, refused
// everywhere else, from 0 to kMaxAmount.
void validate_log_fields(const Habit& habit, LogStatus status, const std::optional<double>& amount, FieldErrors& errors);
// Throws the 422 of an import listing the first kMaxReportedImportErrors of `errors`, if any.
void throw_import_errors(const FieldErrors& errors);

}  // namespace habitd::domain
