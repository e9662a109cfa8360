#pragma once
// Habits, their logs, streaks and day views: the use cases behind /api/v1/habits.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/day_view.hpp"
#include "domain/error.hpp"
#include "domain/habit.hpp"
#include "domain/habit_rules.hpp"
#include "domain/quotas.hpp"
#include "domain/user.hpp"
#include "service/habit_histories.hpp"
#include "store/habit_store.hpp"

namespace habitd::util {
class Clock;
}
namespace habitd::store {
class UserStore;
}

namespace habitd::service {

class ReadStampBatches;

class WebhookEvents;

template <typename T>
using Patch = std::optional<T>;  // absent: leave as is

struct HabitInput {
  std::string name;
  std::optional<std::string> description;
  domain::Frequency frequency = domain::Frequency::kDaily;
  std::optional<domain::Date> start_date;
  std::optional<int> target;
  bool archived = false;
  int times_per_period = 1;
  std::optional<double> goal;
  std::optional<std::string> unit;
  std::optional<domain::Weekdays> weekdays;  // absent: every day
  std::vector<int> reminders;                // local times, minutes after midnight
};

struct HabitChanges {
  Patch<std::string> name;
  Patch<std::optional<std::string>> description;
  Patch<domain::Frequency> frequency;
  Patch<domain::Date> start_date;
  Patch<std::optional<int>> target;
  Patch<bool> archived;
  Patch<int> times_per_period;
  Patch<std::optional<double>> goal;
  Patch<std::optional<std::string>> unit;
  Patch<domain::Weekdays> weekdays;
  Patch<std::vector<int>> reminders;
};

struct HabitView {
  domain::Habit habit;
  domain::StreakSummary summary;
  std::int64_t data_version = 0;  // after a write: the user's data_version it left
};

struct HabitListView {
  std::vector<HabitView> items;
  long long total = 0;
};

struct LogInput {
  std::optional<domain::Date> date;
  domain::LogStatus status = domain::LogStatus::kCompleted;
  std::optional<std::string> notes;
  std::optional<double> amount;
};

struct LogChanges {
  Patch<std::optional<std::string>> notes;
  Patch<domain::LogStatus> status;
  Patch<std::optional<double>> amount;
};

using DayEntry = domain::DayEntry;
using DayView = domain::DayView;

// A user's reads give the same answer while both fields stay the same (see api/v1/read_cache).
struct ReadStamp {
  domain::Date today;
  std::int64_t data_version = 0;
};

class HabitService {
 public:
  // With `stamps` (PostgreSQL), read_stamp() shares its query with the reads waiting at the time.
  // With `events`, every write queues the webhook events it causes in its own transaction.
  // Reads take the habits' figures from `histories` (digests of their history: flat as it grows).
  HabitService(const store::HabitStore& habits, const store::UserStore& users, const util::Clock& clock,
               const HabitHistories& histories, const domain::Quotas& quotas = {}, const WebhookEvents* events = nullptr,
               const ReadStampBatches* stamps = nullptr);

  [[nodiscard]] HabitView create(const std::string& user_id, const HabitInput& input) const;
  // The figures of some of the user's habits as of `today`, each with its logs from `logs_from`
  // (every log when nullopt): what every read of habits shows.
  [[nodiscard]] std::unordered_map<std::string, HabitFigures> figures(const std::string& user_id,
                                                                      const std::vector<domain::Habit>& habits,
                                                                      domain::Date today,
                                                                      std::optional<domain::Date> logs_from) const {
    return histories_.figures(user_id, habits, today, logs_from);
  }
  [[nodiscard]] HabitListView list(const std::string& user_id, const store::HabitFilter& filter, long long limit,
                                   long long offset) const;
  [[nodiscard]] HabitView get(const std::string& user_id, const std::string& habit_id) const;
  // With `expected_version` (If-Match), only while the user's data_version is still that: else 412.
  [[nodiscard]] HabitView update(const std::string& user_id, const std::string& habit_id, const HabitChanges& changes,
                                 std::optional<std::int64_t> expected_version = {}) const;
  void remove(const std::string& user_id, const std::string& habit_id, std::optional<std::int64_t> expected_version = {}) const;

