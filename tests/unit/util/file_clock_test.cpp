#include "util/file_clock.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <unistd.h>
#include <fstream>
#include <stdexcept>

#include "util/time_format.hpp"

namespace habitd::util {
namespace {

using namespace std::chrono;

system_clock::time_point at(int y, unsigned m, unsigned d, int h, int min, int s, int ms = 0) {
  return sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min} + seconds{s} + milliseconds{ms};
}

TEST(ParseClockInstant, ReadsRfc3339Utc) {
  EXPECT_EQ(parse_clock_instant("2026-03-01T12:00:30Z"), at(2026, 3, 1, 12, 0, 30));
  EXPECT_EQ(parse_clock_instant("  2026-03-01T12:00:30.250Z\n"), at(2026, 3, 1, 12, 0, 30, 250));
  EXPECT_FALSE(parse_clock_instant(""));
  EXPECT_FALSE(parse_clock_instant("2026-03-01T12:00:30"));
  EXPECT_FALSE(parse_clock_instant("2026-03-01T12:00:30+01:00"));
  EXPECT_FALSE(parse_clock_instant("2026-03-01T12:00:30Z trailing"));
  EXPECT_FALSE(parse_clock_instant("yesterday"));
}

class FileClockTest : public testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("habitd-clock-" + std::to_string(::getpid()) + ".txt")).string();
  }
  void TearDown() override { std::filesystem::remove(path_); }
  // Writes beside the file and renames it over, as the tests' clock helper does.
  void set(const std::string& text) {
    const std::string temporary = path_ + ".new";
    std::ofstream(temporary) << text;
    std::filesystem::rename(temporary, path_);
  }
  std::string path_;
};

TEST_F(FileClockTest, FollowsTheFileAndNeverGoesBack) {
  set("2026-03-01T12:00:30Z");
  const FileClock clock(path_);
  EXPECT_EQ(clock.now(), at(2026, 3, 1, 12, 0, 30));
  EXPECT_EQ(clock.now(), at(2026, 3, 1, 12, 0, 30, 1));  // a reading never repeats
  set("2026-03-03T23:59:30Z");
  EXPECT_EQ(clock.now(), at(2026, 3, 3, 23, 59, 30));
  set("2026-03-02T00:00:00Z");  // backwards: ignored
  EXPECT_EQ(clock.now(), at(2026, 3, 3, 23, 59, 30, 1));
  set("not a time");  // half written: ignored until it changes again
  EXPECT_EQ(clock.now(), at(2026, 3, 3, 23, 59, 30, 2));
}

TEST_F(FileClockTest, RefusesAMissingOrEmptyFile) {
  EXPECT_THROW(FileClock{path_}, std::runtime_error);
  set("");
  EXPECT_THROW(FileClock{path_}, std::runtime_error);
}

}  // namespace
}  // namespace habitd::util
