#include "store/export_store.hpp"

#include <soci/soci.h>

#include <unordered_map>

#include "store/change_numbers.hpp"
#include "store/database.hpp"
#include "store/quota.hpp"
#include "store/records.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

const std::string kAllHabits =
    "SELECT " + column_list<HabitRecord>() + " FROM habits WHERE user_id = :user ORDER BY created_at, id";
// The (user_id, habit_id, log_date) index serves this in order.
const std::string kAllLogs =
    "SELECT " + column_list<LogRecord>() + " FROM habit_logs WHERE user_id = :user ORDER BY habit_id, log_date";

// 900 parameters a batch: under SQLite's historical limit of 999.
constexpr std::size_t kHabitBatch = 60;
constexpr std::size_t kLogBatch = 90;

}  // namespace

std::vector<HabitWithLogs> ExportStore::read_all(const std::string& user_id) const {
  // One read transaction: the habits and the logs are of the same moment, even with writes going on.
  return database_.snapshot([&](soci::session& sql) {
    std::vector<HabitWithLogs> out;
    std::unordered_map<std::string, std::size_t> index;
    auto& habits = prepared<Select<HabitRecord, std::string>>(sql, kAllHabits);
    habits.values.params = {user_id};
    for_each_row(sql, habits, [&] {
      index.emplace(habits.values.row.id, out.size());
      out.push_back(HabitWithLogs{habits.values.row.habit(), {}});
    });
    if (out.empty()) return out;
    auto& logs = prepared<Select<LogRecord, std::string>>(sql, kAllLogs);
    logs.values.params = {user_id};
    for_each_row(sql, logs, [&] {
      if (const auto it = index.find(logs.values.row.habit_id); it != index.end())
        out[it->second].logs.push_back(logs.values.row.log());
    });
    return out;
  });
}

void ExportStore::in_one_snapshot(const std::function<void()>& reads) const {
  database_.snapshot([&](soci::session&) { reads(); });
}

void ExportStore::insert_all(const std::string& user_id, const std::vector<HabitWithLogs>& habits, const domain::Quotas& quotas,
                             const PendingEvents& events) const {
  long long logs = 0;
  for (const auto& item : habits) logs += static_cast<long long>(item.logs.size());
  database_.transaction([&](soci::session& sql) {
    const auto [seq, webhooks] = next_change(sql, user_id);
    count_usage(sql, Counted::kHabits, user_id, static_cast<long long>(habits.size()), quotas.habits);
    count_usage(sql, Counted::kLogs, user_id, logs, quotas.logs);
    BatchInsert<HabitRecord, kHabitBatch> insert_habits(sql, "habits");
    for (const auto& item : habits) insert_habits.next().assign(item.habit, seq);
    insert_habits.finish();  // before the logs: they refer to the habits
    BatchInsert<LogRecord, kLogBatch> insert_logs(sql, "habit_logs");
    for (const auto& item : habits)
      for (const auto& log : item.logs) insert_logs.next().assign(user_id, log, seq);
    insert_logs.finish();
    record_events(sql, user_id, events, webhooks);
  });
}

}  // namespace habitd::store
