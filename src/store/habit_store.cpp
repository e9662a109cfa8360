#include "store/habit_store.hpp"

#include <soci/soci.h>

#include <utility>

#include "domain/error.hpp"
#include "security/random.hpp"
#include "store/change_numbers.hpp"
#include "store/database.hpp"
#include "store/outbox.hpp"
#include "store/quota.hpp"
#include "store/records.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

using domain::Date;

const std::string kHabitColumns = column_list<HabitRecord>();
const std::string kLogColumns = column_list<LogRecord>();

const std::string kInsertHabit = "INSERT INTO habits (" + kHabitColumns + ") VALUES (" + parameter_list<HabitRecord>() + ")";
const std::string kSelectHabit = "SELECT " + kHabitColumns + " FROM habits WHERE id = :id AND user_id = :user";
const std::string kSelectHabitWithOwnerDay =
    "SELECT " + kHabitColumns +
    ", (SELECT u.timezone FROM users u WHERE u.id = habits.user_id), (SELECT u.day_start FROM users u WHERE u.id = "
    "habits.user_id) FROM habits WHERE id = :id AND user_id = :user";
// Every filter in one statement (a parameter of 1 switches a filter off), so one prepared
// statement serves every combination. Parameters bind by position (PostgreSQL numbers each
// placeholder), so no name appears twice in a statement.
constexpr const char* kListFilter =
    " WHERE user_id = :user AND (:all_states = 1 OR archived = :archived) AND (:all_frequencies = 1 OR frequency = :frequency)";
const std::string kCountHabits = std::string("SELECT COUNT(*) FROM habits") + kListFilter;
const std::string kListPage = std::string(kListFilter) + " ORDER BY created_at, id LIMIT :limit OFFSET :offset";
const std::string kListHabits = "SELECT " + kHabitColumns + " FROM habits" + kListPage;
// The page's habits again as a subquery: one query for all their logs, whatever their number.
const std::string kListLogEntries =
    "SELECT habit_id, log_date, status, amount FROM habit_logs WHERE user_id = :owner AND habit_id IN (SELECT id FROM habits" +
    kListPage + ") ORDER BY habit_id, log_date";
constexpr const char* kHabitLogEntries =
    "SELECT habit_id, log_date, status, amount FROM habit_logs WHERE user_id = :user AND habit_id = :habit ORDER BY log_date";
constexpr const char* kHabitLogEntriesFrom =
    "SELECT habit_id, log_date, status, amount FROM habit_logs WHERE user_id = :user AND habit_id = :habit "
    "AND log_date >= :from ORDER BY log_date";
constexpr const char* kUserLogEntries =
    "SELECT habit_id, log_date, status, amount FROM habit_logs WHERE user_id = :user ORDER BY habit_id, log_date";
constexpr const char* kUserLogEntriesFrom =
    "SELECT habit_id, log_date, status, amount FROM habit_logs WHERE user_id = :user AND log_date >= :from "
    "ORDER BY habit_id, log_date";
constexpr const char* kDataVersion = "SELECT data_version FROM users WHERE id = :user";
// Both on their (user_id, change number) indexes: only what changed since is read.
constexpr const char* kLogChangesAfter =
    "SELECT habit_id, log_date, change_seq FROM habit_logs WHERE user_id = :user AND change_seq > :after "
    "UNION ALL SELECT habit_id, log_date, seq FROM deletions WHERE user_id = :owner AND seq > :since AND kind = 'log'";
constexpr const char* kUpdateHabit =
    "UPDATE habits SET name = :name, description = :description, frequency = :frequency, start_date = :start, "
    "target = :target, archived = :archived, times_per_period = :times, goal = :goal, unit = :unit, weekdays = :weekdays, "
    "reminders = :reminders, updated_at = :updated, change_seq = :seq WHERE id = :id AND user_id = :user";
// The logs' amounts follow the goal (domain::amount_under_goal): with a goal, completed logs
// without an amount get 0 and skipped ones hold none; without a goal, no log holds an amount. The
// statements depend only on the goal being written, so two concurrent updates cannot leave the
// logs out of step with it. A log whose amount changes is changed (updated_at, change_seq).
constexpr const char* kGoalGivesPlainLogsZero =
    "UPDATE habit_logs SET amount = 0, updated_at = :at, change_seq = :seq WHERE user_id = :user AND habit_id = :habit "
    "AND status = 'completed' AND amount IS NULL";
