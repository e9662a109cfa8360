#include "domain/window.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include "dates.hpp"

namespace habitd::domain {
namespace {

using std::chrono::days;

using test::d;

void expect_window(const DateWindow& window, std::string_view from, std::string_view to) {
  EXPECT_EQ(format_date(window.from), from);
  EXPECT_EQ(format_date(window.to), to);
}

TEST(TrailingWindow, LastWeekIsSevenDaysEndingToday) {
  expect_window(trailing_window(d("2026-11-26"), 7), "2026-11-20", "2026-11-26");
}

TEST(TrailingWindow, LastMonthIsThirtyDaysEndingToday) {
  expect_window(trailing_window(d("2026-11-26"), 30), "2026-10-28", "2026-11-26");
}

TEST(TrailingWindow, OneDayIsJustToday) { expect_window(trailing_window(d("2026-11-26"), 1), "2026-11-26", "2026-11-26"); }

TEST(TrailingWindow, CrossesYearEndsAndLeapDays) {
  expect_window(trailing_window(d("2026-01-03"), 7), "2025-12-28", "2026-01-03");
  expect_window(trailing_window(d("2024-03-03"), 7), "2024-02-26", "2024-03-03");
  expect_window(trailing_window(d("2023-03-03"), 7), "2023-02-25", "2023-03-03");
  expect_window(trailing_window(d("2024-03-01"), 30), "2024-02-01", "2024-03-01");
  expect_window(trailing_window(d("2023-03-01"), 30), "2023-01-31", "2023-03-01");
  expect_window(trailing_window(d("2025-01-15"), 366), "2024-01-16", "2025-01-15");
}

TEST(TrailingWindow, NonPositiveLengthIsEmpty) {
  for (const int length : {0, -1, -30}) {
    const DateWindow window = trailing_window(d("2026-11-26"), length);
    EXPECT_GT(window.from, window.to) << length;
    for (Date day = d("2026-10-01"); day <= d("2026-12-31"); day += days{1}) {
      ASSERT_FALSE(contains(window, day)) << length << ' ' << format_date(day);
    }
  }
}

TEST(Contains, BothEdgesAreInclusive) {
  const DateWindow week = trailing_window(d("2026-11-26"), 7);
  EXPECT_FALSE(contains(week, d("2026-11-19")));
  EXPECT_TRUE(contains(week, d("2026-11-20")));
  EXPECT_TRUE(contains(week, d("2026-11-23")));
  EXPECT_TRUE(contains(week, d("2026-11-26")));
  EXPECT_FALSE(contains(week, d("2026-11-27")));
}

TEST(Contains, HoldsExactlyTheWindowsLengthInDays) {
  for (const int length : {1, 7, 30, 366}) {
    const Date today = d("2024-02-29");
    const DateWindow window = trailing_window(today, length);
    int inside = 0;
    for (Date day = today - days{400}; day <= today + days{10}; day += days{1}) inside += contains(window, day) ? 1 : 0;
    EXPECT_EQ(inside, length);
  }
}

TEST(Contains, SingleDayWindow) {
  const DateWindow window{d("2024-02-29"), d("2024-02-29")};
  EXPECT_TRUE(contains(window, d("2024-02-29")));
  EXPECT_FALSE(contains(window, d("2024-02-28")));
  EXPECT_FALSE(contains(window, d("2024-03-01")));
}

}  // namespace
}  // namespace habitd::domain
