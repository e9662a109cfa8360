#include "domain/weekdays.hpp"

#include <array>
#include <bit>

namespace habitd::domain {
namespace {

constexpr std::array<std::string_view, 7> kNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// Monday 0 ... Sunday 6.
unsigned day_index(Date date) { return std::chrono::weekday{date}.iso_encoding() - 1; }

}  // namespace

std::optional<Weekdays> weekday_bit(std::string_view name) {
  for (unsigned i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<Weekdays>(1U << i);
  return std::nullopt;
}

std::vector<std::string_view> weekday_names(Weekdays days) {
  std::vector<std::string_view> names;
  for (unsigned i = 0; i < kNames.size(); ++i)
    if (days & (1U << i)) names.push_back(kNames[i]);
  return names;
}

bool is_due(Weekdays days, Date date) { return (days & (1U << day_index(date))) != 0; }

long not_due_days(Weekdays days, Date from, Date to) {
  if (to <= from) return 0;
  const long total = (to - from).count();
  const long weeks = total / 7;
  long count = weeks * (7 - std::popcount(static_cast<unsigned>(days & kEveryDay)));
  for (Date day = from + std::chrono::days{weeks * 7}; day < to; day += std::chrono::days{1})
    if (!is_due(days, day)) ++count;
  return count;
}

bool any_due(Weekdays days, Date from, Date to) { return to > from && not_due_days(days, from, to) < (to - from).count(); }

}  // namespace habitd::domain