constexpr const char* kGoalClearsSkippedAmounts =
    "UPDATE habit_logs SET amount = NULL, updated_at = :at, change_seq = :seq WHERE user_id = :user AND habit_id = :habit "
    "AND status = 'skipped' AND amount IS NOT NULL";
constexpr const char* kNoGoalClearsAmounts =
    "UPDATE habit_logs SET amount = NULL, updated_at = :at, change_seq = :seq WHERE user_id = :user AND habit_id = :habit "
    "AND amount IS NOT NULL";
constexpr const char* kDeleteHabitLogs = "DELETE FROM habit_logs WHERE habit_id = :habit AND user_id = :user";
constexpr const char* kDeleteHabit = "DELETE FROM habits WHERE id = :id AND user_id = :user";
constexpr const char* kEarliestLog = "SELECT MIN(log_date) FROM habit_logs WHERE habit_id = :habit AND user_id = :user";
const std::string kInsertLog = "INSERT INTO habit_logs (" + kLogColumns + ") VALUES (" + parameter_list<LogRecord>() + ")";
const std::string kSelectLog =
    "SELECT " + kLogColumns + " FROM habit_logs WHERE habit_id = :habit AND user_id = :user AND log_date = :date";
constexpr const char* kUpdateLog =
    "UPDATE habit_logs SET status = :status, notes = :notes, amount = :amount, updated_at = :updated, change_seq = :seq "
    "WHERE habit_id = :habit AND user_id = :user AND log_date = :date";
constexpr const char* kDeleteLog = "DELETE FROM habit_logs WHERE habit_id = :habit AND user_id = :user AND log_date = :date";
// ON CONFLICT DO NOTHING (SQLite 3.24+, PostgreSQL 9.5+): days that already have a log keep it.
constexpr const char* kInsertSkip =
    "INSERT INTO habit_logs (id, user_id, habit_id, log_date, status, notes, amount, created_at, updated_at, change_seq) "
    "VALUES (:id, :user, :habit, :date, 'skipped', :notes, NULL, :created, :updated, :seq) "
    "ON CONFLICT (user_id, habit_id, log_date) DO NOTHING";
// Today's view: one day's logs of all the user's habits, from the (user_id, log_date) index.
const std::string kLogsOn = "SELECT " + kLogColumns + " FROM habit_logs WHERE user_id = :user AND log_date = :date";
const std::string kLogsBetween = "SELECT " + kLogColumns +
                                 " FROM habit_logs WHERE habit_id = :habit AND user_id = :user AND log_date >= :from "
                                 "AND log_date <= :to ORDER BY log_date";

// A row of kLogChangesAfter.
struct LogChangeRow {
  std::string habit_id, log_date;
  long long seq = 0;
  void bind_into(soci::statement& st) {
    st.exchange(soci::into(habit_id));
    st.exchange(soci::into(log_date));
    st.exchange(soci::into(seq));
  }
};

// The parameters of kListFilter (and of kListPage after them).
struct ListFilter {
  std::string user;
  int all_states = 1, archived = 0, all_frequencies = 1;
  std::string frequency;

  ListFilter(std::string user_id, const HabitFilter& filter)
      : user(std::move(user_id)),
        all_states(filter.archived ? 0 : 1),
        archived(filter.archived.value_or(false) ? 1 : 0),
        all_frequencies(filter.frequency ? 0 : 1),
        frequency(filter.frequency ? std::string(domain::to_string(*filter.frequency)) : std::string()) {}
};
using FilterParams = std::tuple<std::string, int, int, int, std::string>;
using PageParams = std::tuple<std::string, int, int, int, std::string, long long, long long>;

FilterParams params_of(const ListFilter& f) { return {f.user, f.all_states, f.archived, f.all_frequencies, f.frequency}; }
PageParams params_of(const ListFilter& f, long long limit, long long offset) {
  return {f.user, f.all_states, f.archived, f.all_frequencies, f.frequency, limit, offset};
}

template <typename... Params>
void collect_entries(soci::session& sql, const std::string& query, LogsByHabit& out, std::tuple<Params...> params) {
  auto& select = prepared<Select<LogEntryRow, Params...>>(sql, query);
  select.values.params = std::move(params);
  for_each_row(sql, select, [&] { out[select.values.row.habit_id].push_back(select.values.row.entry()); });
}

// Thrown inside a write's transaction, so that it rolls back the change number it took.
domain::Error habit_not_found() { return domain::Error(domain::ErrorCode::kNotFound, "No such habit."); }
domain::Error log_not_found(Date date) {
  return domain::Error(domain::ErrorCode::kNotFound, "No log on " + date_text(date) + " for this habit.");
}

