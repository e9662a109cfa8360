#pragma once
// The changes feed's order and cursor. Every write to a user's habits and logs takes the next
// number of the user's data_version (under the user's row lock, so numbers follow commit order)
// and stamps the rows it writes with it; deletions leave a tombstone with their number. A client
// reads entries in the order (number, kind, key); its cursor is the last position it holds.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace habitd::domain {

enum class ChangeKind { kHabit = 0, kLog = 1, kDeletion = 2, kEnd = 3 };

struct ChangePosition {
  std::int64_t seq = -1;               // -1: before everything
  ChangeKind kind = ChangeKind::kEnd;  // kEnd: after every entry numbered `seq`
  std::string key;                     // habit id; log: habit id; deletion: tombstone id
  std::string date;                    // log: its date (YYYY-MM-DD)
  // Tombstones numbered at or below this are of things a client syncing from scratch never had.
  std::int64_t floor = -1;

  [[nodiscard]] friend bool operator<(const ChangePosition& a, const ChangePosition& b) {
    if (a.seq != b.seq) return a.seq < b.seq;
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.key != b.key) return a.key < b.key;
    return a.date < b.date;
  }
};

// "v1.<seq>.<floor>.<kind>.<key>[.<date>]": opaque to clients, checked strictly when read back.
[[nodiscard]] std::string encode_cursor(const ChangePosition& position);
// nullopt when `text` is not a cursor this server could have made.
[[nodiscard]] std::optional<ChangePosition> decode_cursor(std::string_view text);

// One entry of a page: where it sits in the feed, and which item of its kind it is (the index in
// the store's list for that kind).
struct FeedEntry {
  ChangePosition position;
  std::size_t index = 0;
};

struct FeedPage {
  std::vector<FeedEntry> entries;  // in feed order
  bool has_more = false;
  // The last position the page covers (also when its entry was left out): the next cursor.
  std::optional<ChangePosition> last;
};

// The first `limit` entries of the three streams merged in feed order. Each stream is in feed
// order and holds at most limit + 1 entries after the cursor: more than `limit` in all means more
// remain. A tombstone of a log that the same page also holds alive is left out (the log was made
// again after it was deleted: the client must end up holding it).
[[nodiscard]] FeedPage merge_feed(const std::vector<ChangePosition>& habits, const std::vector<ChangePosition>& logs,
                                  const std::vector<ChangePosition>& deletions,
                                  const std::vector<std::pair<std::string, std::string>>& deleted_log_keys, std::size_t limit);

}  // namespace habitd::domain
