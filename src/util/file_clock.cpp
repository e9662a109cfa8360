#include "util/file_clock.hpp"

#include <date/date.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace habitd::util {
namespace {

constexpr auto kTick = std::chrono::milliseconds(1);

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_clock_instant(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return std::nullopt;
  const auto last = text.find_last_not_of(" \t\r\n");
  std::istringstream in{std::string(text.substr(first, last - first + 1))};
  date::sys_time<std::chrono::microseconds> instant;
  in >> date::parse("%Y-%m-%dT%H:%M:%SZ", instant);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(instant);
}

FileClock::FileClock(std::string path) : path_(std::move(path)) {
  const std::lock_guard lock(mutex_);
  refresh();
  if (!file_instant_) throw std::runtime_error("the test clock file " + path_ + " cannot be read or holds no RFC 3339 UTC instant");
}

void FileClock::refresh() const {
  std::string text = read_all(path_);
  if (text == text_) return;
  const auto instant = parse_clock_instant(text);
  if (!instant) return;  // missing or half written: the next write brings the rest
  text_ = std::move(text);
  file_instant_ = *instant;
}

std::chrono::system_clock::time_point FileClock::now() const {
  const std::lock_guard lock(mutex_);
  refresh();
  const auto reading = last_ && *last_ + kTick > *file_instant_ ? *last_ + kTick : *file_instant_;
  last_ = reading;
  return reading;
}

}  // namespace habitd::util
