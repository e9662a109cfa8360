#pragma once
// Aggregates behind /progress and /insights, as pure functions of logs and windows. Only
// completed logs count; windows include both edges.
#include <array>
#include <optional>
#include <span>

#include "domain/habit_rules.hpp"
#include "domain/window.hpp"

namespace habitd::domain {

// Completed logs inside `window` (all of them when there is no window).
[[nodiscard]] long count_completions(std::span<const LogEntry> logs, const std::optional<DateWindow>& window);

// Completed logs per ISO weekday, Monday first.
[[nodiscard]] std::array<long, 7> completions_by_weekday(std::span<const LogEntry> logs, const std::optional<DateWindow>& window);

// Index of the largest (or smallest) count; ties go to the lowest index (the habit created first).
[[nodiscard]] std::optional<std::size_t> index_of_most(std::span<const long> counts);
[[nodiscard]] std::optional<std::size_t> index_of_least(std::span<const long> counts);

}  // namespace habitd::domain
