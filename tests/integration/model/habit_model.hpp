#pragma once
// A brute-force model of what habitd answers, written from the contract alone (the public API
// description and docs/FIGURES.md): no code of src/domain, every figure found by walking the
// calendar day by day and period by period. The model API test compares each of the server's
// reads with it.
#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace habitd::model {

using Date = std::chrono::sys_days;
using Instant = std::chrono::system_clock::time_point;

enum class Frequency { kDaily, kWeekly, kMonthly };

inline constexpr int kMaxReminders = 5;  // per habit

struct Log {
  bool completed = true;  // false: skipped
  std::optional<std::string> notes;
  std::optional<double> amount;
};

struct Habit {
  std::string id;
  std::string name;
  std::optional<std::string> description;
  Frequency frequency = Frequency::kDaily;
  Date start;
  std::optional<int> target;
  bool archived = false;
  int times = 1;
  std::optional<double> goal;
  std::optional<std::string> unit;
  unsigned weekdays = 0x7F;    // daily habits: the days it is due, bit 0 Monday ... bit 6 Sunday
  std::vector<int> reminders;  // local times as minutes after midnight, ascending, distinct
  std::map<Date, Log> logs;

  [[nodiscard]] bool due(Date day) const;

  // A goal added gives completed logs without an amount 0; a goal removed clears every amount.
  void align_amounts();
};

struct User {
  std::string username;
  std::string email;
  std::string zone = "UTC";
  int day_start = 0;          // minutes after local midnight
  std::vector<Habit> habits;  // in creation order, archived ones too

  [[nodiscard]] Habit* find(const std::string& id);
};

// ------------------------------------------------------------------ the calendar

// The local date of `now` in `zone`, with the day starting `day_start` minutes after midnight.
[[nodiscard]] Date today_of(const std::string& zone, int day_start, Instant now);
[[nodiscard]] int max_times(Frequency frequency);
[[nodiscard]] const char* name_of(Frequency frequency);
[[nodiscard]] std::string text(Date date);              // YYYY-MM-DD
[[nodiscard]] std::string day_start_text(int minutes);  // also a reminder's "HH:MM"

// ------------------------------------------------------------------ figures

enum class State { kCompleted, kSkipped, kNone };

struct Figures {
  int current_streak = 0;
  int longest_streak = 0;
  std::optional<Date> current_streak_start;
  std::optional<Date> last_completed_on;
  int total_completions = 0;
  long completed_periods = 0;
  long elapsed_periods = 0;
};

[[nodiscard]] Figures figures(const Habit& habit, Date today);
// The completion rate over [from, to] (either absent), judging periods by the logs inside.
[[nodiscard]] std::optional<double> completion_rate(const Habit& habit, std::optional<Date> from, std::optional<Date> to,
                                                    Date today);

// ------------------------------------------------------------------ expected answers
// Timestamps (created_at, updated_at, exported_at) are not modelled: compare with them ignored.

[[nodiscard]] boost::json::object habit_json(const Habit& habit, Date today);
[[nodiscard]] boost::json::object streak_json(const Habit& habit, Date today);
[[nodiscard]] boost::json::object list_json(const User& user, bool archived, Date today);
// The Log of `day` (which must hold one); its id is not modelled: null.
[[nodiscard]] boost::json::object log_json(const Habit& habit, Date day);
// GET /today without a date: every started, non-archived habit with its day and its period.
[[nodiscard]] boost::json::object today_json(const User& user, Date today);
// 200 body, or nullopt for 422 (the range is empty or longer than 366 days, or `to` is before
// `start_date`).
[[nodiscard]] std::optional<boost::json::object> day_view_json(const Habit& habit, std::optional<Date> from,
                                                               std::optional<Date> to, Date today);
[[nodiscard]] boost::json::object progress_json(const User& user, Date today);
[[nodiscard]] boost::json::object insights_json(const User& user, std::optional<Date> from, std::optional<Date> to, Date today);
[[nodiscard]] boost::json::object calendar_json(const Habit& habit, int year);
[[nodiscard]] boost::json::object export_json(const User& user, Date today);

// The first difference between `expected` and `actual`, or nullopt. Numbers compare as numbers
// (3 and 3.0 are equal); object members named in `ignored` are not compared.
[[nodiscard]] std::optional<std::string> difference(const boost::json::value& expected, const boost::json::value& actual,
                                                    const std::vector<std::string>& ignored = {"created_at", "updated_at",
                                                                                               "exported_at"});

}  // namespace habitd::model
