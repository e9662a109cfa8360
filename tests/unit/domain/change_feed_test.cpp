// The changes feed's cursor and page order.
#include "domain/change_feed.hpp"

#include <gtest/gtest.h>

#include <random>

namespace habitd::domain {
namespace {

const std::string kHabitA = "01938a6f-0c4d-7e21-8a3b-5c6d7e8f9012";
const std::string kHabitB = "01938a6f-0c4d-7e21-8a3b-5c6d7e8f9013";
const std::string kTomb = "01938a6f-0c4d-7e21-8a3b-5c6d7e8f9099";

ChangePosition habit_at(std::int64_t seq, const std::string& id) { return {seq, ChangeKind::kHabit, id, {}, -1}; }
ChangePosition log_at(std::int64_t seq, const std::string& habit, const std::string& date) {
  return {seq, ChangeKind::kLog, habit, date, -1};
}
ChangePosition tomb_at(std::int64_t seq, const std::string& id) { return {seq, ChangeKind::kDeletion, id, {}, -1}; }

TEST(ChangeFeed, CursorsRoundTrip) {
  for (const ChangePosition& p : {ChangePosition{}, habit_at(7, kHabitA), log_at(9, kHabitB, "2026-02-28"), tomb_at(12, kTomb),
                                  ChangePosition{40, ChangeKind::kEnd, {}, {}, 35}}) {
    const auto back = decode_cursor(encode_cursor(p));
    ASSERT_TRUE(back) << encode_cursor(p);
    EXPECT_EQ(back->seq, p.seq);
    EXPECT_EQ(back->kind, p.kind);
    EXPECT_EQ(back->key, p.key);
    EXPECT_EQ(back->date, p.date);
    EXPECT_EQ(back->floor, p.floor);
  }
}

TEST(ChangeFeed, MalformedCursorsAreRefused) {
  for (const char* text :
       {"", "v1", "v2.1.1.0.", "v1.x.1.0.abc", "v1.1.1.7.", "v1.1.1.0.not-an-id", "v1.1.1.1.01938a6f-0c4d-7e21-8a3b-5c6d7e8f9012",
        "v1.1.1.1.01938a6f-0c4d-7e21-8a3b-5c6d7e8f9012.2026-02-30", "v1.1.1.3.extra", "v1.-5.1.3.",
        "v1.1.1.0.01938a6f-0c4d-7e21-8a3b-5c6d7e8f9012.x"})
    EXPECT_FALSE(decode_cursor(text)) << text;
  // Whatever bytes arrive, decoding never fails in any other way.
  std::mt19937 random(7);
  for (int i = 0; i < 20000; ++i) {
    std::string text = encode_cursor(log_at(i, kHabitA, "2026-01-01"));
    text[random() % text.size()] = static_cast<char>(random() % 256);
    (void)decode_cursor(text);
  }
}

TEST(ChangeFeed, PagesFollowNumberThenKindThenKey) {
  const std::vector<ChangePosition> habits = {habit_at(3, kHabitA), habit_at(5, kHabitB)};
  const std::vector<ChangePosition> logs = {log_at(3, kHabitA, "2026-01-01"), log_at(4, kHabitA, "2026-01-02")};
  const std::vector<ChangePosition> tombs = {tomb_at(3, kTomb)};
  const auto page = merge_feed(habits, logs, tombs, {{kHabitB, ""}}, 10);
  ASSERT_EQ(page.entries.size(), 5u);
  EXPECT_FALSE(page.has_more);
  EXPECT_EQ(page.entries[0].position.kind, ChangeKind::kHabit);
  EXPECT_EQ(page.entries[1].position.kind, ChangeKind::kLog);
  EXPECT_EQ(page.entries[2].position.kind, ChangeKind::kDeletion);
  EXPECT_EQ(page.entries[3].position.seq, 4);
  EXPECT_EQ(page.entries[4].position.seq, 5);
  EXPECT_EQ(page.last->seq, 5);
}

TEST(ChangeFeed, ALimitCutsThePageAndSaysMoreRemain) {
  const std::vector<ChangePosition> logs = {log_at(1, kHabitA, "2026-01-01"), log_at(1, kHabitA, "2026-01-02"),
                                            log_at(2, kHabitA, "2026-01-03")};
  const auto page = merge_feed({}, logs, {}, {}, 2);
  EXPECT_TRUE(page.has_more);
  ASSERT_EQ(page.entries.size(), 2u);
  EXPECT_EQ(page.last->date, "2026-01-02");
}

TEST(ChangeFeed, ATombstoneOfALogMadeAgainInThePageIsLeftOutButStillPassed) {
  const std::vector<ChangePosition> logs = {log_at(8, kHabitA, "2026-01-01")};
  const std::vector<ChangePosition> tombs = {tomb_at(7, kTomb), tomb_at(9, kTomb)};
  // The first tombstone is of that log (deleted at 7, made again at 8); the second of another.
  const auto page = merge_feed({}, logs, tombs, {{kHabitA, "2026-01-01"}, {kHabitB, "2026-01-05"}}, 10);
  ASSERT_EQ(page.entries.size(), 2u);
  EXPECT_EQ(page.entries[0].position.kind, ChangeKind::kLog);
  EXPECT_EQ(page.entries[1].index, 1u);
  // Cut just after the left-out tombstone: the cursor still moves past it.
  const auto cut = merge_feed({}, {}, {tombs[0]}, {{kHabitA, "2026-01-01"}}, 1);
  EXPECT_EQ(cut.entries.size(), 1u);  // not left out: the log it deletes is not on this page
}

}  // namespace
}  // namespace habitd::domain
