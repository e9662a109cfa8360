#include "service/export_service.hpp"

#include <algorithm>
#include <map>

#include "domain/habit_rules.hpp"
#include "domain/habit_validation.hpp"
#include "security/random.hpp"
#include "service/webhook_events.hpp"
#include "store/export_store.hpp"
#include "store/user_store.hpp"
#include "store/webhook_store.hpp"
#include "util/clock.hpp"
#include "util/time_format.hpp"

namespace habitd::service {

using domain::Date;
using domain::Error;
using domain::ErrorCode;

namespace {

std::string index_path(std::string_view prefix, std::size_t index) {
  return std::string(prefix) + "[" + std::to_string(index) + "]";
}

// The habit's new logs, checking each like POST /logs would (start_date, amount, one per day),
// except against today: an export taken where "today" was later (another time zone, another
// day_start) must import all the same.
std::vector<domain::HabitLog> import_logs(const domain::Habit& habit, const std::vector<ImportLog>& logs, std::int64_t now_micros,
                                          const std::string& path, domain::FieldErrors& errors) {
  std::vector<domain::HabitLog> out;
  out.reserve(logs.size());
  std::map<Date, std::size_t> first_on;
  for (std::size_t j = 0; j < logs.size(); ++j) {
    const ImportLog& log = logs[j];
    domain::FieldErrors log_errors;
    domain::validate_log_start(habit, log.date, log_errors);
    domain::validate_log_fields(habit, log.status, log.amount, log_errors);
    // The database would refuse the second one too, but only after everything before it was sent.
    if (const auto [first, fresh] = first_on.emplace(log.date, j); !fresh)
      log_errors.add("date", "repeats the date of " + index_path(path + ".logs", first->second));
    errors.merge(index_path(path + ".logs", j) + ".", log_errors);
    out.push_back(
        domain::HabitLog{security::new_id(), habit.id, log.date, log.status, log.notes, log.amount, now_micros, now_micros});
  }
  return out;
}

}  // namespace

domain::User ExportService::require_user(const std::string& user_id) const {
  auto record = users_.find_by_id(user_id);
  if (!record) throw Error(ErrorCode::kUnauthenticated, "The account no longer exists.");
  return std::move(record->user);
}

UserExport ExportService::export_all(const std::string& user_id) const {
  const auto now = clock_.now();
  UserExport out;
  std::vector<store::HabitWithLogs> stored;
  // The account (its time zone and day start decide the figures) and the habits as of one moment.
  store_.in_one_snapshot([&] {
    out.user = require_user(user_id);
    stored = store_.read_all(user_id);
  });
  out.exported_at = util::to_micros(now);
  const Date today = domain::today_of(out.user, now);
  out.habits.reserve(stored.size());
  std::vector<domain::LogEntry> entries;
  for (auto& item : stored) {
    entries.clear();
    for (auto& log : item.logs) {
      // As the habit now says (see day_view): what is exported must import.
      log.amount = domain::amount_under_goal(item.habit.goal, log.status, log.amount);
      entries.push_back(domain::LogEntry{log.date, log.status, log.amount});
    }
    const auto summary = domain::summarize(item.habit.rule(), entries, today);
    out.habits.push_back(ExportedHabit{HabitView{std::move(item.habit), summary}, std::move(item.logs)});
  }
  return out;
}

ImportResult ExportService::import_all(const std::string& user_id, const std::vector<ImportHabit>& habits) const {
  const auto now = clock_.now();
  const Date today = domain::today_of(require_user(user_id), now);
  const std::int64_t now_micros = util::to_micros(now);
  domain::FieldErrors errors;
  std::size_t log_count = 0;
  for (const auto& habit : habits) log_count += habit.logs.size();

  std::vector<store::HabitWithLogs> rows;
  rows.reserve(habits.size());
  for (std::size_t i = 0; i < habits.size(); ++i) {
    // Creation times a microsecond apart keep the file's order wherever habits are listed by
    // creation (ids are time-ordered only to the millisecond); the wire shows whole seconds.
    domain::Habit habit = make_habit(user_id, habits[i].habit, today, now_micros + static_cast<std::int64_t>(i));
    const std::string path = index_path("habits", i);
    domain::FieldErrors habit_errors;
    domain::validate_habit_rules(habit, habit_errors);
    errors.merge(path + ".", habit_errors);
    auto logs = import_logs(habit, habits[i].logs, now_micros, path, errors);
    rows.push_back(store::HabitWithLogs{std::move(habit), std::move(logs)});
  }
  domain::throw_import_errors(errors);
  store_.insert_all(user_id, rows, quotas_, import_events(user_id, rows, today));
  return ImportResult{static_cast<long long>(rows.size()), static_cast<long long>(log_count)};
}

store::OutboxEvents ExportService::import_events(const std::string& user_id, const std::vector<store::HabitWithLogs>& rows,
                                                 Date today) const {
  store::OutboxEvents out;
  if (events_ == nullptr || webhooks_ == nullptr) return out;
  bool habits = false;
  bool logs = false;
  for (const auto& webhook : webhooks_->list(user_id)) {
    if (webhook.disabled) continue;
    habits = habits || std::ranges::find(webhook.events, "habit.created") != webhook.events.end();
    logs = logs || std::ranges::find(webhook.events, "log.created") != webhook.events.end();
  }
  std::vector<domain::LogEntry> entries;
  for (const auto& row : rows) {
    if (habits) {
      entries.clear();
      for (const auto& log : row.logs) entries.push_back(domain::LogEntry{log.date, log.status, log.amount});
      const HabitView view{row.habit, domain::summarize(row.habit.rule(), entries, today)};
      auto made = events_->make("habit.created", view);
      std::move(made.begin(), made.end(), std::back_inserter(out));
    }
    if (!logs) continue;
    for (const auto& log : row.logs) {
      auto made = events_->make("log.created", log);
      std::move(made.begin(), made.end(), std::back_inserter(out));
    }
  }
  return out;
}

}  // namespace habitd::service
