#include "domain/day_view.hpp"

namespace habitd::domain {

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

}  // namespace habitd::domain
