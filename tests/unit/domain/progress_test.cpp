#include "domain/progress.hpp"

#include <gtest/gtest.h>

namespace habitd::domain {
namespace {

using namespace std::chrono;

constexpr Date d(int y, unsigned m, unsigned day) { return sys_days(year(y) / month(m) / day); }

TEST(Progress, WindowEdgesAreInclusive) {
  const std::vector<LogEntry> logs = {{d(2026, 11, 19)}, {d(2026, 11, 20)}, {d(2026, 11, 26)}, {d(2026, 11, 27)}};
  const DateWindow week = trailing_window(d(2026, 11, 26), 7);
  EXPECT_EQ(week.from, d(2026, 11, 20));
  EXPECT_EQ(count_completions(logs, week), 2);  // 20th (from) and 26th (to); not the 19th nor the 27th
  EXPECT_EQ(count_completions(logs, std::nullopt), 4);
}

TEST(Progress, SkippedLogsNeverCount) {
  const std::vector<LogEntry> logs = {{d(2026, 1, 5), LogStatus::kSkipped}, {d(2026, 1, 6), LogStatus::kCompleted}};
  EXPECT_EQ(count_completions(logs, std::nullopt), 1);
  EXPECT_EQ(completions_by_weekday(logs, std::nullopt)[0], 0);  // Monday the 5th was skipped
  EXPECT_EQ(completions_by_weekday(logs, std::nullopt)[1], 1);  // Tuesday
}

TEST(Progress, TiesGoToTheFirst) {
  const std::vector<long> counts = {3, 5, 5, 1, 1};
  EXPECT_EQ(index_of_most(counts), 1u);
  EXPECT_EQ(index_of_least(counts), 3u);
  const std::vector<long> zeros = {0, 0};
  EXPECT_EQ(index_of_most(zeros), 0u);
  EXPECT_EQ(index_of_least(zeros), 0u);
  EXPECT_FALSE(index_of_most(std::vector<long>{}));
}

}  // namespace
}  // namespace habitd::domain
