#pragma once
// Writing many habits and logs at once: their INSERT parameters, and multi-row prepared INSERTs.
// Shared by the stores in this folder and by nothing else.
#include <soci/soci.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "domain/habit.hpp"
#include "store/soci_rows.hpp"

namespace habitd::store::rows {

// The parameters of one row of an INSERT INTO habits, for BatchInsert: the same columns as a
// read HabitRow, bound with use() instead of into(). (Each use() stays inside its exchange()
// call: a use() returned from a helper keeps a dangling reference to its default name.)
struct HabitParams : HabitRow {
  static constexpr const char* kInsert =
      "INSERT INTO habits (id, user_id, name, description, frequency, start_date, target, archived, times_per_period, "
      "goal, unit, created_at, updated_at) VALUES ";
  static constexpr std::size_t kColumns = 13;
  static constexpr std::size_t kBatchRows = 50;  // 650 parameters: under SQLite's historical limit of 999

  void bind(soci::statement& st) {
    st.exchange(soci::use(id));
    st.exchange(soci::use(user_id));
    st.exchange(soci::use(name));
    st.exchange(soci::use(description, description_ind));
    st.exchange(soci::use(frequency));
    st.exchange(soci::use(start_date));
    st.exchange(soci::use(target, target_ind));
    st.exchange(soci::use(archived));
    st.exchange(soci::use(times_per_period));
    st.exchange(soci::use(goal, goal_ind));
    st.exchange(soci::use(unit, unit_ind));
    st.exchange(soci::use(created_at));
    st.exchange(soci::use(updated_at));
  }

  void assign(const std::string& owner, const domain::Habit& h) {
    id = h.id;
    user_id = owner;
    name = h.name;
    description = h.description.value_or("");
    description_ind = indicator_of(h.description);
    frequency = std::string(domain::to_string(h.frequency));
    start_date = date_text(h.start_date);
    target = h.target.value_or(0);
    target_ind = indicator_of(h.target);
    archived = h.archived ? 1 : 0;
    times_per_period = h.times_per_period;
    goal = h.goal.value_or(0);
    goal_ind = indicator_of(h.goal);
    unit = h.unit.value_or("");
    unit_ind = indicator_of(h.unit);
    created_at = h.created_at;
    updated_at = h.updated_at;
  }
};

// The parameters of one row of an INSERT INTO habit_logs, for BatchInsert.
struct LogParams {
  static constexpr const char* kInsert =
      "INSERT INTO habit_logs (id, user_id, habit_id, log_date, status, notes, amount, created_at, updated_at) VALUES ";
  static constexpr std::size_t kColumns = 9;
  static constexpr std::size_t kBatchRows = 100;  // 900 parameters

  std::string id, user_id, habit_id, log_date, status, notes;
  double amount = 0;
  long long created_at = 0, updated_at = 0;
  soci::indicator notes_ind{}, amount_ind{};

  void bind(soci::statement& st) {
    st.exchange(soci::use(id));
    st.exchange(soci::use(user_id));
    st.exchange(soci::use(habit_id));
    st.exchange(soci::use(log_date));
    st.exchange(soci::use(status));
    st.exchange(soci::use(notes, notes_ind));
    st.exchange(soci::use(amount, amount_ind));
    st.exchange(soci::use(created_at));
    st.exchange(soci::use(updated_at));
  }

  void assign(const std::string& owner, const domain::HabitLog& log) {
    id = log.id;
    user_id = owner;
    habit_id = log.habit_id;
    log_date = date_text(log.date);
    status = std::string(domain::to_string(log.status));
    notes = log.notes.value_or("");
    notes_ind = indicator_of(log.notes);
    amount = log.amount.value_or(0);
    amount_ind = indicator_of(log.amount);
    created_at = log.created_at;
    updated_at = log.updated_at;
  }
};

// Inserts many rows through one prepared multi-row INSERT (Params::kBatchRows rows a time),
// re-executed per batch. On PostgreSQL every execution is a round trip, and one per row made a
// 100000-log import take 20 s; per batch it is about a hundred times fewer. Fill rows with
// next(), then call finish() for the last, partial batch.
template <typename Params>
class BatchInsert {
 public:
  explicit BatchInsert(soci::session& sql) : sql_(sql), slots_(Params::kBatchRows) {}

  // The parameters of the next row to insert (the previous full batch is executed first).
  [[nodiscard]] Params& next() {
    if (used_ == Params::kBatchRows) {
      execute_full();
      used_ = 0;
    }
    return slots_[used_++];
  }

  void finish() {
    if (used_ == Params::kBatchRows) execute_full();
    else if (used_ > 0) prepare(used_, soci::details::st_one_time_query).execute(true);
    used_ = 0;
  }

 private:
  // INSERT ... VALUES (:p0_0, ..., :p0_12), (:p1_0, ...) with the first `rows` slots bound in order.
  // A statement run once is a one-time query: on PostgreSQL one round trip instead of prepare + execute.
  soci::statement prepare(std::size_t rows, soci::details::statement_type type = soci::details::st_repeatable_query) {
    std::string query = Params::kInsert;
    for (std::size_t r = 0; r < rows; ++r) {
      query += r == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < Params::kColumns; ++c)
        query += (c == 0 ? ":p" : ", :p") + std::to_string(r) + "_" + std::to_string(c);
      query += ")";
    }
    soci::statement st(sql_);
    for (std::size_t r = 0; r < rows; ++r) slots_[r].bind(st);
    st.alloc();
    st.prepare(query, type);
    st.define_and_bind();
    return st;
  }

  // The full-batch statement is prepared on first use only: a single-row insert (one log) must
  // not pay for preparing hundreds of named parameters (that made POST /logs 20x slower).
  void execute_full() {
    if (!full_) full_.emplace(prepare(Params::kBatchRows));
    full_->execute(true);
  }

  soci::session& sql_;
  std::vector<Params> slots_;  // bound by reference: sized once, never reallocated
  std::optional<soci::statement> full_;
  std::size_t used_ = 0;
};

}  // namespace habitd::store::rows
