#include "domain/window.hpp"

namespace habitd::domain {

DateWindow trailing_window(Date today, int days) {
  // For days < 1 this puts `from` after `to`, which is exactly the empty window.
  return DateWindow{today - std::chrono::days{days - 1}, today};
}

bool contains(const DateWindow& window, Date date) { return window.from <= date && date <= window.to; }

}  // namespace habitd::domain
