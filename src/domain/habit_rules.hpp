#pragma once
// When is a period of a habit completed, and what are its streaks. Pure functions of the
// habit's rule, its logs and "today" (already resolved in the user's time zone and day start).
#include <array>
#include <optional>
#include <span>

#include "domain/calendar.hpp"
#include "domain/weekdays.hpp"

namespace habitd::domain {

enum class LogStatus { kCompleted, kSkipped };

// One log of a habit as the rules see it (notes and ids live elsewhere).
struct LogEntry {
  Date date;
  LogStatus status = LogStatus::kCompleted;
  std::optional<double> amount{};  // set for numeric habits' completed logs
};

// The data that decides when a period counts as completed.
struct HabitRule {
  Frequency frequency = Frequency::kDaily;
  Date start_date;
  int times_per_period = 1;       // completed logs needed in a period
  std::optional<double> goal{};   // numeric habit: sum of amounts needed in a period
  Weekdays weekdays = kEveryDay;  // daily habits: the days it is due (others: every day)
};

// The contract's upper bound for times_per_period: 1 daily, 7 weekly, 28 monthly (validation
// lives with the callers; the rules below accept any value).
[[nodiscard]] constexpr int max_times_per_period(Frequency frequency) {
  switch (frequency) {
    case Frequency::kDaily:
      return 1;
    case Frequency::kWeekly:
      return 7;
    case Frequency::kMonthly:
      return 28;
  }
  return 1;
}

// The amount a log holds under a habit's goal: with a goal, a completed log's amount (0 when it
// has none); without a goal, or on a skipped log, none. The store keeps every log so (a goal
// added gives plain logs 0, a goal removed clears the amounts); readers apply it too, so that no
// answer can show an amount that contradicts the habit.
[[nodiscard]] std::optional<double> amount_under_goal(const std::optional<double>& goal, LogStatus status,
                                                      const std::optional<double>& amount);

// ---------------------------------------------------------------------------------------------
// The rules behind every figure of a habit (habit, streak, progress and insights all come from
// summarize, so they always agree).
//
// Figures never drop a log. A change of time zone or day_start moves "today" by up to about two
// days, and an import may bring logs dated after the importer's today, or a start_date after it;
// every log still counts. A log before start_date cannot be created (every write refuses it), and
// would count too if it existed.
//
// State of one period (a day, an ISO week Monday to Sunday, a calendar month), from its logs:
// - Completed: with a goal, the completed logs' amounts (a missing amount counts as 0, amounts on
//   skipped logs are ignored) sum to at least goal; times_per_period is then ignored, as the
//   contract fixes it at 1. The sum is compared with a relative tolerance of 1e-9 so that, say,
//   0.7 + 0.1 reaches a goal of 0.8 despite binary floating point. At least one completed log is
//   always needed. Without a goal: at least times_per_period completed logs (values below 1 act
//   as 1).
// - Skipped: not completed and holding at least one skipped log (a partly done period with a
//   skipped day is skipped, not broken).
// - None: anything else, including every period without logs.
// - Weekday schedules: a day on which a daily habit is not due is completed when it is completed,
//   and otherwise skipped (with or without logs): it neither extends nor breaks a run.
// A period's state depends on its logs only, never on today: the current period (the whole
// period that contains today) is completed by a log on any of its days, even one after today.
//
// Streaks. A run is a sequence of consecutive periods that are completed or skipped; its length
// is the number of its completed periods (skipped ones neither extend nor break it).
// - longest_streak: the longest run anywhere, periods after today's included. It depends on the
//   logs alone, so it never changes as time passes.
// - current_streak: walk back from the current period. The current period counts when it is
//   completed and is passed over otherwise (it is not over yet, so it breaks nothing); before it,
//   completed periods count, skipped ones are passed over, and the first other period ends the
//   walk. Periods after the current one never extend it. current_streak_start is the first day of
//   the earliest completed period counted (for a weekly or monthly habit that can be a few days
//   before start_date: the contract defines it by periods), null when current_streak is 0.
// So current_streak <= longest_streak always.
//
// Totals. total_completions counts every completed log, last_completed_on is the latest date of
// one (it may be after today), completed_periods counts every completed period (what a target is
// measured in).
//
// Completion rate = completed_periods / elapsed_periods, where a period has elapsed when it lies
// before the current one (from the one holding start_date, or the earliest log if earlier) and is
// not skipped, or when it is completed, wherever it lies. The rate is therefore never above 1,
// and 0/0 (nothing elapsed) is no rate at all.
// ---------------------------------------------------------------------------------------------

enum class PeriodState { kCompleted, kSkipped, kNone };

struct StreakSummary {
  int current_streak = 0;
  int longest_streak = 0;
  std::optional<Date> current_streak_start{};  // first day of the run's earliest completed period
  std::optional<Date> last_completed_on{};     // latest date holding a completed log
  int total_completions = 0;                   // completed logs (skipped ones never count)
  long completed_periods = 0;                  // completed periods, wherever they lie
  long elapsed_periods = 0;                    // see "Completion rate" above

