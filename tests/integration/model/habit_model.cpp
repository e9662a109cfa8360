#include "habit_model.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace habitd::model {
namespace {

using std::chrono::days;
namespace json = boost::json;

// ------------------------------------------------------------------ the calendar, from <chrono>

Date period_start(Frequency frequency, Date day) {
  switch (frequency) {
    case Frequency::kDaily:
      return day;
    case Frequency::kWeekly:
      return day - days{std::chrono::weekday{day}.iso_encoding() - 1};  // back to Monday
    case Frequency::kMonthly: {
      const std::chrono::year_month_day ymd{day};
      return Date{ymd.year() / ymd.month() / 1};
    }
  }
  return day;
}

Date next_period(Frequency frequency, Date day) {
  const Date start = period_start(frequency, day);
  switch (frequency) {
    case Frequency::kDaily:
      return start + days{1};
    case Frequency::kWeekly:
      return start + days{7};
    case Frequency::kMonthly: {
      const std::chrono::year_month_day ymd{start};
      return Date{(ymd.year() / ymd.month() + std::chrono::months{1}) / 1};
    }
  }
  return start + days{1};
}

struct Period {
  Date start;
  State state = State::kNone;
};

// Every period from the one holding `lo` to the one holding `hi`, judged by the logs in [first, last].
std::vector<Period> periods_of(const Habit& habit, Date lo, Date hi, std::optional<Date> first = std::nullopt,
                               std::optional<Date> last = std::nullopt) {
  std::vector<Period> periods;
  for (Date start = period_start(habit.frequency, lo); start <= hi; start = next_period(habit.frequency, start)) {
    int completed = 0;
    double amount = 0;
    bool skipped = false;
    for (Date day = start; day < next_period(habit.frequency, start); day += days{1}) {
      if ((first && day < *first) || (last && day > *last)) continue;
      const auto log = habit.logs.find(day);
      if (log == habit.logs.end()) continue;
      if (log->second.completed) {
        ++completed;
        amount += log->second.amount.value_or(0.0);
      } else {
        skipped = true;
      }
    }
    const bool done = completed > 0 && (habit.goal ? amount >= *habit.goal : completed >= habit.times);
    // A day a daily habit is not due on counts when done, and is otherwise passed over like a skip.
    const bool passed_over = skipped || (habit.frequency == Frequency::kDaily && !habit.due(start));
    periods.push_back(Period{start, done ? State::kCompleted : passed_over ? State::kSkipped : State::kNone});
  }
  return periods;
}

json::array weekday_names(unsigned set) {
  static constexpr const char* kNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  json::array names;
  for (unsigned i = 0; i < 7; ++i)
    if (set & (1U << i)) names.emplace_back(kNames[i]);
  return names;
}

json::array reminder_names(const std::vector<int>& times) {
  json::array names;
  for (const int minutes : times) names.emplace_back(day_start_text(minutes));
  return names;
}

json::value or_null(const std::optional<Date>& date) { return date ? json::value(text(*date)) : json::value(nullptr); }
json::value or_null(const std::optional<std::string>& value) { return value ? json::value(*value) : json::value(nullptr); }
json::value or_null(const std::optional<double>& value) { return value ? json::value(*value) : json::value(nullptr); }
json::value or_null(const std::optional<int>& value) { return value ? json::value(*value) : json::value(nullptr); }

json::value rounded_rate(const std::optional<double>& rate) {
  if (!rate) return nullptr;
  return std::round(*rate * 10000.0) / 10000.0;
}

json::value target_progress(const Habit& habit, const Figures& f) {
  if (!habit.target) return nullptr;
  const double percent = std::min(100.0, std::round(1000.0 * static_cast<double>(f.completed_periods) / *habit.target) / 10.0);
  return json::object{{"completed_periods", f.completed_periods},
                      {"target", *habit.target},
                      {"percent", percent},
                      {"reached", f.completed_periods >= *habit.target}};
}

bool in(Date day, std::optional<Date> from, std::optional<Date> to) { return (!from || day >= *from) && (!to || day <= *to); }

long completions(const Habit& habit, std::optional<Date> from, std::optional<Date> to) {
  long count = 0;
  for (const auto& [day, log] : habit.logs)
    if (log.completed && in(day, from, to)) ++count;
  return count;
}

json::object log_entry_json(Date day, const Log& log) {
  return {{"date", text(day)},
          {"status", log.completed ? "completed" : "skipped"},
          {"notes", or_null(log.notes)},
          {"amount", or_null(log.amount)}};
}

json::object window_json(const User& user, Date from, Date to) {
  long total = 0;
  long habits = 0;
  for (const Habit& habit : user.habits) {
    if (habit.archived) continue;
    const long count = completions(habit, from, to);
    total += count;
    if (count > 0) ++habits;
  }
  return {{"from", text(from)}, {"to", text(to)}, {"completions", total}, {"habits_completed", habits}};
}

std::optional<std::string> mismatch(const std::string& path, const json::value& expected, const json::value& actual) {
  return path + ": expected " + json::serialize(expected) + ", got " + json::serialize(actual);
}

std::optional<std::string> first_difference(const json::value& expected, const json::value& actual, const std::string& path,
                                            const std::vector<std::string>& ignored) {
  if (expected.is_number() && actual.is_number()) {
    const double x = expected.to_number<double>();
    const double y = actual.to_number<double>();
    if (std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(x))) return std::nullopt;
    return mismatch(path, expected, actual);
  }
  if (expected.kind() != actual.kind()) return mismatch(path, expected, actual);
  if (expected.is_object()) {
    const auto& want = expected.get_object();
    const auto& got = actual.get_object();
    for (const auto& member : want) {
      const std::string key(member.key());
      if (std::find(ignored.begin(), ignored.end(), key) != ignored.end()) continue;
      const auto* other = got.if_contains(member.key());
      if (!other) return path + "." + key + ": missing";
      if (auto found = first_difference(member.value(), *other, path + "." + key, ignored)) return found;
    }
    for (const auto& member : got)
      if (!want.contains(member.key())) return path + "." + std::string(member.key()) + ": not expected";
    return std::nullopt;
  }
  if (expected.is_array()) {
    const auto& want = expected.get_array();
    const auto& got = actual.get_array();
    if (want.size() != got.size())
      return path + ": expected " + std::to_string(want.size()) + " items, got " + std::to_string(got.size());
    for (std::size_t i = 0; i < want.size(); ++i)
      if (auto found = first_difference(want[i], got[i], path + "[" + std::to_string(i) + "]", ignored)) return found;
    return std::nullopt;
  }
  if (expected != actual) return mismatch(path, expected, actual);
  return std::nullopt;
}

}  // namespace

