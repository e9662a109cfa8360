#include "store/habit_store.hpp"

#include <soci/soci.h>

#include "domain/error.hpp"
#include "security/random.hpp"
#include "store/data_version.hpp"
#include "store/database.hpp"
#include "store/soci_inserts.hpp"
#include "store/soci_rows.hpp"

namespace habitd::store {
namespace {

using domain::Date;

using rows::date_text;
using rows::for_each_row;
using rows::HabitRow;
using rows::indicator_of;
using rows::kHabitColumns;
using rows::kLogColumns;
using rows::LogRow;
using rows::optional_of;
using rows::parse_stored_date;

// Reads (habit_id, log_date, status, amount) rows into per-habit entries, keeping query order;
// `bind_uses` binds the query's parameters.
template <typename BindUses>
void collect_entries(soci::session& sql, const std::string& query, LogsByHabit& out, BindUses&& bind_uses) {
  std::string habit_id, log_date, status;
  double amount = 0;
  soci::indicator amount_ind{};
  soci::statement st(sql);
  st.exchange(soci::into(habit_id));
  st.exchange(soci::into(log_date));
  st.exchange(soci::into(status));
  st.exchange(soci::into(amount, amount_ind));
  bind_uses(st);
  st.alloc();
  st.prepare(query, soci::details::st_one_time_query);
  st.define_and_bind();
  if (!st.execute(true)) return;
  do {
    out[habit_id].push_back(domain::LogEntry{parse_stored_date(log_date),
                                             domain::parse_log_status(status).value_or(domain::LogStatus::kCompleted),
                                             optional_of(amount, amount_ind)});
  } while (st.fetch());
}

// Nearly every request about one habit starts by loading it: prepared once per connection.
struct HabitById {
  std::string id, user_id;
  HabitRow row;
  soci::statement st;

  explicit HabitById(soci::session& sql) : st(sql) {
    row.bind(st);
    st.exchange(soci::use(id));
    st.exchange(soci::use(user_id));
    st.alloc();
    st.prepare(std::string("SELECT ") + kHabitColumns + " FROM habits WHERE id = :id AND user_id = :user");
    st.define_and_bind();
  }
};

// POST /logs, the busiest write: prepared once per connection (on PostgreSQL the server then
// parses and plans it once, not per request).
struct LogInsert {
  rows::LogParams params;
  soci::statement st;

