#pragma once
// Each table's columns, declared once. A record visits its columns in order with their names; the
// column list of a SELECT, the parameter list of an INSERT and the bindings of both come from
// that one visit, so a column cannot be added in one place and forgotten in another.
#include <soci/soci.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "domain/habit.hpp"
#include "domain/reminders.hpp"
#include "store/statements.hpp"

namespace habitd::store {

namespace columns {

struct Into {
  soci::statement& st;
  template <typename T>
  void operator()(const char*, T& value) const {
    st.exchange(soci::into(value));
  }
  template <typename T>
  void operator()(const char*, T& value, soci::indicator& indicator) const {
    st.exchange(soci::into(value, indicator));
  }
};

struct Use {
  soci::statement& st;
  template <typename T>
  void operator()(const char*, T& value) const {
    st.exchange(soci::use(value));
  }
  template <typename T>
  void operator()(const char*, T& value, soci::indicator& indicator) const {
    st.exchange(soci::use(value, indicator));
  }
};

struct Names {
  std::string& out;
  std::string_view prefix;
  template <typename... Rest>
  void operator()(const char* name, Rest&...) const {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += name;
  }
};

}  // namespace columns

// "a, b, c": the columns of Record, in order.
template <typename Record>
std::string column_list() {
  std::string out;
  Record record;
  record.visit(columns::Names{out, ""});
  return out;
}

// ":a, :b, :c": a parameter per column, in order. Names must not repeat within a statement
// (SQLite binds a repeated name once), so the rows of a multi-row INSERT take a `row` prefix.
template <typename Record>
std::string parameter_list(std::string_view row = {}) {
  std::string out;
  Record record;
  record.visit(columns::Names{out, ":" + std::string(row)});
  return out;
}

// Dates are 'YYYY-MM-DD' text in both databases (it sorts chronologically).
inline std::string date_text(domain::Date date) { return domain::format_date(date); }
inline domain::Date stored_date(const std::string& text) {
  auto date = domain::parse_date(text);
  if (!date) throw std::runtime_error("corrupt date in the database: " + text);
  return *date;
}

template <typename T>
std::optional<T> optional_of(const T& value, soci::indicator indicator) {
  return indicator == soci::i_ok ? std::optional<T>(value) : std::nullopt;
}

// A row of habits. change_seq: the user's data_version of the write that last changed it (the
// changes feed's order).
struct HabitRecord {
  std::string id, user_id, name, description, frequency, start_date, unit, reminders;
  int target = 0, archived = 0, times_per_period = 1, weekdays = domain::kEveryDay;
  double goal = 0;
  long long created_at = 0, updated_at = 0, change_seq = 0;
  soci::indicator description_ind = soci::i_null, target_ind = soci::i_null, goal_ind = soci::i_null, unit_ind = soci::i_null;

  template <typename Visit>
  void visit(Visit&& v) {
    v("id", id);
    v("user_id", user_id);
    v("name", name);
    v("description", description, description_ind);
    v("frequency", frequency);
    v("start_date", start_date);
    v("target", target, target_ind);
    v("archived", archived);
    v("times_per_period", times_per_period);
    v("goal", goal, goal_ind);
    v("unit", unit, unit_ind);
    v("weekdays", weekdays);
    v("reminders", reminders);
    v("created_at", created_at);
    v("updated_at", updated_at);
    v("change_seq", change_seq);
  }
  void bind_into(soci::statement& st) { visit(columns::Into{st}); }
  void bind_use(soci::statement& st) { visit(columns::Use{st}); }

  void assign(const domain::Habit& h, std::int64_t seq) {
    id = h.id;
    user_id = h.user_id;
    name = h.name;
    description = h.description.value_or("");
    description_ind = h.description ? soci::i_ok : soci::i_null;
    frequency = std::string(domain::to_string(h.frequency));
    start_date = date_text(h.start_date);
    target = h.target.value_or(0);
    target_ind = h.target ? soci::i_ok : soci::i_null;
    archived = h.archived ? 1 : 0;
    times_per_period = h.times_per_period;
    goal = h.goal.value_or(0);
    goal_ind = h.goal ? soci::i_ok : soci::i_null;
    unit = h.unit.value_or("");
    unit_ind = h.unit ? soci::i_ok : soci::i_null;
    weekdays = h.weekdays;
    reminders = domain::reminders_column(h.reminders);
    created_at = h.created_at;
    updated_at = h.updated_at;
    change_seq = seq;
  }

  [[nodiscard]] domain::Habit habit() const {
    domain::Habit h;
    h.id = id;
    h.user_id = user_id;
    h.name = name;
    h.description = optional_of(description, description_ind);
    h.frequency = domain::parse_frequency(frequency).value_or(domain::Frequency::kDaily);
    h.start_date = stored_date(start_date);
    h.target = optional_of(target, target_ind);
    h.archived = archived != 0;
    h.times_per_period = times_per_period;
    h.goal = optional_of(goal, goal_ind);
    h.unit = optional_of(unit, unit_ind);
    h.weekdays = static_cast<domain::Weekdays>(weekdays & domain::kEveryDay);
    h.reminders = domain::reminders_from_column(reminders);
    h.created_at = created_at;
    h.updated_at = updated_at;
    return h;
  }
};

// A row of habit_logs.
struct LogRecord {
  std::string id, user_id, habit_id, log_date, status, notes;
  double amount = 0;
  long long created_at = 0, updated_at = 0, change_seq = 0;
  soci::indicator notes_ind = soci::i_null, amount_ind = soci::i_null;

