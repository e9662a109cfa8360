#include "domain/progress.hpp"

#include <algorithm>

namespace habitd::domain {
namespace {

bool counts(const LogEntry& log, const std::optional<DateWindow>& window) {
  return log.status == LogStatus::kCompleted && (!window || contains(*window, log.date));
}

}  // namespace

long count_completions(std::span<const LogEntry> logs, const std::optional<DateWindow>& window) {
  return static_cast<long>(std::count_if(logs.begin(), logs.end(), [&](const LogEntry& log) { return counts(log, window); }));
}

std::array<long, 7> completions_by_weekday(std::span<const LogEntry> logs, const std::optional<DateWindow>& window) {
  std::array<long, 7> by_day{};
  for (const auto& log : logs)
    if (counts(log, window)) ++by_day[std::chrono::weekday(log.date).iso_encoding() - 1];
  return by_day;
}

std::optional<std::size_t> index_of_most(std::span<const long> values) {
  if (values.empty()) return std::nullopt;
  return static_cast<std::size_t>(std::max_element(values.begin(), values.end()) - values.begin());
}

std::optional<std::size_t> index_of_least(std::span<const long> values) {
  if (values.empty()) return std::nullopt;
  return static_cast<std::size_t>(std::min_element(values.begin(), values.end()) - values.begin());
}

}  // namespace habitd::domain
