#pragma once
// Habits and their logs. Every query is scoped by the owner's user id, so another user's rows
// are simply not found.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/habit.hpp"
#include "domain/quotas.hpp"
#include "domain/user.hpp"
#include "store/outbox.hpp"

namespace habitd::store {

class Database;

struct HabitFilter {
  std::optional<domain::Frequency> frequency;
  std::optional<bool> archived;  // nullopt: both
};

struct HabitWithOwnerDay {
  domain::Habit habit;
  domain::User owner;  // timezone and day_start_minutes only
};

struct HabitPage {
  std::vector<domain::Habit> items;
  long long total = 0;
};

// The rule-relevant part of every log of some habits, oldest first per habit.
using LogsByHabit = std::map<std::string, std::vector<domain::LogEntry>>;

// What changed in a user's logs after a change number: the user's data_version when asked, and
// the habit, date and change number of every log written or deleted since (deleted ones from their
// tombstones, which are kept 30 days).
struct LogChange {
  std::string habit_id;
  domain::Date date;
  std::int64_t seq = 0;
};
struct HistoryChanges {
  std::int64_t data_version = 0;
  std::vector<LogChange> logs;
};

// Every write takes the webhook events it causes (`events`) and queues them in its transaction.
class HabitStore {
 public:
  explicit HabitStore(Database& database) : database_(database) {}

  // Refused (422) when the user would have more than `max_habits`.
  void create(const domain::Habit& habit, long long max_habits = domain::Quotas{}.habits, const PendingEvents& events = {}) const;
  [[nodiscard]] std::optional<domain::Habit> get(const std::string& user_id, const std::string& habit_id) const;
  // The habit with its owner's time zone and day start (what a log write checks first), in one
  // query: on PostgreSQL one round trip, not two.
  [[nodiscard]] std::optional<HabitWithOwnerDay> get_with_owner_day(const std::string& user_id,
                                                                    const std::string& habit_id) const;
  // One page in creation order, plus every log of the habits on it: a fixed number of queries.
  [[nodiscard]] HabitPage list(const std::string& user_id, const HabitFilter& filter, long long limit, long long offset,
                               LogsByHabit* logs) const;
  [[nodiscard]] HistoryChanges history_changes(const std::string& user_id, std::int64_t after) const;
  // The logs of every habit of the user, those dated on or after `from` when given.
  [[nodiscard]] LogsByHabit log_entries_of_user(const std::string& user_id, std::optional<domain::Date> from) const;
  // Writes every field of `habit` and, in the same transaction, brings its logs' amounts in line
  // with its goal (domain::amount_under_goal).
  // With `expected_version`, only while the user's data_version is still that (else 412). Both
  // return the user's new data_version; a habit that no longer exists is domain kNotFound.
  [[nodiscard]] std::int64_t update(const domain::Habit& habit, std::optional<std::int64_t> expected_version = {},
                                    const PendingEvents& events = {}) const;
  // Deletes the habit and its logs, and leaves a tombstone for the changes feed.
  [[nodiscard]] std::int64_t remove(const std::string& user_id, const std::string& habit_id,
                                    std::optional<std::int64_t> expected_version, std::int64_t now,
                                    const PendingEvents& events = {}) const;

  // With `from`, only the logs dated on or after it.
  [[nodiscard]] std::vector<domain::LogEntry> log_entries(const std::string& user_id, const std::string& habit_id,
                                                          std::optional<domain::Date> from = std::nullopt) const;
  [[nodiscard]] std::optional<domain::Date> earliest_log_date(const std::string& user_id, const std::string& habit_id) const;

  // Throws domain kConflict when the habit already has a log on that date, kNotFound when the
  // habit is gone.
  void insert_log(const std::string& user_id, const domain::HabitLog& log, long long max_logs = domain::Quotas{}.logs,
                  const PendingEvents& events = {}) const;
  [[nodiscard]] std::optional<domain::HabitLog> get_log(const std::string& user_id, const std::string& habit_id,
                                                        domain::Date date) const;
  // Both throw domain kNotFound when there is no such log.
  void update_log(const std::string& user_id, const domain::HabitLog& log, const PendingEvents& events = {}) const;
  // Leaves a tombstone for the changes feed.
  void remove_log(const std::string& user_id, const std::string& habit_id, domain::Date date, std::int64_t now,
                  const PendingEvents& events = {}) const;
  // Marks every day of [from, to] that has no log yet as skipped, in one transaction; returns how
  // many. `events_of` gives the webhook events of each new skipped log, recorded with it.
  [[nodiscard]] int insert_skips(const std::string& user_id, const std::string& habit_id, domain::Date from, domain::Date to,
                                 const std::optional<std::string>& notes, std::int64_t now,
                                 long long max_logs = domain::Quotas{}.logs,
                                 const std::function<OutboxEvents(const domain::HabitLog&)>& events_of = {}) const;
  [[nodiscard]] std::vector<domain::HabitLog> logs_between(const std::string& user_id, const std::string& habit_id,
                                                           domain::Date from, domain::Date to) const;
  // Every log of the user's habits dated `date`, whatever the habit: one query for a whole day.
  [[nodiscard]] std::vector<domain::HabitLog> logs_on(const std::string& user_id, domain::Date date) const;

 private:
  Database& database_;
};

}  // namespace habitd::store