  template <typename Visit>
  void visit(Visit&& v) {
    v("id", id);
    v("user_id", user_id);
    v("habit_id", habit_id);
    v("log_date", log_date);
    v("status", status);
    v("notes", notes, notes_ind);
    v("amount", amount, amount_ind);
    v("created_at", created_at);
    v("updated_at", updated_at);
    v("change_seq", change_seq);
  }
  void bind_into(soci::statement& st) { visit(columns::Into{st}); }
  void bind_use(soci::statement& st) { visit(columns::Use{st}); }

  void assign(const std::string& owner, const domain::HabitLog& log, std::int64_t seq) {
    id = log.id;
    user_id = owner;
    habit_id = log.habit_id;
    log_date = date_text(log.date);
    status = std::string(domain::to_string(log.status));
    notes = log.notes.value_or("");
    notes_ind = log.notes ? soci::i_ok : soci::i_null;
    amount = log.amount.value_or(0);
    amount_ind = log.amount ? soci::i_ok : soci::i_null;
    created_at = log.created_at;
    updated_at = log.updated_at;
    change_seq = seq;
  }

  [[nodiscard]] domain::HabitLog log() const {
    return domain::HabitLog{id,
                            habit_id,
                            stored_date(log_date),
                            domain::parse_log_status(status).value_or(domain::LogStatus::kCompleted),
                            optional_of(notes, notes_ind),
                            optional_of(amount, amount_ind),
                            created_at,
                            updated_at};
  }
};

// (habit_id, log_date, status, amount): what the rules need of a log.
// A habit's columns followed by its owner's timezone and day_start (what deciding its days needs).
struct HabitWithOwnerDayRow {
  HabitRecord habit;
  std::string timezone;
  int day_start = 0;
  void bind_into(soci::statement& st) {
    habit.bind_into(st);
    st.exchange(soci::into(timezone));
    st.exchange(soci::into(day_start));
  }
};

struct LogEntryRow {
  std::string habit_id, log_date, status;
  double amount = 0;
  soci::indicator amount_ind = soci::i_null;
  void bind_into(soci::statement& st) {
    st.exchange(soci::into(habit_id));
    st.exchange(soci::into(log_date));
    st.exchange(soci::into(status));
    st.exchange(soci::into(amount, amount_ind));
  }
  [[nodiscard]] domain::LogEntry entry() const {
    return domain::LogEntry{stored_date(log_date), domain::parse_log_status(status).value_or(domain::LogStatus::kCompleted),
                            optional_of(amount, amount_ind)};
  }
};

// A record bound as a statement's parameters (INSERT ... VALUES (parameter_list<Record>())).
template <typename Record>
struct RecordParameters {
  Record row;
  void bind(soci::statement& st) { row.bind_use(st); }
};

// Many rows of one table through one prepared multi-row INSERT of kBatch rows, executed per full
// batch (on PostgreSQL every execution is a round trip: one per row made a 100,000-log import take
// 20 s); the rows of a last, partial batch go one by one. Fill rows with next(), then finish().
template <typename Record, std::size_t kBatch>
class BatchInsert {
 public:
  BatchInsert(soci::session& sql, const std::string& table)
      : sql_(sql),
        single_("INSERT INTO " + table + " (" + column_list<Record>() + ") VALUES (" + parameter_list<Record>() + ")") {
    batch_ = "INSERT INTO " + table + " (" + column_list<Record>() + ") VALUES ";
    for (std::size_t r = 0; r < kBatch; ++r)
      batch_ += (r == 0 ? "(" : ", (") + parameter_list<Record>("r" + std::to_string(r) + "_") + ")";
  }

  // The next row to fill (the previous full batch is written first).
  [[nodiscard]] Record& next() {
    if (used_ == kBatch) write_full();
    auto& slots = prepared<Rows>(sql_, batch_).values.rows;
    return slots[used_++];
  }

  void finish() {
    if (used_ == kBatch) write_full();
    auto& slots = prepared<Rows>(sql_, batch_).values.rows;
    auto& one = prepared<RecordParameters<Record>>(sql_, single_);
    for (std::size_t i = 0; i < used_; ++i) {
      one.values.row = slots[i];
      write(sql_, one);
    }
    used_ = 0;
  }

 private:
  struct Rows {
    std::array<Record, kBatch> rows;
    void bind(soci::statement& st) {
      for (auto& row : rows) row.bind_use(st);
    }
  };

  void write_full() {
    write(sql_, prepared<Rows>(sql_, batch_));
    used_ = 0;
  }

  soci::session& sql_;
  const std::string single_;
  std::string batch_;
  std::size_t used_ = 0;
};

}  // namespace habitd::store
