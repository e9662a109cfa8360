#include "store/export_store.hpp"

#include <soci/soci.h>

#include <unordered_map>

#include "store/data_version.hpp"
#include "store/database.hpp"
#include "store/soci_inserts.hpp"
#include "store/soci_rows.hpp"

namespace habitd::store {

std::vector<HabitWithLogs> ExportStore::read_all(const std::string& user_id) const {
  return database_.run([&](soci::session& sql) {
    std::vector<HabitWithLogs> out;
    std::unordered_map<std::string, std::size_t> index;
    rows::HabitRow habit;
    rows::for_each_row(sql, habit,
                       std::string("SELECT ") + rows::kHabitColumns + " FROM habits WHERE user_id = :user ORDER BY created_at, id",
                       [&] {
                         index.emplace(habit.id, out.size());
                         out.push_back(HabitWithLogs{habit.habit(), {}});
                       },
                       soci::use(user_id));
    if (out.empty()) return out;
    // The (user_id, habit_id, log_date) index serves this in order. A habit created between the
    // two queries has logs but no entry: they are left for the next export.
    rows::LogRow log;
    rows::for_each_row(sql, log,
                       std::string("SELECT ") + rows::kLogColumns + " FROM habit_logs WHERE user_id = :user ORDER BY habit_id, log_date",
                       [&] {
                         if (const auto it = index.find(log.habit_id); it != index.end()) out[it->second].logs.push_back(log.log());
                       },
                       soci::use(user_id));
    return out;
  });
}

void ExportStore::insert_all(const std::string& user_id, const std::vector<HabitWithLogs>& habits) const {
  database_.transaction([&](soci::session& sql) {
    rows::BatchInsert<rows::HabitParams> insert_habits(sql);
    for (const auto& item : habits) insert_habits.next().assign(user_id, item.habit);
    insert_habits.finish();  // before the logs: they refer to the habits
    rows::BatchInsert<rows::LogParams> insert_logs(sql);
    for (const auto& item : habits)
      for (const auto& log : item.logs) insert_logs.next().assign(user_id, log);
    insert_logs.finish();
    bump_data_version(sql, user_id);
  });
}

}  // namespace habitd::store
