#pragma once
// When is a period of a habit completed, and what are its streaks. Pure functions of the
// habit's rule, its logs and "today" (already resolved in the user's time zone and day start).
#include <optional>
#include <span>
#include <vector>

#include "domain/calendar.hpp"

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
};

// The contract's upper bound for times_per_period: 1 daily, 7 weekly, 28 monthly (validation
// lives with the callers; the rules below accept any value).
[[nodiscard]] constexpr int max_times_per_period(Frequency frequency) {
  switch (frequency) {
    case Frequency::kDaily: return 1;
    case Frequency::kWeekly: return 7;
    case Frequency::kMonthly: return 28;
  }
  return 1;
}

// How a period's state is decided (the rules behind summarize and period_outcomes):
// - Only logs dated on or after start_date count; earlier ones cannot be created through the API,
//   and ignoring them keeps every number here consistent if start_date is later moved forward.
// - Completed: with a goal, the completed logs' amounts (a missing amount counts as 0, amounts on
//   skipped logs are ignored) sum to at least goal; times_per_period is then ignored, as the
//   contract fixes it at 1. The sum is compared with a relative tolerance of 1e-9 so that, say,
//   0.7 + 0.1 reaches a goal of 0.8 despite binary floating point. At least one completed log is
//   always needed. Without a goal: at least times_per_period completed logs (values below 1 act as 1).
// - Skipped: not completed and holding at least one skipped log (a partly done period with a
//   skipped day is skipped, not broken).
// - None: anything else, including every period without logs.

enum class PeriodState { kCompleted, kSkipped, kNone };

struct StreakSummary {
  int current_streak = 0;
  int longest_streak = 0;
  std::optional<Date> current_streak_start{};  // first day of the run's earliest completed period
  std::optional<Date> last_completed_on{};     // latest date holding a completed log
  int total_completions = 0;                   // completed logs (skipped ones never count)
  long completed_periods = 0;                  // periods in [start_date, today] that are completed
  long elapsed_periods = 0;                    // periods in [start_date, today] that are over or completed, skipped ones excluded
};

// `logs` must be sorted by date ascending, at most one log per date. Logs after `today` are ignored.
// Streaks: the walk back starts at today's period when it is completed and otherwise at the one
// before (an open current period, whether empty, partly done or skipped, never breaks a run).
// Completed periods count, skipped ones are passed over, anything else ends the run.
// current_streak_start is the first day of the run's earliest completed *period* (for a weekly or
// monthly habit that can be a few days before start_date: the contract defines it by periods).
// completed_periods and elapsed_periods range over the periods from the one holding start_date to
// the one holding today (a completion rate is completed / elapsed, guard elapsed == 0).
// When today < start_date every field is zero or null. Runs in O(logs.size()) without allocating.
[[nodiscard]] StreakSummary summarize(const HabitRule& rule, std::span<const LogEntry> logs, Date today);

// The state of every period that holds at least one log, oldest first (what streaks are built from).
// There is no "today" here: every log on or after start_date is used, and the current period is
// reported as it stands (kNone while it is only partly done), not with summarize's open-period rule.
struct PeriodOutcome {
  Date start;
  PeriodState state;
};
[[nodiscard]] std::vector<PeriodOutcome> period_outcomes(const HabitRule& rule, std::span<const LogEntry> logs);

// The period holding `date` as it stands (what GET /today shows of it), by the same rules; `logs`
// sorted by date ascending, as for summarize:
// only logs inside the period and on or after start_date count; amount sums the completed logs'
// amounts (missing ones as 0); completed is the period's state being kCompleted.
struct PeriodProgress {
  Date from;  // first day of the period
  Date to;    // last day of the period
  int completed_logs = 0;
  double amount = 0.0;
  bool completed = false;
};
[[nodiscard]] PeriodProgress period_progress(const HabitRule& rule, std::span<const LogEntry> logs, Date date);

}  // namespace habitd::domain
