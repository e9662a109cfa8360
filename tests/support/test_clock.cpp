#include "test_clock.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace habitd::test {

TestClock::TestClock(time_point start) : dir_(make_temp_dir()), path_(dir_ + "/clock"), now_(start) { set(start); }

TestClock::~TestClock() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void TestClock::set(time_point instant) {
  using namespace std::chrono;
  if (instant < now_) throw std::logic_error("the test clock never goes back");
  now_ = instant;
  const auto micros = floor<microseconds>(instant);
  const auto day = floor<days>(micros);
  const hh_mm_ss time{micros - day};
  const year_month_day date{day};
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%06ldZ\n", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                static_cast<long>(time.subseconds().count()));
  const std::string temporary = path_ + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write the test clock file " + temporary);
  }
  std::filesystem::rename(temporary, path_);  // atomic: the server sees the old time or the new one
}

TestClock::time_point utc(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  using namespace std::chrono;
  return sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}} + hours{hour} +
         minutes{minute} + seconds{second};
}

}  // namespace habitd::test
