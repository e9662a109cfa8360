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

bool reaches_goal(double sum, double goal) { return sum >= goal - kGoalRelativeTolerance * std::max(1.0, std::abs(goal)); }

PeriodState state_of(const HabitRule& rule, const PeriodTally& tally) {
  const bool completed = tally.completed_logs > 0 &&
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

// When a daily habit is due; every day of every period for the others.
struct Schedule {
  Frequency frequency;
  Weekdays days;

  [[nodiscard]] bool every_day() const { return frequency != Frequency::kDaily || (days & kEveryDay) == kEveryDay; }
  // Whether the periods in [from, to) (none when to <= from) would end a run: any of them is due.
  [[nodiscard]] bool gap_breaks(Date from, Date to) const { return to > from && (every_day() || any_due(days, from, to)); }
  // A period that is not due and not completed is passed over like a skipped one.
  [[nodiscard]] PeriodState adjusted(Date start, PeriodState state) const {
    if (state == PeriodState::kCompleted || every_day() || is_due(days, start)) return state;
    return PeriodState::kSkipped;
  }
  [[nodiscard]] bool due(Date start) const { return every_day() || is_due(days, start); }
  [[nodiscard]] long not_due(Date from, Date to) const { return every_day() ? 0 : not_due_days(days, from, to); }
};

// Calls visit(tally) once per period holding a log dated in [first, last] (each bound optional),
// oldest first. One pass over `logs`; the calendar is only consulted when a log opens a new period.
template <class Visit>
void for_each_period(Frequency frequency, std::span<const LogEntry> logs, std::optional<Date> first, std::optional<Date> last,
                     Visit&& visit) {
  std::optional<PeriodTally> open;
  for (const LogEntry& log : logs) {
    if (first && log.date < *first) continue;
    if (last && log.date > *last) break;
    if (open && log.date >= open->end) {
      visit(*open);
      open.reset();
    }
    if (!open) open = PeriodTally{period_start(frequency, log.date), next_period_start(frequency, log.date)};
    add_log(*open, log);
  }
  if (open) visit(*open);
}

// Follows runs of completed periods across skipped ones, period by period, oldest first. Periods
// without logs are not fed in: a gap between two fed periods ends the run, unless none of its
// periods is due.
class RunTracker {
 public:
  explicit RunTracker(const Schedule& schedule) : schedule_(schedule) {}

  void add(Date start, Date end, PeriodState state) {
    if (!fed_ || schedule_.gap_breaks(previous_end_, start)) run_ = 0;
    previous_end_ = end;
    fed_ = true;
    switch (state) {
      case PeriodState::kCompleted:
        if (run_ == 0) run_first_ = start;
        ++run_;
        longest_ = std::max(longest_, run_);
        break;
      case PeriodState::kSkipped:
        break;  // neither extends nor breaks the run
      case PeriodState::kNone:
        run_ = 0;
        break;
    }
  }

  // The run that reaches the period starting at `next`: 0 when a period that is due and holds no
  // log lies between the last period fed in and `next`.
  [[nodiscard]] int run_reaching(Date next) const { return fed_ && !schedule_.gap_breaks(previous_end_, next) ? run_ : 0; }
  [[nodiscard]] Date run_first() const { return run_first_; }
  [[nodiscard]] int longest() const { return longest_; }

 private:
  const Schedule& schedule_;
  // A flag and a value rather than std::optional<Date>: GCC 12 at -O2 reports the optional's payload
  // as maybe-uninitialized here (a false positive that -Werror turns into a failed Release build).
  bool fed_ = false;
  Date previous_end_{};
  int run_ = 0;
  Date run_first_{};
  int longest_ = 0;
};

// The elapsed periods of the completion rate, fed with every period that holds a log in range
// (its state already adjusted to the schedule).
class ElapsedCounter {
 public:
  ElapsedCounter(const Schedule& schedule, Date current) : schedule_(schedule), current_(current) {}

  void add(Date start, PeriodState state) {
    if (start < current_) {
      if (state == PeriodState::kSkipped) ++skipped_before_;
      if (!schedule_.due(start)) ++logged_not_due_before_;
    } else if (state == PeriodState::kCompleted) {
      ++completed_from_current_;
    }
  }

  // `periods_before`: how many periods of the range lie before the current one, from `first` up to
  // `end` (excluded). Days that are not due and hold no log do not elapse: they are passed over.
  [[nodiscard]] long elapsed(long periods_before, Date first, Date end) const {
    const long unlogged_not_due = schedule_.not_due(first, end) - logged_not_due_before_;
    return periods_before - skipped_before_ - unlogged_not_due + completed_from_current_;
  }

 private:
  const Schedule& schedule_;
  Date current_;
  long skipped_before_ = 0;
  long logged_not_due_before_ = 0;
  long completed_from_current_ = 0;
};

HabitRule normalized(HabitRule rule) {
  rule.times_per_period = std::max(rule.times_per_period, 1);
  return rule;
}

// Periods from the one holding `first` up to (not including) the current one, and not after the
// one holding `last`.
long periods_before_current(Frequency frequency, Date first, std::optional<Date> last, Date today) {
  const Date current = period_start(frequency, today);
  if (current <= period_start(frequency, first)) return 0;
  const Date before_current = current - std::chrono::days{1};
  return periods_between(frequency, first, last ? std::min(*last, before_current) : before_current);
}

// The first day after the range periods_before_current() counts.
Date end_before_current(Date first, std::optional<Date> last, Date current) {
  const Date end = last ? std::min(*last + std::chrono::days{1}, current) : current;
  return std::max(end, first);
}

}  // namespace