void align_amounts_with_goal(soci::session& sql, const domain::Habit& habit, std::int64_t seq) {
  const auto run = [&](const char* statement) {
    auto& update = prepared<Command<long long, long long, std::string, std::string>>(sql, statement);
    update.values.params = {habit.updated_at, seq, habit.user_id, habit.id};
    write(sql, update);
  };
  if (habit.goal) {
    run(kGoalGivesPlainLogsZero);
    run(kGoalClearsSkippedAmounts);
  } else {
    run(kNoGoalClearsAmounts);
  }
}

}  // namespace

void HabitStore::create(const domain::Habit& h, long long max_habits, const PendingEvents& events) const {
  database_.transaction([&](soci::session& sql) {
    const auto [seq, webhooks] = next_change_counting(sql, h.user_id, Counted::kHabits, 1, max_habits);
    auto& insert = prepared<RecordParameters<HabitRecord>>(sql, kInsertHabit);
    insert.values.row.assign(h, seq);
    write(sql, insert);
    record_events(sql, h.user_id, events, webhooks);
  });
}

std::optional<domain::Habit> HabitStore::get(const std::string& user_id, const std::string& habit_id) const {
  return database_.run([&](soci::session& sql) -> std::optional<domain::Habit> {
    auto& select = prepared<Select<HabitRecord, std::string, std::string>>(sql, kSelectHabit);
    select.values.params = {habit_id, user_id};
    if (!read_one(sql, select)) return std::nullopt;
    return select.values.row.habit();
  });
}

std::optional<HabitWithOwnerDay> HabitStore::get_with_owner_day(const std::string& user_id, const std::string& habit_id) const {
  return database_.run([&](soci::session& sql) -> std::optional<HabitWithOwnerDay> {
    auto& select = prepared<Select<HabitWithOwnerDayRow, std::string, std::string>>(sql, kSelectHabitWithOwnerDay);
    select.values.params = {habit_id, user_id};
    if (!read_one(sql, select)) return std::nullopt;
    HabitWithOwnerDay found{select.values.row.habit.habit(), {}};
    found.owner.id = user_id;
    found.owner.timezone = select.values.row.timezone;
    found.owner.day_start_minutes = select.values.row.day_start;
    return found;
  });
}

HabitPage HabitStore::list(const std::string& user_id, const HabitFilter& filter, long long limit, long long offset,
                           LogsByHabit* logs) const {
  const ListFilter where(user_id, filter);
  return database_.run([&](soci::session& sql) {
    HabitPage result;
    auto& count = prepared<Select<Scalar<long long>, std::string, int, int, int, std::string>>(sql, kCountHabits);
    count.values.params = params_of(where);
    if (read_one(sql, count)) result.total = count.values.row.value;
    auto& page = prepared<Select<HabitRecord, std::string, int, int, int, std::string, long long, long long>>(sql, kListHabits);
    page.values.params = params_of(where, limit, offset);
    for_each_row(sql, page, [&] { result.items.push_back(page.values.row.habit()); });
    if (logs && !result.items.empty())
      collect_entries(sql, kListLogEntries, *logs,
                      std::tuple_cat(std::tuple<std::string>{user_id}, params_of(where, limit, offset)));
    return result;
  });
}

HistoryChanges HabitStore::history_changes(const std::string& user_id, std::int64_t after) const {
  return database_.run([&](soci::session& sql) {
    HistoryChanges changes;
    // The version first: every write numbered up to it has committed, so none of them is missed.
    auto& version = prepared<Select<Scalar<long long>, std::string>>(sql, kDataVersion);
    version.values.params = {user_id};
    if (read_one(sql, version)) changes.data_version = version.values.row.value;
    auto& changed = prepared<Select<LogChangeRow, std::string, long long, std::string, long long>>(sql, kLogChangesAfter);
    changed.values.params = {user_id, after, user_id, after};
    for_each_row(sql, changed, [&] {
      changes.logs.push_back(
          LogChange{changed.values.row.habit_id, stored_date(changed.values.row.log_date), changed.values.row.seq});
    });
    return changes;
  });
}

LogsByHabit HabitStore::log_entries_of_user(const std::string& user_id, std::optional<Date> from) const {
  return database_.run([&](soci::session& sql) {
    LogsByHabit logs;
    if (from)
      collect_entries(sql, kUserLogEntriesFrom, logs, std::tuple<std::string, std::string>{user_id, date_text(*from)});
    else
      collect_entries(sql, kUserLogEntries, logs, std::tuple<std::string>{user_id});
    return logs;
  });
}