bool Habit::due(Date day) const {
  if (frequency != Frequency::kDaily) return true;
  const unsigned monday_first = (std::chrono::weekday{day}.c_encoding() + 6) % 7;
  return ((weekdays >> monday_first) & 1U) != 0;
}

void Habit::align_amounts() {
  for (auto& [day, log] : logs) {
    if (!goal || !log.completed)
      log.amount.reset();
    else if (!log.amount)
      log.amount = 0.0;
  }
}

Habit* User::find(const std::string& id) {
  for (Habit& habit : habits)
    if (habit.id == id) return &habit;
  return nullptr;
}

Date today_of(const std::string& zone, int day_start, Instant now) {
  const auto local = date::make_zoned(zone, now).get_local_time() - std::chrono::minutes{day_start};
  return Date{date::floor<days>(local).time_since_epoch()};
}

int max_times(Frequency frequency) { return frequency == Frequency::kDaily ? 1 : frequency == Frequency::kWeekly ? 7 : 28; }

const char* name_of(Frequency frequency) {
  return frequency == Frequency::kDaily ? "daily" : frequency == Frequency::kWeekly ? "weekly" : "monthly";
}

std::string text(Date date) {
  const std::chrono::year_month_day ymd{date};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::string day_start_text(int minutes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minutes / 60, minutes % 60);
  return buffer;
}

