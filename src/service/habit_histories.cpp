#include "service/habit_histories.hpp"

#include <algorithm>
#include <limits>
#include <span>

#include "domain/calendar.hpp"

namespace habitd::service {

using domain::Date;
using domain::HistoryDigest;
using domain::LogEntry;

namespace {

// What a digest depends on besides the logs (never start_date: domain::HistoryDigest).
std::string rule_key(const domain::HabitRule& rule) {
  return std::string(domain::to_string(rule.frequency)) + '|' + std::to_string(rule.times_per_period) + '|' +
         (rule.goal ? std::to_string(*rule.goal) : std::string("-")) + '|' + std::to_string(rule.weekdays);
}

Date checkpoint_for(domain::Frequency frequency, Date today) {
  return domain::period_start(frequency, today - HabitHistories::kLookback);
}

// The logs from `from` on (all when nullopt), of logs sorted by date.
std::span<const LogEntry> from_on(std::span<const LogEntry> logs, std::optional<Date> from) {
  if (!from) return logs;
  const auto first =
      std::lower_bound(logs.begin(), logs.end(), *from, [](const LogEntry& log, Date day) { return log.date < day; });
  return logs.subspan(static_cast<std::size_t>(first - logs.begin()));
}

}  // namespace

HabitHistories::HabitHistories(const store::HabitStore& habits, const util::Clock& clock, std::size_t capacity)
    : habits_(habits), clock_(clock), capacity_(capacity) {}

std::unordered_map<std::string, HabitFigures> HabitHistories::figures(const std::string& user_id,
                                                                      const std::vector<domain::Habit>& habits, Date today,
                                                                      std::optional<Date> logs_from) const {
  std::unordered_map<std::string, HabitFigures> out;
  if (habits.empty()) return out;
  const auto now = clock_.now();

  // The digests that may still stand: same rule, checkpoint not after the current period, checked lately.
  std::unordered_map<std::string, Kept> usable;
  std::int64_t oldest_check = std::numeric_limits<std::int64_t>::max();
  for (const auto& habit : habits) {
    auto kept = find(habit.id);
    if (!kept || kept->rule_key != rule_key(habit.rule()) ||
        kept->digest.checkpoint > domain::period_start(habit.frequency, today) || now - kept->checked_at > kMaxUnchecked)
      continue;
    oldest_check = std::min(oldest_check, kept->checked_seq);
    usable.emplace(habit.id, std::move(*kept));
  }
  // One query for what changed since the oldest check; a change before a digest's checkpoint
  // that it has not seen ends it.
  const store::HistoryChanges changes = habits_.history_changes(user_id, oldest_check);
  for (const auto& change : changes.logs) {
    const auto it = usable.find(change.habit_id);
    if (it != usable.end() && change.seq > it->second.checked_seq && change.date < it->second.digest.checkpoint) usable.erase(it);
  }

  // The logs to read: from the earliest checkpoint in use, or all when a habit needs a new digest.
  std::optional<Date> from = logs_from;
  bool all = !logs_from.has_value();
  for (const auto& habit : habits) {
    const auto it = usable.find(habit.id);
    if (it == usable.end()) {
      all = true;
    } else if (!all) {
      from = std::min(*from, it->second.digest.checkpoint);
    }
  }
  // One habit: its logs alone; several: every habit's of the user, in one query.
  store::LogsByHabit logs;
  if (habits.size() == 1)
    logs.emplace(habits.front().id, habits_.log_entries(user_id, habits.front().id, all ? std::nullopt : from));
  else
    logs = habits_.log_entries_of_user(user_id, all ? std::nullopt : from);

  for (const auto& habit : habits) {
    const auto found = logs.find(habit.id);
    const std::span<const LogEntry> entries =
        found == logs.end() ? std::span<const LogEntry>{} : std::span<const LogEntry>(found->second);
    const auto rule = habit.rule();
    Kept kept;
    if (auto it = usable.find(habit.id); it != usable.end()) {
      kept = std::move(it->second);
      // Far behind today: the checkpoint moves on over logs already read.
      const Date next = checkpoint_for(habit.frequency, today);
      if (today - kept.digest.checkpoint > kMaxLag && next > kept.digest.checkpoint) {
        const auto moved = from_on(entries, kept.digest.checkpoint);
        const auto end =
            std::lower_bound(moved.begin(), moved.end(), next, [](const LogEntry& log, Date day) { return log.date < day; });
        kept.digest = domain::extend_history(rule, kept.digest, std::span<const LogEntry>(moved.begin(), end), next);
      }
    } else {
      const Date checkpoint = std::min(checkpoint_for(habit.frequency, today), domain::period_start(habit.frequency, today));
      const auto end = std::lower_bound(entries.begin(), entries.end(), checkpoint,
                                        [](const LogEntry& log, Date day) { return log.date < day; });
      kept.rule_key = rule_key(rule);
      kept.digest = domain::digest_history(rule, std::span<const LogEntry>(entries.begin(), end), checkpoint);
    }
    kept.checked_seq = changes.data_version;
    kept.checked_at = now;
    HabitFigures figures;
    figures.summary = domain::summarize(rule, kept.digest, from_on(entries, kept.digest.checkpoint), today);
    const auto wanted = from_on(entries, logs_from);
    figures.logs.assign(wanted.begin(), wanted.end());
    out.emplace(habit.id, std::move(figures));
    keep(habit.id, std::move(kept));
  }
  return out;
}

std::optional<HabitHistories::Kept> HabitHistories::find(const std::string& habit_id) const {
  const std::lock_guard lock(mutex_);
  const auto it = kept_.find(habit_id);
  if (it == kept_.end()) return std::nullopt;
  return it->second;
}

void HabitHistories::keep(const std::string& habit_id, Kept kept) const {
  if (capacity_ == 0) return;
  const std::lock_guard lock(mutex_);
  // Full: one digest makes room, whichever comes first; it is made again when next needed.
  if (kept_.size() >= capacity_ && !kept_.contains(habit_id)) kept_.erase(kept_.begin());
  kept_.insert_or_assign(habit_id, std::move(kept));
}

std::size_t HabitHistories::size() const {
  const std::lock_guard lock(mutex_);
  return kept_.size();
}

}  // namespace habitd::service
