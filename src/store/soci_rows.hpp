#pragma once
// How habits and logs map to SOCI rows (reading). Shared by the stores in this folder and by
// nothing else: SOCI types stay inside store/.
#include <soci/soci.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "domain/habit.hpp"

namespace habitd::store::rows {

using domain::Date;

inline constexpr const char* kHabitColumns =
    "id, user_id, name, description, frequency, start_date, target, archived, times_per_period, goal, unit, created_at, "
    "updated_at";
inline constexpr const char* kLogColumns = "id, habit_id, log_date, status, notes, amount, created_at, updated_at";

inline std::string date_text(Date date) { return domain::format_date(date); }

inline Date parse_stored_date(const std::string& text) {
  auto date = domain::parse_date(text);
  if (!date) throw std::runtime_error("corrupt date in the database: " + text);
  return *date;
}

template <typename T>
std::optional<T> optional_of(const T& value, soci::indicator indicator) {
  return indicator == soci::i_ok ? std::optional<T>(value) : std::nullopt;
}

template <typename T>
soci::indicator indicator_of(const std::optional<T>& value) {
  return value ? soci::i_ok : soci::i_null;
}

// Binds the columns of kHabitColumns to a statement and turns each fetched row into a Habit.
struct HabitRow {
  std::string id, user_id, name, description, frequency, start_date, unit;
  int target = 0, archived = 0, times_per_period = 1;
  double goal = 0;
  long long created_at = 0, updated_at = 0;
  soci::indicator description_ind{}, target_ind{}, goal_ind{}, unit_ind{};

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(description, description_ind));
    st.exchange(soci::into(frequency));
    st.exchange(soci::into(start_date));
    st.exchange(soci::into(target, target_ind));
    st.exchange(soci::into(archived));
    st.exchange(soci::into(times_per_period));
    st.exchange(soci::into(goal, goal_ind));
    st.exchange(soci::into(unit, unit_ind));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(updated_at));
  }

  [[nodiscard]] domain::Habit habit() const {
    domain::Habit h;
    h.id = id;
    h.user_id = user_id;
    h.name = name;
    h.description = optional_of(description, description_ind);
    h.frequency = domain::parse_frequency(frequency).value_or(domain::Frequency::kDaily);
    h.start_date = parse_stored_date(start_date);
    h.target = optional_of(target, target_ind);
    h.archived = archived != 0;
    h.times_per_period = times_per_period;
    h.goal = optional_of(goal, goal_ind);
    h.unit = optional_of(unit, unit_ind);
    h.created_at = created_at;
    h.updated_at = updated_at;
    return h;
  }
};

struct LogRow {
  std::string id, habit_id, log_date, status, notes;
  double amount = 0;
  long long created_at = 0, updated_at = 0;
  soci::indicator notes_ind{}, amount_ind{};

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(habit_id));
    st.exchange(soci::into(log_date));
    st.exchange(soci::into(status));
    st.exchange(soci::into(notes, notes_ind));
    st.exchange(soci::into(amount, amount_ind));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(updated_at));
  }

  [[nodiscard]] domain::HabitLog log() const {
    return domain::HabitLog{id,
                            habit_id,
                            parse_stored_date(log_date),
                            domain::parse_log_status(status).value_or(domain::LogStatus::kCompleted),
                            optional_of(notes, notes_ind),
                            optional_of(amount, amount_ind),
                            created_at,
                            updated_at};
  }
};

// Runs `query` with the row bound by `row.bind` plus `uses`, calling `each()` for every row.
template <typename Row, typename Each, typename... Uses>
void for_each_row(soci::session& sql, Row& row, const std::string& query, Each&& each, Uses&&... uses) {
  soci::statement st(sql);
  row.bind(st);
  (st.exchange(std::forward<Uses>(uses)), ...);
  st.alloc();
  st.prepare(query, soci::details::st_one_time_query);  // PostgreSQL: one round trip, no named statement
  st.define_and_bind();
  if (!st.execute(true)) return;
  do {
    each();
  } while (st.fetch());
}

}  // namespace habitd::store::rows
