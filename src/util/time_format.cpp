#include "util/time_format.hpp"

#include <cstdio>

namespace habitd::util {
namespace {

std::string format(std::chrono::sys_time<std::chrono::milliseconds> time, bool with_millis) {
  using namespace std::chrono;
  const auto day = floor<days>(time);
  const year_month_day ymd{day};
  const hh_mm_ss tod{time - day};
  char buffer[40];
  if (with_millis) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(tod.hours().count()),
                  static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()),
                  static_cast<int>(tod.subseconds().count()));
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(tod.hours().count()),
                  static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()));
  }
  return buffer;
}

}  // namespace

Micros to_micros(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
}

std::string format_timestamp(Micros micros) {
  using namespace std::chrono;
  return format(sys_time<milliseconds>(duration_cast<milliseconds>(microseconds(micros))), false);
}

std::string format_timestamp_millis(std::chrono::system_clock::time_point time) {
  return format(std::chrono::floor<std::chrono::milliseconds>(time), true);
}

}  // namespace habitd::util