std::int64_t HabitStore::update(const domain::Habit& h, std::optional<std::int64_t> expected_version,
                                const PendingEvents& events) const {
  return database_.transaction([&](soci::session& sql) {
    const auto [seq, webhooks] = next_change(sql, h.user_id, expected_version);
    HabitRecord r;
    r.assign(h, seq);
    auto& update =
        prepared<Command<std::string, Nullable<std::string>, std::string, std::string, Nullable<int>, int, int, Nullable<double>,
                         Nullable<std::string>, int, std::string, long long, long long, std::string, std::string>>(sql,
                                                                                                                   kUpdateHabit);
    update.values.params = {r.name, h.description, r.frequency, r.start_date, h.target, r.archived, r.times_per_period, h.goal,
                            h.unit, r.weekdays,    r.reminders, r.updated_at, seq,      r.id,       r.user_id};
    if (write(sql, update) != 1) throw habit_not_found();  // rolls back the number it took
    align_amounts_with_goal(sql, h, seq);
    record_events(sql, h.user_id, events, webhooks);
    return seq;
  });
}

std::int64_t HabitStore::remove(const std::string& user_id, const std::string& habit_id,
                                std::optional<std::int64_t> expected_version, std::int64_t now,
                                const PendingEvents& events) const {
  return database_.transaction([&](soci::session& sql) {
    const auto [seq, webhooks] = next_change(sql, user_id, expected_version);
    auto& logs = prepared<Command<std::string, std::string>>(sql, kDeleteHabitLogs);
    logs.values.params = {habit_id, user_id};
    uncount_usage(sql, Counted::kLogs, user_id, write(sql, logs));
    auto& habit = prepared<Command<std::string, std::string>>(sql, kDeleteHabit);
    habit.values.params = {habit_id, user_id};
    if (write(sql, habit) != 1) throw habit_not_found();
    uncount_usage(sql, Counted::kHabits, user_id, 1);
    record_habit_deletion(sql, user_id, seq, habit_id, now);
    record_events(sql, user_id, events, webhooks);
    return seq;
  });
}

std::vector<domain::LogEntry> HabitStore::log_entries(const std::string& user_id, const std::string& habit_id,
                                                      std::optional<Date> from) const {
  return database_.run([&](soci::session& sql) {
    LogsByHabit logs;
    if (from)
      collect_entries(sql, kHabitLogEntriesFrom, logs,
                      std::tuple<std::string, std::string, std::string>{user_id, habit_id, date_text(*from)});
    else
      collect_entries(sql, kHabitLogEntries, logs, std::tuple<std::string, std::string>{user_id, habit_id});
    return logs.empty() ? std::vector<domain::LogEntry>{} : std::move(logs.begin()->second);
  });
}

std::optional<Date> HabitStore::earliest_log_date(const std::string& user_id, const std::string& habit_id) const {
  return database_.run([&](soci::session& sql) -> std::optional<Date> {
    auto& select = prepared<Select<Scalar<std::string>, std::string, std::string>>(sql, kEarliestLog);
    select.values.params = {habit_id, user_id};
    if (!read_one(sql, select)) return std::nullopt;
    const auto first = select.values.row.get();
    return first ? std::optional<Date>(stored_date(*first)) : std::nullopt;
  });
}

void HabitStore::insert_log(const std::string& user_id, const domain::HabitLog& log, long long max_logs,
                            const PendingEvents& events) const {
  try {
    database_.transaction([&](soci::session& sql) {
      const auto [seq, webhooks] = next_change_counting(sql, user_id, Counted::kLogs, 1, max_logs);
      auto& insert = prepared<RecordParameters<LogRecord>>(sql, kInsertLog);
      insert.values.row.assign(user_id, log, seq);
      write(sql, insert);
      record_events(sql, user_id, events, webhooks);
    });
  } catch (const ConstraintViolation& violation) {
    // The habit was deleted meanwhile (its foreign key): it is not found, as if it never was.
    if (violation.is_foreign_key()) throw habit_not_found();
    throw domain::Error(domain::ErrorCode::kConflict, "The habit already has a log on " + date_text(log.date) + ".",
                        {{"date", "already has a log"}});
  }
}