  explicit LogInsert(soci::session& sql) : st(sql) {
    params.bind(st);
    st.alloc();
    st.prepare(std::string(rows::LogParams::kInsert) +
               "(:id, :user, :habit, :date, :status, :notes, :amount, :created, :updated)");
    st.define_and_bind();
  }
};

// Keeps every log of a habit as domain::amount_under_goal describes it, whatever the goal was
// before: with a goal, completed logs without an amount get 0 (they count as done, adding nothing)
// and skipped ones hold none; without a goal, no log holds an amount. The statements depend only
// on the goal being written, so two concurrent updates cannot leave the logs out of step with it.
// A log whose amount changes is updated (updated_at), like any other change to it.
void align_amounts_with_goal(soci::session& sql, const domain::Habit& habit) {
  const long long at = habit.updated_at;
  const auto run = [&](const char* statement) {
    sql << statement, soci::use(at), soci::use(habit.user_id), soci::use(habit.id);
  };
  if (habit.goal) {
    run("UPDATE habit_logs SET amount = 0, updated_at = :at WHERE user_id = :user AND habit_id = :habit "
        "AND status = 'completed' AND amount IS NULL");
    run("UPDATE habit_logs SET amount = NULL, updated_at = :at WHERE user_id = :user AND habit_id = :habit "
        "AND status = 'skipped' AND amount IS NOT NULL");
  } else {
    run("UPDATE habit_logs SET amount = NULL, updated_at = :at WHERE user_id = :user AND habit_id = :habit "
        "AND amount IS NOT NULL");
  }
}

std::string filter_clause(const HabitFilter& filter) {
  std::string where = " WHERE user_id = :user";
  if (filter.archived) where += " AND archived = :archived";
  if (filter.frequency) where += " AND frequency = :frequency";
  return where;
}

}  // namespace

void HabitStore::create(const domain::Habit& h) const {
  database_.transaction([&](soci::session& sql) {
    rows::BatchInsert<rows::HabitParams> insert(sql);
    insert.next().assign(h.user_id, h);
    insert.finish();
    bump_data_version(sql, h.user_id);
  });
}

std::optional<domain::Habit> HabitStore::get(const std::string& user_id, const std::string& habit_id) const {
  return database_.run([&](soci::session& sql) -> std::optional<domain::Habit> {
    auto& query = prepared<HabitById>(sql);
    query.id = habit_id;
    query.user_id = user_id;
    const bool found = execute_prepared(sql, query);
    done_with(sql, query.st);
    if (!found) return std::nullopt;
    return query.row.habit();
  });
}

HabitPage HabitStore::list(const std::string& user_id, const HabitFilter& filter, long long limit, long long offset,
                           LogsByHabit* logs) const {
  const std::string where = filter_clause(filter);
  const int archived = filter.archived.value_or(false) ? 1 : 0;
  const std::string frequency = filter.frequency ? std::string(domain::to_string(*filter.frequency)) : std::string();
  // SOCI binds by name; unused names must not be bound, so the binding follows the clause.
  const auto bind_filter = [&](soci::statement& st) {
    st.exchange(soci::use(user_id, "user"));
    if (filter.archived) st.exchange(soci::use(archived, "archived"));
    if (filter.frequency) st.exchange(soci::use(frequency, "frequency"));
  };
  const std::string page = " ORDER BY created_at, id LIMIT :limit OFFSET :offset";
  return database_.run([&](soci::session& sql) {
    HabitPage result;
    {
      long long total = 0;
      soci::statement st(sql);
      st.exchange(soci::into(total));
      bind_filter(st);
      st.alloc();
      st.prepare("SELECT COUNT(*) FROM habits" + where, soci::details::st_one_time_query);
      st.define_and_bind();
      st.execute(true);
      result.total = total;
    }
    {
      HabitRow row;
      soci::statement st(sql);
      row.bind(st);
      bind_filter(st);
      st.exchange(soci::use(limit, "limit"));
      st.exchange(soci::use(offset, "offset"));
      st.alloc();
      st.prepare(std::string("SELECT ") + kHabitColumns + " FROM habits" + where + page, soci::details::st_one_time_query);
      st.define_and_bind();
      if (st.execute(true)) {
        do {
          result.items.push_back(row.habit());
        } while (st.fetch());
      }
    }
    if (logs && !result.items.empty()) {
      // The page's habits again as a subquery: one query for all their logs, whatever their number.
      collect_entries(sql,
                      "SELECT habit_id, log_date, status, amount FROM habit_logs WHERE user_id = :user AND habit_id IN "
                      "(SELECT id FROM habits" + where + page + ") ORDER BY habit_id, log_date",
                      *logs, [&](soci::statement& st) {
                        bind_filter(st);
                        st.exchange(soci::use(limit, "limit"));
                        st.exchange(soci::use(offset, "offset"));
                      });
    }
    return result;
  });
}

std::optional<std::int64_t> HabitStore::update(const domain::Habit& h, std::optional<std::int64_t> expected_version) const {
  rows::HabitParams p;
  p.assign(h.user_id, h);
  return database_.transaction([&](soci::session& sql) -> std::optional<std::int64_t> {
    soci::statement st = (sql.prepare << "UPDATE habits SET name = :name, description = :description, frequency = :frequency, "
                                         "start_date = :start, target = :target, archived = :archived, times_per_period = :times, "
                                         "goal = :goal, unit = :unit, updated_at = :updated WHERE id = :id AND user_id = :user",
                          soci::use(p.name), soci::use(p.description, p.description_ind), soci::use(p.frequency),
                          soci::use(p.start_date), soci::use(p.target, p.target_ind), soci::use(p.archived),
                          soci::use(p.times_per_period), soci::use(p.goal, p.goal_ind), soci::use(p.unit, p.unit_ind),
                          soci::use(p.updated_at), soci::use(p.id), soci::use(p.user_id));
    st.execute(true);
    if (st.get_affected_rows() != 1) return std::nullopt;
    align_amounts_with_goal(sql, h);
    return bump_data_version_expecting(sql, p.user_id, expected_version);
  });
}

std::optional<std::int64_t> HabitStore::remove(const std::string& user_id, const std::string& habit_id,
                                               std::optional<std::int64_t> expected_version) const {
  return database_.transaction([&](soci::session& sql) -> std::optional<std::int64_t> {
    sql << "DELETE FROM habit_logs WHERE habit_id = :id AND user_id = :user", soci::use(habit_id), soci::use(user_id);
    soci::statement st =
        (sql.prepare << "DELETE FROM habits WHERE id = :id AND user_id = :user", soci::use(habit_id), soci::use(user_id));
    st.execute(true);
    if (st.get_affected_rows() != 1) return std::nullopt;
    return bump_data_version_expecting(sql, user_id, expected_version);
  });
}

std::vector<domain::LogEntry> HabitStore::log_entries(const std::string& user_id, const std::string& habit_id) const {
  return database_.run([&](soci::session& sql) {
    LogsByHabit logs;
    collect_entries(sql,
                    "SELECT habit_id, log_date, status, amount FROM habit_logs WHERE user_id = :user AND habit_id = :id "
                    "ORDER BY log_date",
                    logs, [&](soci::statement& st) {
                      st.exchange(soci::use(user_id));
                      st.exchange(soci::use(habit_id));
                    });
    return logs.empty() ? std::vector<domain::LogEntry>{} : std::move(logs.begin()->second);
  });
}

std::optional<Date> HabitStore::earliest_log_date(const std::string& user_id, const std::string& habit_id) const {
  return database_.run([&](soci::session& sql) -> std::optional<Date> {
    std::string first;
    soci::indicator ind{};
    sql << "SELECT MIN(log_date) FROM habit_logs WHERE habit_id = :id AND user_id = :user", soci::use(habit_id),
        soci::use(user_id), soci::into(first, ind);
    if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
    return parse_stored_date(first);
  });
}

void HabitStore::insert_log(const std::string& user_id, const domain::HabitLog& log) const {
  try {
    database_.transaction([&](soci::session& sql) {
      auto& insert = prepared<LogInsert>(sql);
      insert.params.assign(user_id, log);
      execute_prepared(sql, insert);
      done_with(sql, insert.st);
      bump_data_version(sql, user_id);
    });
  } catch (const ConstraintViolation&) {
    throw domain::Error(domain::ErrorCode::kConflict, "The habit already has a log on " + date_text(log.date) + ".",
                        {{"date", "already has a log"}});
  }
}

std::optional<domain::HabitLog> HabitStore::get_log(const std::string& user_id, const std::string& habit_id, Date date) const {
  const std::string day = date_text(date);
  return database_.run([&](soci::session& sql) {
    std::optional<domain::HabitLog> found;
    LogRow row;
    for_each_row(sql, row,
                 std::string("SELECT ") + kLogColumns + " FROM habit_logs WHERE habit_id = :id AND user_id = :user AND log_date = :d",
                 [&] { found = row.log(); }, soci::use(habit_id), soci::use(user_id), soci::use(day));
    return found;
  });
}

bool HabitStore::update_log(const std::string& user_id, const domain::HabitLog& log) const {
  rows::LogParams p;
  p.assign(user_id, log);
  return database_.transaction([&](soci::session& sql) {
    soci::statement st = (sql.prepare << "UPDATE habit_logs SET status = :status, notes = :notes, amount = :amount, "
                                         "updated_at = :updated WHERE habit_id = :habit AND user_id = :user AND log_date = :d",
                          soci::use(p.status), soci::use(p.notes, p.notes_ind), soci::use(p.amount, p.amount_ind),
                          soci::use(p.updated_at), soci::use(p.habit_id), soci::use(p.user_id), soci::use(p.log_date));
    st.execute(true);
    bump_data_version(sql, user_id);
    return st.get_affected_rows() == 1;
  });
}

bool HabitStore::remove_log(const std::string& user_id, const std::string& habit_id, Date date) const {
  const std::string day = date_text(date);
  return database_.transaction([&](soci::session& sql) {
    soci::statement st = (sql.prepare << "DELETE FROM habit_logs WHERE habit_id = :habit AND user_id = :user AND log_date = :d",
                          soci::use(habit_id), soci::use(user_id), soci::use(day));
    st.execute(true);
    bump_data_version(sql, user_id);
    return st.get_affected_rows() == 1;
  });
}

int HabitStore::insert_skips(const std::string& user_id, const std::string& habit_id, Date from, Date to,
                             const std::optional<std::string>& notes, std::int64_t now) const {
  std::string note = notes.value_or("");
  soci::indicator note_ind = indicator_of(notes);
  const long long at = now;
  return database_.transaction([&](soci::session& sql) {
    int inserted = 0;
    std::string id;
    std::string day;
    // ON CONFLICT DO NOTHING (SQLite 3.24+, PostgreSQL 9.5+): days that already have a log keep it.
    soci::statement st = (sql.prepare << "INSERT INTO habit_logs (id, user_id, habit_id, log_date, status, notes, amount, "
                                         "created_at, updated_at) VALUES (:id, :user, :habit, :date, 'skipped', :notes, NULL, "
                                         ":created, :updated) ON CONFLICT (user_id, habit_id, log_date) DO NOTHING",
                          soci::use(id), soci::use(user_id), soci::use(habit_id), soci::use(day), soci::use(note, note_ind),
                          soci::use(at), soci::use(at));
    for (Date date = from; date <= to; date += std::chrono::days(1)) {
      id = security::new_id();
      day = date_text(date);
      st.execute(true);
      inserted += static_cast<int>(st.get_affected_rows());
    }
    bump_data_version(sql, user_id);
    return inserted;
  });
}

std::vector<domain::HabitLog> HabitStore::logs_between(const std::string& user_id, const std::string& habit_id, Date from,
                                                       Date to) const {
  const std::string first = date_text(from);
  const std::string last = date_text(to);
  return database_.run([&](soci::session& sql) {
    std::vector<domain::HabitLog> logs;
    LogRow row;
    for_each_row(sql, row,
                 std::string("SELECT ") + kLogColumns +
                     " FROM habit_logs WHERE habit_id = :habit AND user_id = :user AND log_date >= :from AND log_date <= :to "
                     "ORDER BY log_date",
                 [&] { logs.push_back(row.log()); }, soci::use(habit_id), soci::use(user_id), soci::use(first),
                 soci::use(last));
    return logs;
  });
}

std::vector<domain::HabitLog> HabitStore::logs_on(const std::string& user_id, Date date) const {
  const std::string day = date_text(date);
  return database_.run([&](soci::session& sql) {
    std::vector<domain::HabitLog> logs;
    LogRow row;
    for_each_row(sql, row, std::string("SELECT ") + kLogColumns + " FROM habit_logs WHERE user_id = :user AND log_date = :d",
                 [&] { logs.push_back(row.log()); }, soci::use(user_id), soci::use(day));
    return logs;
  });
}

}  // namespace habitd::store