Figures figures(const Habit& habit, Date today) {
  Date lo = std::min(habit.start, today);
  Date hi = std::max(habit.start, today);
  if (!habit.logs.empty()) {
    lo = std::min(lo, habit.logs.begin()->first);
    hi = std::max(hi, habit.logs.rbegin()->first);
  }
  const auto periods = periods_of(habit, lo, hi);
  const Date current = period_start(habit.frequency, today);
  Figures f;

  // current_streak: walk back from today's period, which counts when completed and is passed over
  // otherwise; before it completed periods count, skipped ones are passed over, others stop it.
  long c = 0;
  while (periods[static_cast<std::size_t>(c)].start != current) ++c;
  for (long i = c; i >= 0; --i) {
    const Period& period = periods[static_cast<std::size_t>(i)];
    if (period.state == State::kCompleted) {
      ++f.current_streak;
      f.current_streak_start = period.start;
    } else if (period.state == State::kNone && i != c) {
      break;
    }
  }
  // longest_streak: completed periods between two periods that are neither completed nor skipped.
  int run = 0;
  for (const Period& period : periods) {
    if (period.state == State::kNone) run = 0;
    if (period.state == State::kCompleted) f.longest_streak = std::max(f.longest_streak, ++run);
    if (period.state == State::kCompleted) ++f.completed_periods;
  }
  // Elapsed: before today's period and not skipped (from the start, or the first log if earlier), or completed.
  const Date first =
      period_start(habit.frequency, habit.logs.empty() ? habit.start : std::min(habit.start, habit.logs.begin()->first));
  for (const Period& period : periods)
    if (period.start < current ? period.start >= first && period.state != State::kSkipped : period.state == State::kCompleted)
      ++f.elapsed_periods;
  for (const auto& [day, log] : habit.logs) {
    if (!log.completed) continue;
    ++f.total_completions;
    f.last_completed_on = day;
  }
  return f;
}

std::optional<double> completion_rate(const Habit& habit, std::optional<Date> from, std::optional<Date> to, Date today) {
  Date first =
      from ? std::max(*from, habit.start) : (habit.logs.empty() ? habit.start : std::min(habit.start, habit.logs.begin()->first));
  if (to && *to < first) return std::nullopt;
  Date hi = std::max(today, to.value_or(first));
  for (const auto& [day, log] : habit.logs)
    if (in(day, first, to)) hi = std::max(hi, day);
  const auto periods = periods_of(habit, std::min(today, first), hi, first, to);
  const Date lo_period = period_start(habit.frequency, first);
  const Date current = period_start(habit.frequency, today);
  long completed = 0;
  long elapsed = 0;
  for (const Period& period : periods) {
    if (period.start < lo_period || (to && period.start > *to)) continue;
    if (period.state == State::kCompleted) ++completed;
    if (period.start < current ? period.state != State::kSkipped : period.state == State::kCompleted) ++elapsed;
  }
  if (elapsed == 0) return std::nullopt;
  return static_cast<double>(completed) / static_cast<double>(elapsed);
}

json::object habit_json(const Habit& habit, Date today) {
  const Figures f = figures(habit, today);
  const std::optional<double> rate =
      f.elapsed_periods == 0
          ? std::nullopt
          : std::optional<double>(static_cast<double>(f.completed_periods) / static_cast<double>(f.elapsed_periods));
  return {{"id", habit.id},
          {"name", habit.name},
          {"description", or_null(habit.description)},
          {"frequency", name_of(habit.frequency)},
          {"start_date", text(habit.start)},
          {"target", or_null(habit.target)},
          {"archived", habit.archived},
          {"created_at", nullptr},
          {"updated_at", nullptr},
          {"current_streak", f.current_streak},
          {"longest_streak", f.longest_streak},
          {"total_completions", f.total_completions},
          {"last_completed_on", or_null(f.last_completed_on)},
          {"current_streak_start", or_null(f.current_streak_start)},
          {"times_per_period", habit.times},
          {"goal", or_null(habit.goal)},
          {"unit", or_null(habit.unit)},
          {"weekdays", weekday_names(habit.weekdays)},
          {"reminders", reminder_names(habit.reminders)},
          {"completion_rate", rounded_rate(rate)},
          {"target_progress", target_progress(habit, f)}};
}