std::optional<domain::HabitLog> HabitStore::get_log(const std::string& user_id, const std::string& habit_id, Date date) const {
  return database_.run([&](soci::session& sql) -> std::optional<domain::HabitLog> {
    auto& select = prepared<Select<LogRecord, std::string, std::string, std::string>>(sql, kSelectLog);
    select.values.params = {habit_id, user_id, date_text(date)};
    if (!read_one(sql, select)) return std::nullopt;
    return select.values.row.log();
  });
}

void HabitStore::update_log(const std::string& user_id, const domain::HabitLog& log, const PendingEvents& events) const {
  database_.transaction([&](soci::session& sql) {
    const auto [seq, webhooks] = next_change(sql, user_id);
    auto& update = prepared<Command<std::string, Nullable<std::string>, Nullable<double>, long long, long long, std::string,
                                    std::string, std::string>>(sql, kUpdateLog);
    update.values.params = {std::string(domain::to_string(log.status)),
                            log.notes,
                            log.amount,
                            log.updated_at,
                            seq,
                            log.habit_id,
                            user_id,
                            date_text(log.date)};
    if (write(sql, update) != 1) throw log_not_found(log.date);
    record_events(sql, user_id, events, webhooks);
  });
}

void HabitStore::remove_log(const std::string& user_id, const std::string& habit_id, Date date, std::int64_t now,
                            const PendingEvents& events) const {
  database_.transaction([&](soci::session& sql) {
    // Counted out before the delete: a log that is not there rolls the count back with the rest.
    const auto [seq, webhooks] = next_change_counting(sql, user_id, Counted::kLogs, -1, 0);
    auto& remove = prepared<Command<std::string, std::string, std::string>>(sql, kDeleteLog);
    remove.values.params = {habit_id, user_id, date_text(date)};
    if (write(sql, remove) != 1) throw log_not_found(date);
    record_log_deletion(sql, user_id, seq, habit_id, date, now);
    record_events(sql, user_id, events, webhooks);
  });
}

int HabitStore::insert_skips(const std::string& user_id, const std::string& habit_id, Date from, Date to,
                             const std::optional<std::string>& notes, std::int64_t now, long long max_logs,
                             const std::function<OutboxEvents(const domain::HabitLog&)>& events_of) const {
  try {
    return database_.transaction([&](soci::session& sql) {
      const auto [seq, webhooks] = next_change(sql, user_id);
      auto& insert = prepared<
          Command<std::string, std::string, std::string, std::string, Nullable<std::string>, long long, long long, long long>>(
          sql, kInsertSkip);
      int inserted = 0;
      const bool wanted = events_of && webhooks;
      for (Date date = from; date <= to; date += std::chrono::days(1)) {
        const domain::HabitLog skipped{security::new_id(), habit_id, date, domain::LogStatus::kSkipped, notes,
                                       std::nullopt,       now,      now};
        insert.values.params = {skipped.id, user_id, habit_id, date_text(date), notes, now, now, seq};
        const auto added = write(sql, insert);
        inserted += static_cast<int>(added);
        if (added > 0 && wanted) queue_events(sql, user_id, events_of(skipped));
      }
      // Only the days that had no log yet count (a quota error rolls them all back).
      count_usage(sql, Counted::kLogs, user_id, inserted, max_logs);
      return inserted;
    });
  } catch (const ConstraintViolation& violation) {
    // The habit was deleted meanwhile (its foreign key): not found, as for a single log.
    if (violation.is_foreign_key()) throw habit_not_found();
    throw;
  }
}

std::vector<domain::HabitLog> HabitStore::logs_between(const std::string& user_id, const std::string& habit_id, Date from,
                                                       Date to) const {
  return database_.run([&](soci::session& sql) {
    std::vector<domain::HabitLog> logs;
    auto& select = prepared<Select<LogRecord, std::string, std::string, std::string, std::string>>(sql, kLogsBetween);
    select.values.params = {habit_id, user_id, date_text(from), date_text(to)};
    for_each_row(sql, select, [&] { logs.push_back(select.values.row.log()); });
    return logs;
  });
}

std::vector<domain::HabitLog> HabitStore::logs_on(const std::string& user_id, Date date) const {
  return database_.run([&](soci::session& sql) {
    std::vector<domain::HabitLog> logs;
    auto& select = prepared<Select<LogRecord, std::string, std::string>>(sql, kLogsOn);
    select.values.params = {user_id, date_text(date)};
    for_each_row(sql, select, [&] { logs.push_back(select.values.row.log()); });
    return logs;
  });
}

}  // namespace habitd::store