std::optional<double> amount_under_goal(const std::optional<double>& goal, LogStatus status,
                                        const std::optional<double>& amount) {
  if (!goal || status != LogStatus::kCompleted) return std::nullopt;
  return amount.value_or(0.0);
}

StreakSummary summarize(const HabitRule& habit_rule, std::span<const LogEntry> logs, Date today) {
  StreakSummary summary;
  const HabitRule rule = normalized(habit_rule);
  const Date current = period_start(rule.frequency, today);
  const Schedule schedule{rule.frequency, rule.weekdays};

  RunTracker every_period(schedule);    // longest_streak
  RunTracker before_current(schedule);  // the walk back from the period before the current one
  ElapsedCounter elapsed(schedule, current);
  std::optional<PeriodState> current_state;
  for_each_period(rule.frequency, logs, std::nullopt, std::nullopt, [&](const PeriodTally& tally) {
    const PeriodState state = schedule.adjusted(tally.start, state_of(rule, tally));
    every_period.add(tally.start, tally.end, state);
    if (tally.start < current) before_current.add(tally.start, tally.end, state);
    if (tally.start == current) current_state = state;
    elapsed.add(tally.start, state);
    summary.total_completions += tally.completed_logs;
    if (tally.last_completed) summary.last_completed_on = tally.last_completed;
    if (state == PeriodState::kCompleted) ++summary.completed_periods;
  });

  summary.longest_streak = every_period.longest();
  // The current period counts when completed and is passed over otherwise.
  const int before = before_current.run_reaching(current);
  const bool current_completed = current_state == PeriodState::kCompleted;
  summary.current_streak = before + (current_completed ? 1 : 0);
  if (before > 0)
    summary.current_streak_start = before_current.run_first();
  else if (current_completed)
    summary.current_streak_start = current;

  const Date first = logs.empty() ? rule.start_date : std::min(rule.start_date, logs.front().date);
  summary.elapsed_periods = elapsed.elapsed(periods_before_current(rule.frequency, first, std::nullopt, today), first,
                                            end_before_current(first, std::nullopt, current));
  return summary;
}

std::optional<double> completion_rate(const HabitRule& habit_rule, std::span<const LogEntry> logs, std::optional<Date> from,
                                      std::optional<Date> to, Date today) {
  const HabitRule rule = normalized(habit_rule);
  const Date first =
      from ? std::max(*from, rule.start_date) : (logs.empty() ? rule.start_date : std::min(rule.start_date, logs.front().date));
  if (to && *to < first) return std::nullopt;

  const Schedule schedule{rule.frequency, rule.weekdays};
  const Date current = period_start(rule.frequency, today);
  ElapsedCounter elapsed(schedule, current);
  long completed = 0;
  for_each_period(rule.frequency, logs, first, to, [&](const PeriodTally& tally) {
    const PeriodState state = schedule.adjusted(tally.start, state_of(rule, tally));
    elapsed.add(tally.start, state);
    if (state == PeriodState::kCompleted) ++completed;
  });
  const long periods =
      elapsed.elapsed(periods_before_current(rule.frequency, first, to, today), first, end_before_current(first, to, current));
  if (periods <= 0) return std::nullopt;
  return static_cast<double>(completed) / static_cast<double>(periods);
}

PeriodProgress period_progress(const HabitRule& habit_rule, std::span<const LogEntry> logs, Date date) {
  const HabitRule rule = normalized(habit_rule);
  PeriodTally tally{period_start(rule.frequency, date), next_period_start(rule.frequency, date)};
  // Sorted by date: skip to the period, stop after it. Every log in it counts (figures never drop
  // a log), whatever lies before start_date or after `date`.
  const auto first =
      std::lower_bound(logs.begin(), logs.end(), tally.start, [](const LogEntry& log, Date day) { return log.date < day; });
  for (auto it = first; it != logs.end() && it->date < tally.end; ++it) add_log(tally, *it);
  return PeriodProgress{tally.start, tally.end - std::chrono::days{1}, tally.completed_logs, tally.amount,
                        state_of(rule, tally) == PeriodState::kCompleted};
}

}  // namespace habitd::domain
