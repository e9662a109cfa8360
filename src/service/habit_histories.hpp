#pragma once
// The figures of a user's habits from digests of their old history (domain::HistoryDigest, kept
// in this process's memory) and their recent logs. A digest is checked against the database on
// every use: it stands only while no log dated before its checkpoint was written or deleted since
// it was last checked (habit_logs.change_seq and the tombstones say so, on their indexes), while
// its habit's rule is the one it was made with, and for at most a week (tombstones are kept 30
// days). So the first read after a write costs about the same after ten years as after a month,
// and a write makes only its own habit's digest be made again, and only when it lands before the
// checkpoint. Every process checks its own digests against the one database: replicas agree.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/habit.hpp"
#include "domain/habit_rules.hpp"
#include "store/habit_store.hpp"
#include "util/clock.hpp"

namespace habitd::service {

struct HabitFigures {
  domain::StreakSummary summary;
  std::array<long, 7> completions_by_weekday{};  // every completed log, by ISO weekday, Monday first
  std::vector<domain::LogEntry> logs;            // the habit's logs dated on or after the `logs_from` asked for
};

class HabitHistories {
 public:
  // How far a checkpoint lies behind today when a digest is made, and how far it may fall behind
  // before it moves on: a read reads the logs of those last two to six weeks (about what a
  // month-old account has in all), plus what it shows (progress: 30 days; today: its period).
  static constexpr std::chrono::days kLookback{14};
  static constexpr std::chrono::days kMaxLag{42};
  static constexpr std::chrono::hours kMaxUnchecked{24 * 7};

  HabitHistories(const store::HabitStore& habits, const util::Clock& clock, std::size_t capacity = 100000);

  // The figures of `habits` (all of the user's, or some) as of `today`, by habit id; each with its
  // logs from `logs_from` (every log when nullopt).
  [[nodiscard]] std::unordered_map<std::string, HabitFigures> figures(const std::string& user_id,
                                                                      const std::vector<domain::Habit>& habits,
                                                                      domain::Date today,
                                                                      std::optional<domain::Date> logs_from) const;
  [[nodiscard]] std::size_t size() const;  // digests kept (tests)

 private:
  struct Kept {
    std::string rule_key;
    domain::HistoryDigest digest;
    std::int64_t checked_seq = 0;  // every change numbered up to it is in the digest or after its checkpoint
    std::chrono::system_clock::time_point checked_at;
  };

  [[nodiscard]] std::optional<Kept> find(const std::string& habit_id) const;
  void keep(const std::string& habit_id, Kept kept) const;

  const store::HabitStore& habits_;
  const util::Clock& clock_;
  std::size_t capacity_;
  // A memo of what the database holds, filled by const reads: locked inside.
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, Kept> kept_;
};

}  // namespace habitd::service