json::object streak_json(const Habit& habit, Date today) {
  const Figures f = figures(habit, today);
  return {{"habit_id", habit.id},
          {"frequency", name_of(habit.frequency)},
          {"current_streak", f.current_streak},
          {"longest_streak", f.longest_streak},
          {"current_streak_start", or_null(f.current_streak_start)},
          {"last_completed_on", or_null(f.last_completed_on)}};
}

json::object list_json(const User& user, bool archived, Date today) {
  json::array items;
  for (const Habit& habit : user.habits)
    if (habit.archived == archived) items.push_back(habit_json(habit, today));
  const auto total = static_cast<long long>(items.size());
  return {{"items", std::move(items)}, {"total", total}, {"limit", 50}, {"offset", 0}};
}

json::object log_json(const Habit& habit, Date day) {
  const Log& log = habit.logs.at(day);
  return {{"id", nullptr},
          {"habit_id", habit.id},
          {"date", text(day)},
          {"status", log.completed ? "completed" : "skipped"},
          {"notes", or_null(log.notes)},
          {"amount", or_null(log.amount)},
          {"created_at", nullptr},
          {"updated_at", nullptr}};
}

json::object today_json(const User& user, Date today) {
  json::array items;
  for (const Habit& habit : user.habits) {
    if (habit.archived || habit.start > today) continue;
    // The period holding today, whole: a log on any of its days counts, after today too.
    const Date from = period_start(habit.frequency, today);
    const Date next = next_period(habit.frequency, today);
    long completed = 0;
    double amount = 0;
    for (auto log = habit.logs.lower_bound(from); log != habit.logs.end() && log->first < next; ++log) {
      if (!log->second.completed) continue;
      ++completed;
      amount += log->second.amount.value_or(0.0);
    }
    const bool done = completed > 0 && (habit.goal ? amount >= *habit.goal : completed >= habit.times);
    const auto log = habit.logs.find(today);
    const bool has = log != habit.logs.end();
    items.push_back(json::object{{"habit", habit_json(habit, today)},
                                 {"due", habit.due(today)},
                                 {"status", !has                    ? "none"
                                            : log->second.completed ? "completed"
                                                                    : "skipped"},
                                 {"log", has ? json::value(log_json(habit, today)) : json::value(nullptr)},
                                 {"period",
                                  {{"from", text(from)},
                                   {"to", text(next - days{1})},
                                   {"completed_logs", completed},
                                   {"times_per_period", habit.times},
                                   {"amount", habit.goal ? json::value(amount) : json::value(nullptr)},
                                   {"goal", or_null(habit.goal)},
                                   {"completed", done}}}});
  }
  return {{"date", text(today)}, {"items", std::move(items)}};
}

std::optional<json::object> day_view_json(const Habit& habit, std::optional<Date> from, std::optional<Date> to, Date today) {
  const Date last = to.value_or(today);
  if (last < habit.start) return std::nullopt;
  const Date first = from.value_or(std::max(last - days{29}, habit.start));
  if (first > last || (last - first).count() + 1 > 366) return std::nullopt;
  json::array entries;
  for (Date day = first; day <= last; day += days{1}) {
    const auto log = habit.logs.find(day);
    const bool has = log != habit.logs.end();
    entries.push_back(json::object{{"date", text(day)},
                                   {"due", habit.due(day)},
                                   {"completed", has && log->second.completed},
                                   {"status", !has                    ? "none"
                                              : log->second.completed ? "completed"
                                                                      : "skipped"},
                                   {"notes", has ? or_null(log->second.notes) : json::value(nullptr)},
                                   {"amount", has ? or_null(log->second.amount) : json::value(nullptr)}});
  }
  return json::object{{"habit_id", habit.id}, {"from", text(first)}, {"to", text(last)}, {"days", std::move(entries)}};
}

