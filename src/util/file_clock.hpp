#pragma once
// A clock for tests: "now" is the instant written in a file, re-read whenever it is asked,
// so that a test can fix the time and move it forward across days, in any time zone, without
// restarting the server or waiting for a real midnight. Compiled only with the CMake option
// HABITD_TEST_CLOCK, which CMake refuses outside Debug builds: a release binary has no way to
// read its time from anywhere but the system clock.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "util/clock.hpp"

#if defined(NDEBUG)
#error "util/file_clock is for test builds only (HABITD_TEST_CLOCK needs CMAKE_BUILD_TYPE=Debug)"
#endif

namespace habitd::util {

// The file's instant: RFC 3339 in UTC, "2026-03-01T12:00:30Z" or with a fraction of a second
// ("...:30.25Z"), surrounding white space allowed. nullopt for anything else.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parse_clock_instant(std::string_view text);

class FileClock final : public Clock {
 public:
  // Throws std::runtime_error when `path` cannot be read or holds no instant.
  explicit FileClock(std::string path);

  // The file's instant, or, while the file has not moved it forward, a millisecond after the
  // previous reading: readings never go backwards and never repeat, so records created at one fixed
  // instant keep their order (creation times), as they would with a real clock. A file that
  // cannot be read or parsed (half written) is ignored until it changes again.
  [[nodiscard]] std::chrono::system_clock::time_point now() const override;

 private:
  // Re-reads the file (a few dozen bytes, at every reading: a change of mtime can go unseen when
  // two writes fall in one tick of the file system's clock); the caller holds mutex_.
  void refresh() const;

  std::string path_;
  mutable std::mutex mutex_;
  mutable std::string text_;  // the file's content when it last parsed
  mutable std::optional<std::chrono::system_clock::time_point> file_instant_;
  mutable std::optional<std::chrono::system_clock::time_point> last_;
};

}  // namespace habitd::util