  // completed_periods / elapsed_periods; nullopt when nothing has elapsed.
  [[nodiscard]] std::optional<double> completion_rate() const {
    if (elapsed_periods <= 0) return std::nullopt;
    return static_cast<double>(completed_periods) / static_cast<double>(elapsed_periods);
  }
};

// `logs` must be sorted by date ascending, at most one log per date. Runs in O(logs.size())
// without allocating, however far apart the logs and today lie.
[[nodiscard]] StreakSummary summarize(const HabitRule& rule, std::span<const LogEntry> logs, Date today);

// A habit's logs dated before `checkpoint` (the first day of one of its periods), folded into what
// summarize needs of them, so that its figures come from the digest and the logs from the
// checkpoint on: reading a habit then costs the same after ten years as after a month. A digest
// depends on the logs before its checkpoint and on the rule's frequency, times_per_period, goal
// and weekdays; never on start_date or today. It stays true until one of those changes.
struct RunState {
  bool fed = false;  // a period holding a log was folded in
  Date fed_until{};  // first day after the latest such period
  int run = 0;       // completed periods of the run reaching fed_until
  Date run_first{};  // first day of that run's earliest completed period
  int longest = 0;   // the longest run so far
  bool operator==(const RunState&) const = default;
};

struct HistoryDigest {
  Date checkpoint{};  // the digest holds the logs dated before this day
  std::optional<Date> earliest_log{};
  int total_completions = 0;
  std::optional<Date> last_completed_on{};
  long completed_periods = 0;
  long skipped_periods = 0;         // periods with logs whose state is skipped (not-due days included)
  long logged_not_due_periods = 0;  // days with logs on which a daily habit is not due
  RunState runs{};
  std::array<long, 7> completions_by_weekday{};  // completed logs by ISO weekday, Monday first
  bool operator==(const HistoryDigest&) const = default;
};

// The digest of `logs` (sorted by date, all before `checkpoint`, a period's first day).
[[nodiscard]] HistoryDigest digest_history(const HabitRule& rule, std::span<const LogEntry> logs, Date checkpoint);
// `digest` moved on to a later checkpoint with `logs`, those dated in [digest.checkpoint, checkpoint).
[[nodiscard]] HistoryDigest extend_history(const HabitRule& rule, HistoryDigest digest, std::span<const LogEntry> logs,
                                           Date checkpoint);
// summarize(rule, every log, today) from the digest of the logs before its checkpoint and `recent`,
// the logs from the checkpoint on (sorted). Needs the checkpoint at or before the current period's
// first day: period_start(rule.frequency, today) >= digest.checkpoint.
[[nodiscard]] StreakSummary summarize(const HabitRule& rule, const HistoryDigest& digest, std::span<const LogEntry> recent,
                                      Date today);

// The completion rate over the periods that overlap [from, to] (each bound optional), judging
// each period by its logs inside that range only, with summarize's elapsed rule; the periods
// before max(from, start_date) do not count. Without bounds it is summarize's completed_periods /
// elapsed_periods. nullopt when no period has elapsed, or the range is empty.
[[nodiscard]] std::optional<double> completion_rate(const HabitRule& rule, std::span<const LogEntry> logs,
                                                    std::optional<Date> from, std::optional<Date> to, Date today);

// The period holding `date` as it stands (what GET /today shows of it), by the same rules; `logs`
// sorted by date ascending, as for summarize. Every log inside the period counts, those after
// `date` too (the whole period is one period); amount sums the completed logs' amounts (missing
// ones as 0); completed is the period's state being kCompleted.
struct PeriodProgress {
  Date from;  // first day of the period
  Date to;    // last day of the period
  int completed_logs = 0;
  double amount = 0.0;
  bool completed = false;
};
[[nodiscard]] PeriodProgress period_progress(const HabitRule& rule, std::span<const LogEntry> logs, Date date);

}  // namespace habitd::domain