json::object progress_json(const User& user, Date today) {
  long long active = 0;
  long total = 0;
  json::array streaks;
  for (const Habit& habit : user.habits) {
    if (habit.archived) continue;
    ++active;
    total += completions(habit, std::nullopt, std::nullopt);
    const auto full = habit_json(habit, today);
    streaks.push_back(json::object{{"habit_id", habit.id},
                                   {"name", habit.name},
                                   {"frequency", name_of(habit.frequency)},
                                   {"current_streak", full.at("current_streak")},
                                   {"longest_streak", full.at("longest_streak")},
                                   {"completion_rate", full.at("completion_rate")},
                                   {"target_progress", full.at("target_progress")}});
  }
  return {{"total_habits", active},
          {"total_completions", total},
          {"current_streaks", std::move(streaks)},
          {"last_week", window_json(user, today - days{6}, today)},
          {"last_month", window_json(user, today - days{29}, today)}};
}

json::object insights_json(const User& user, std::optional<Date> from, std::optional<Date> to, Date today) {
  static constexpr std::array<const char*, 7> kWeekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                                           "friday", "saturday", "sunday"};
  json::array habits;
  std::array<long, 7> by_weekday{};
  const Habit* most = nullptr;
  const Habit* least = nullptr;
  long most_count = 0;
  long least_count = 0;
  for (const Habit& habit : user.habits) {
    if (habit.archived) continue;
    const long count = completions(habit, from, to);
    if (!most || count > most_count) most = &habit, most_count = count;
    if (!least || count < least_count) least = &habit, least_count = count;
    for (const auto& [day, log] : habit.logs)
      if (log.completed && in(day, from, to)) ++by_weekday[std::chrono::weekday{day}.iso_encoding() - 1];
    habits.push_back(json::object{{"habit_id", habit.id},
                                  {"name", habit.name},
                                  {"completions", count},
                                  {"completion_rate", rounded_rate(completion_rate(habit, from, to, today))}});
  }
  const auto count_json = [](const Habit* habit, long count) -> json::value {
    if (!habit) return nullptr;
    return json::object{{"habit_id", habit->id}, {"name", habit->name}, {"completions", count}};
  };
  json::object weekdays;
  std::size_t best = 0;
  for (std::size_t i = 0; i < 7; ++i) {
    weekdays[kWeekdays[i]] = by_weekday[i];
    if (by_weekday[i] > by_weekday[best]) best = i;
  }
  json::value best_weekday = nullptr;
  if (by_weekday[best] > 0) best_weekday = json::object{{"weekday", kWeekdays[best]}, {"completions", by_weekday[best]}};
  return {{"most_completed_habit", count_json(most, most_count)},
          {"least_completed_habit", count_json(least, least_count)},
          {"from", or_null(from)},
          {"to", or_null(to)},
          {"best_weekday", std::move(best_weekday)},
          {"completions_by_weekday", std::move(weekdays)},
          {"habits", std::move(habits)}};
}

json::object calendar_json(const Habit& habit, int year) {
  json::array levels;
  long completed = 0;
  const Date first{std::chrono::year{year} / 1 / 1};
  const Date last{std::chrono::year{year} / 12 / 31};
  for (Date day = first; day <= last; day += days{1}) {
    const auto log = habit.logs.find(day);
    const int level = log == habit.logs.end() ? 0 : log->second.completed ? 2 : 1;
    if (level == 2) ++completed;
    levels.push_back(level);
  }
  return {{"habit_id", habit.id},
          {"year", year},
          {"first_day", text(first)},
          {"levels", std::move(levels)},
          {"legend", {{"0", "nothing logged"}, {"1", "skipped"}, {"2", "completed"}}},
          {"completed_days", completed}};
}

json::object export_json(const User& user, Date today) {
  json::array habits;
  for (const Habit& habit : user.habits) {
    json::object entry = habit_json(habit, today);
    json::array logs;
    for (const auto& [day, log] : habit.logs) logs.push_back(log_entry_json(day, log));
    entry["logs"] = std::move(logs);
    habits.push_back(std::move(entry));
  }
  return {{"format", "habitd-export"},
          {"version", 1},
          {"exported_at", nullptr},
          {"user",
           {{"username", user.username},
            {"email", user.email},
            {"timezone", user.zone},
            {"day_start", day_start_text(user.day_start)}}},
          {"habits", std::move(habits)}};
}

std::optional<std::string> difference(const json::value& expected, const json::value& actual,
                                      const std::vector<std::string>& ignored) {
  return first_difference(expected, actual, "$", ignored);
}

}  // namespace habitd::model
