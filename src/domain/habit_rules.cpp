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
// periods is due. Its state can be kept (a HistoryDigest) and resumed.
class RunTracker {
 public:
  RunTracker(const Schedule& schedule, const RunState& state) : schedule_(schedule), state_(state) {}

  void add(Date start, Date end, PeriodState period) {
    if (!state_.fed || schedule_.gap_breaks(state_.fed_until, start)) state_.run = 0;
    state_.fed_until = end;
    state_.fed = true;
    switch (period) {
      case PeriodState::kCompleted:
        if (state_.run == 0) state_.run_first = start;
        ++state_.run;
        state_.longest = std::max(state_.longest, state_.run);
        break;
      case PeriodState::kSkipped:
        break;  // neither extends nor breaks the run
      case PeriodState::kNone:
        state_.run = 0;
        break;
    }
  }

  // The run that reaches the period starting at `next`: 0 when a period that is due and holds no
  // log lies between the last period fed in and `next`.
  [[nodiscard]] int run_reaching(Date next) const {
    return state_.fed && !schedule_.gap_breaks(state_.fed_until, next) ? state_.run : 0;
  }
  [[nodiscard]] Date run_first() const { return state_.run_first; }
  [[nodiscard]] int longest() const { return state_.longest; }
  [[nodiscard]] const RunState& state() const { return state_; }

 private:
  const Schedule& schedule_;
  RunState state_;
};

// The elapsed periods of the completion rate, fed with every period that holds a log in range
// (its state already adjusted to the schedule).
class ElapsedCounter {
 public:
  ElapsedCounter(const Schedule& schedule, Date current, long skipped_before = 0, long logged_not_due_before = 0)
      : schedule_(schedule), current_(current), skipped_before_(skipped_before), logged_not_due_before_(logged_not_due_before) {}

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
  [[nodiscard]] long skipped_before() const { return skipped_before_; }
  [[nodiscard]] long logged_not_due_before() const { return logged_not_due_before_; }

 private:
  const Schedule& schedule_;
  Date current_;
  long skipped_before_;
  long logged_not_due_before_;
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
  return summarize(habit_rule, HistoryDigest{}, logs, today);
}

HistoryDigest digest_history(const HabitRule& rule, std::span<const LogEntry> logs, Date checkpoint) {
  return extend_history(rule, HistoryDigest{}, logs, checkpoint);
}

HistoryDigest extend_history(const HabitRule& habit_rule, HistoryDigest digest, std::span<const LogEntry> logs, Date checkpoint) {
  const HabitRule rule = normalized(habit_rule);
  const Schedule schedule{rule.frequency, rule.weekdays};
  RunTracker runs(schedule, digest.runs);
  // Every period folded in lies before the checkpoint, so before any current period to come.
  ElapsedCounter elapsed(schedule, checkpoint, digest.skipped_periods, digest.logged_not_due_periods);
  for_each_period(rule.frequency, logs, std::nullopt, std::nullopt, [&](const PeriodTally& tally) {
    const PeriodState state = schedule.adjusted(tally.start, state_of(rule, tally));
    runs.add(tally.start, tally.end, state);
    elapsed.add(tally.start, state);
    digest.total_completions += tally.completed_logs;
    if (tally.last_completed) digest.last_completed_on = tally.last_completed;
    if (state == PeriodState::kCompleted) ++digest.completed_periods;
  });
  if (!digest.earliest_log && !logs.empty()) digest.earliest_log = logs.front().date;
  for (const LogEntry& log : logs)
    if (log.status == LogStatus::kCompleted) ++digest.completions_by_weekday[std::chrono::weekday(log.date).iso_encoding() - 1];
  digest.runs = runs.state();
  digest.skipped_periods = elapsed.skipped_before();
  digest.logged_not_due_periods = elapsed.logged_not_due_before();
  digest.checkpoint = checkpoint;
  return digest;
}

StreakSummary summarize(const HabitRule& habit_rule, const HistoryDigest& digest, std::span<const LogEntry> recent, Date today) {
  StreakSummary summary;
  const HabitRule rule = normalized(habit_rule);
  const Date current = period_start(rule.frequency, today);
  const Schedule schedule{rule.frequency, rule.weekdays};

  // The digest's periods all lie before the current one: both walks resume from its runs.
  RunTracker every_period(schedule, digest.runs);    // longest_streak
  RunTracker before_current(schedule, digest.runs);  // the walk back from the period before the current one
  ElapsedCounter elapsed(schedule, current, digest.skipped_periods, digest.logged_not_due_periods);
  summary.total_completions = digest.total_completions;
  summary.last_completed_on = digest.last_completed_on;
  summary.completed_periods = digest.completed_periods;
  std::optional<PeriodState> current_state;
  for_each_period(rule.frequency, recent, std::nullopt, std::nullopt, [&](const PeriodTally& tally) {
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

  const std::optional<Date> earliest = digest.earliest_log ? digest.earliest_log
                                       : recent.empty()    ? std::nullopt
                                                           : std::optional<Date>(recent.front().date);
  const Date first = earliest ? std::min(rule.start_date, *earliest) : rule.start_date;
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
