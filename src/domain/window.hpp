#pragma once
// Windows of whole days ending today, as the progress endpoint counts them.
#include "domain/calendar.hpp"

namespace habitd::domain {

// Inclusive at both ends. A window with from > to is empty.
struct DateWindow {
  Date from;
  Date to;
};

// The `days` days ending with `today` (7 gives today-6 .. today). days < 1 gives an empty window.
[[nodiscard]] DateWindow trailing_window(Date today, int days);

// Whether `date` is inside `window`, both edges included.
[[nodiscard]] bool contains(const DateWindow& window, Date date);

}  // namespace habitd::domain
