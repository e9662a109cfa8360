#pragma once
// The time a habitd built with HABITD_TEST_CLOCK reads (util/file_clock.hpp): a file holding one
// RFC 3339 instant, replaced atomically, so the server never reads half a time. The server's
// readings never go back and step a millisecond per reading past the file's instant; tests keep
// their instants at least a minute away from any day boundary (all boundaries fall on whole
// minutes), so that drift never changes a date.
#include <chrono>
#include <string>

#include "server_process.hpp"

namespace habitd::test {

class TestClock {
 public:
  using time_point = std::chrono::system_clock::time_point;

  explicit TestClock(time_point start);
  ~TestClock();
  TestClock(const TestClock&) = delete;
  TestClock& operator=(const TestClock&) = delete;

  // HABITS_TEST_CLOCK_FILE for the server.
  [[nodiscard]] EnvVars env() const { return {{"HABITS_TEST_CLOCK_FILE", path_}}; }
  [[nodiscard]] time_point now() const { return now_; }
  // Moves the server's time to `instant` (never backwards: the server would ignore it).
  void set(time_point instant);
  void advance(std::chrono::system_clock::duration by) { set(now_ + by); }

 private:
  std::string dir_;
  std::string path_;
  time_point now_;
};

// 2026-03-18T20:00:30Z
[[nodiscard]] TestClock::time_point utc(int year, unsigned month, unsigned day, int hour, int minute, int second = 30);

}  // namespace habitd::test