  [[nodiscard]] domain::HabitLog add_log(const std::string& user_id, const std::string& habit_id, const LogInput& input) const;
  [[nodiscard]] domain::HabitLog update_log(const std::string& user_id, const std::string& habit_id, domain::Date date,
                                            const LogChanges& changes) const;
  void remove_log(const std::string& user_id, const std::string& habit_id, domain::Date date) const;
  // Skips every day of [from, to] without a log (a holiday); returns how many days were marked.
  [[nodiscard]] int skip_days(const std::string& user_id, const std::string& habit_id, domain::Date from, domain::Date to,
                              const std::optional<std::string>& notes) const;
  // GET .../logs: the range the contract allows (a to before start_date, a from after to or more
  // than 366 days are 422), from 29 days before `to` (today) by default.
  [[nodiscard]] DayView day_view(const std::string& user_id, const std::string& habit_id, std::optional<domain::Date> from,
                                 std::optional<domain::Date> to) const;
  // Every day of [first, last], which the caller has bounded, before start_date too: a year's
  // calendar shows the days before the habit began as empty.
  [[nodiscard]] DayView days_of(const std::string& user_id, const std::string& habit_id, domain::Date first,
                                domain::Date last) const;

  // The user's current date in their time zone and day start, for work inside a request (it reads
  // where the request's reads go: a standby, or a write's own transaction).
  [[nodiscard]] domain::Date today_for(const std::string& user_id) const;
  // Everything a read of the user's habits depends on besides the request, read from the primary
  // before the request's work begins: one query, shared with other reads waiting (`stamps`).
  [[nodiscard]] ReadStamp read_stamp(const std::string& user_id) const;

 private:
  [[nodiscard]] DayView days_of(const std::string& user_id, const domain::Habit& habit, domain::Date first,
                                domain::Date last) const;
  // require_habit, with the owner's time zone and day start read in the same query.
  [[nodiscard]] store::HabitWithOwnerDay require_habit_and_day(const std::string& user_id, const std::string& habit_id) const;
  [[nodiscard]] domain::Habit require_habit(const std::string& user_id, const std::string& habit_id) const;
  [[noreturn]] void throw_missing_habit(const std::string& user_id) const;
  template <typename Data>
  [[nodiscard]] store::PendingEvents outbox(std::string_view type, const Data& data) const;

  const store::HabitStore& habits_;
  const store::UserStore& users_;
  const util::Clock& clock_;
  const domain::Quotas quotas_;
  const WebhookEvents* events_;
  const HabitHistories& histories_;
  const ReadStampBatches* stamps_;
};

// A new habit of `user_id` with the id `id` (start_date defaults to `today`), not yet validated.
[[nodiscard]] inline domain::Habit habit_from(std::string id, const std::string& user_id, const HabitInput& input,
                                              domain::Date today, std::int64_t now_micros) {
  domain::Habit habit;
  habit.id = std::move(id);
  habit.user_id = user_id;
  habit.name = input.name;
  habit.description = input.description;
  habit.frequency = input.frequency;
  habit.start_date = input.start_date.value_or(today);
  habit.target = input.target;
  habit.archived = input.archived;
  habit.times_per_period = input.times_per_period;
  habit.goal = input.goal;
  habit.unit = input.unit;
  habit.weekdays = input.weekdays.value_or(domain::kEveryDay);
  habit.reminders = input.reminders;
  habit.created_at = habit.updated_at = now_micros;
  return habit;
}
// The same with a fresh id.
[[nodiscard]] domain::Habit make_habit(const std::string& user_id, const HabitInput& input, domain::Date today,
                                       std::int64_t now_micros);

}  // namespace habitd::service
