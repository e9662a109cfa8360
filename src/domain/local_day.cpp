#include "domain/local_day.hpp"

#include <string>

namespace habitd::domain {

Date local_today(const date::time_zone& zone, std::chrono::minutes day_start, std::chrono::system_clock::time_point now) {
  const auto local = zone.to_local(now) - day_start;
  return Date{date::floor<date::days>(local).time_since_epoch()};
}

const date::time_zone* find_zone(std::string_view name) noexcept {
  // Debian's zoneinfo has a "localtime" link to the host's own zone; a user's zone must not
  // silently follow the server's configuration, and it is no IANA name anyway.
  if (name.empty() || name == "localtime") return nullptr;
  try {
    return date::locate_zone(std::string{name});
  } catch (...) {
    // Unknown names throw std::runtime_error; nothing else (bad_alloc, unreadable tzdata) may escape.
    return nullptr;
  }
}

}  // namespace habitd::domain
