#include "domain/habit_rules.hpp"

#include <algorithm>
#include <cmath>

namespace habitd::domain {
namespace {

// What one period's logs add up to; enough to decide its state.
struct PeriodTally {
  Date start;
  Date end;  // first day of the next period
  int completed_logs = 0;
  double amount = 0.0;
  bool has_skip = false;
  std::optional<Date> last_completed{};
};

constexpr double kGoalRelativeTolerance = 1e-9;

bool reaches_goal(double sum, double goal) {
  return sum >= goal - kGoalRelativeTolerance * std::max(1.0, std::abs(goal));
}

PeriodState state_of(const HabitRule& rule, const PeriodTally& tally) {
  const bool completed =
      tally.completed_logs > 0 &&
      (rule.goal ? reaches_goal(tally.amount, *rule.goal) : tally.completed_logs >= rule.times_per_period);
  if (completed) return PeriodState::kCompleted;
  return tally.has_skip ? PeriodState::kSkipped : PeriodState::kNone;
}

void add_log(PeriodTally& tally, const LogEntry& log) {
  if (log.status == LogStatus::kSkipped) {
    tally.has_skip = true;
    return;
  }
  ++tally.completed_logs;
  tally.amount += log.amount.value_or(0.0);
  tally.last_completed = log.date;
}

// Calls visit(tally) once per period holding a log dated in [rule.start_date, last], oldest
// first. One pass over `logs`; the calendar is only consulted when a log opens a new period.
template <class Visit>
void for_each_period(const HabitRule& rule, std::span<const LogEntry> logs, std::optional<Date> last,
                     Visit&& visit) {
  std::optional<PeriodTally> open;
  for (const LogEntry& log : logs) {
    if (log.date < rule.start_date) continue;
    if (last && log.date > *last) break;
    if (open && log.date >= open->end) {
      visit(*open);
      open.reset();
    }
    if (!open) {
      open = PeriodTally{period_start(rule.frequency, log.date), next_period_start(rule.frequency, log.date)};
    }
    add_log(*open, log);
  }
  if (open) visit(*open);
}

// Follows runs of completed periods across skipped ones, period by period, oldest first.
class RunTracker {
 public:
  void add(Date start, Date end, PeriodState state) {
    if (!previous_end_ || *previous_end_ != start) run_ = 0;  // a period without logs lies between
    previous_end_ = end;
    switch (state) {
      case PeriodState::kCompleted:
        if (run_ == 0) run_first_ = start;
        ++run_;
        longest_ = std::max(longest_, run_);
        break;
      case PeriodState::kSkipped: break;  // neither extends nor breaks the run
      case PeriodState::kNone: run_ = 0; break;
    }
  }

  // The run ending at the period starting at `current` or at the one right before it; 0 when the
  // last period seen lies further back (an empty period in between ends every run).
  [[nodiscard]] int run_reaching(Date current) const {
    return previous_end_ && *previous_end_ >= current ? run_ : 0;
  }
  [[nodiscard]] Date run_first() const { return run_first_; }
  [[nodiscard]] int longest() const { return longest_; }

 private:
  std::optional<Date> previous_end_;
  int run_ = 0;
  Date run_first_{};
  int longest_ = 0;
};

HabitRule normalized(HabitRule rule) {
  rule.times_per_period = std::max(rule.times_per_period, 1);
  return rule;
}

}  // namespace

StreakSummary summarize(const HabitRule& habit_rule, std::span<const LogEntry> logs, Date today) {
  StreakSummary summary;
  if (today < habit_rule.start_date) return summary;
  const HabitRule rule = normalized(habit_rule);
  const Date current = period_start(rule.frequency, today);

  RunTracker runs;
  long skipped_past = 0;
  bool current_completed = false;
  for_each_period(rule, logs, today, [&](const PeriodTally& tally) {
    PeriodState state = state_of(rule, tally);
    const bool is_current = tally.start == current;
    // The current period is still open: unless already completed, it is passed over like a skip.
    if (is_current && state == PeriodState::kNone) state = PeriodState::kSkipped;
    runs.add(tally.start, tally.end, state);
    summary.total_completions += tally.completed_logs;
    if (tally.last_completed) summary.last_completed_on = tally.last_completed;
    if (state == PeriodState::kCompleted) ++summary.completed_periods;
    if (state == PeriodState::kSkipped && !is_current) ++skipped_past;
    if (state == PeriodState::kCompleted && is_current) current_completed = true;
  });

  summary.current_streak = runs.run_reaching(current);
  if (summary.current_streak > 0) summary.current_streak_start = runs.run_first();
  summary.longest_streak = runs.longest();

  // Periods before today's are over; the open one only counts once it is completed.
  const long periods = periods_between(rule.frequency, rule.start_date, today);
  summary.elapsed_periods = periods - 1 - skipped_past + (current_completed ? 1 : 0);

  return summary;
}

std::vector<PeriodOutcome> period_outcomes(const HabitRule& habit_rule, std::span<const LogEntry> logs) {
  const HabitRule rule = normalized(habit_rule);
  std::vector<PeriodOutcome> outcomes;
  for_each_period(rule, logs, std::nullopt, [&](const PeriodTally& tally) {
    outcomes.push_back(PeriodOutcome{tally.start, state_of(rule, tally)});
  });
  return outcomes;
}

PeriodProgress period_progress(const HabitRule& habit_rule, std::span<const LogEntry> logs, Date date) {
  const HabitRule rule = normalized(habit_rule);
  PeriodTally tally{period_start(rule.frequency, date), next_period_start(rule.frequency, date)};
  // Sorted by date: skip to the period, stop after it.
  const auto first = std::lower_bound(logs.begin(), logs.end(), std::max(tally.start, rule.start_date),
                                      [](const LogEntry& log, Date day) { return log.date < day; });
  for (auto it = first; it != logs.end() && it->date < tally.end; ++it) add_log(tally, *it);
  return PeriodProgress{tally.start, tally.end - std::chrono::days{1}, tally.completed_logs, tally.amount,
                        state_of(rule, tally) == PeriodState::kCompleted};
}

}  // namespace habitd::domain
