#include "service/changes_service.hpp"

#include <algorithm>

#include "domain/error.hpp"

namespace habitd::service {

using domain::ChangeKind;
using domain::ChangePosition;
using domain::Error;
using domain::ErrorCode;

ChangesPage ChangesService::changes(const std::string& user_id, const std::optional<std::string>& since, int limit) const {
  ChangePosition after;  // before everything
  if (since) {
    const auto decoded = domain::decode_cursor(*since);
    if (!decoded)
      throw Error(ErrorCode::kMalformed, "The cursor is not one this server gave out.", {{"since", "is not a valid cursor"}});
    after = *decoded;
  }
  const auto size = static_cast<std::size_t>(std::clamp(limit, 1, kMaxLimit));
  auto batch = changes_.read(user_id, after, size + 1);
  if (!batch) throw Error(ErrorCode::kUnauthenticated, "The account no longer exists.");
  if (since) {
    if (after.seq > batch->cap)
      throw Error(ErrorCode::kMalformed, "The cursor is not one this server gave out.", {{"since", "is not a valid cursor"}});
    // Deletions after the cursor may have been purged: the client must start again without it.
    if (batch->purged_seq > std::max(after.seq, after.floor))
      throw Error(ErrorCode::kGone, "This cursor is older than the deletions the server keeps; sync again without since.");
  } else {
    // A client starting from nothing needs no tombstone of what was deleted before it began.
    after.floor = batch->cap;
    if (batch->deleted.size() > 0) std::erase_if(batch->deleted, [&](const store::Tombstone& t) { return t.seq <= after.floor; });
  }

  std::vector<ChangePosition> habit_positions, log_positions, deletion_positions;
  std::vector<std::pair<std::string, std::string>> deleted_logs;
  for (const auto& [habit, seq] : batch->habits) habit_positions.push_back({seq, ChangeKind::kHabit, habit.id, {}, after.floor});
  for (const auto& [log, seq] : batch->logs)
    log_positions.push_back({seq, ChangeKind::kLog, log.habit_id, domain::format_date(log.date), after.floor});
  for (const auto& t : batch->deleted) {
    deletion_positions.push_back({t.seq, ChangeKind::kDeletion, t.id, {}, after.floor});
    deleted_logs.emplace_back(t.habit_id, t.date ? domain::format_date(*t.date) : std::string());
  }
  const auto page = domain::merge_feed(habit_positions, log_positions, deletion_positions, deleted_logs, size);

  ChangesPage out;
  out.has_more = page.has_more;
  const domain::Date today = habit_service_.today_for(user_id);
  for (const auto& entry : page.entries) {
    switch (entry.position.kind) {
      case ChangeKind::kHabit: {
        const domain::Habit& habit = batch->habits[entry.index].first;
        const auto logs = habits_.log_entries(user_id, habit.id);
        out.habits.push_back(HabitView{habit, domain::summarize(habit.rule(), logs, today)});
        break;
      }
      case ChangeKind::kLog:
        out.logs.push_back(batch->logs[entry.index].first);
        break;
      case ChangeKind::kDeletion:
        out.deleted.push_back(batch->deleted[entry.index]);
        break;
      case ChangeKind::kEnd:
        break;
    }
  }
  // More to read: resume after the last entry this page covered. Caught up: resume after
  // everything numbered up to what this page was read at.
  ChangePosition next =
      page.has_more && page.last ? *page.last : ChangePosition{batch->cap, ChangeKind::kEnd, {}, {}, after.floor};
  next.floor = after.floor;
  out.cursor = domain::encode_cursor(next);
  return out;
}

}  // namespace habitd::service
