#pragma once
// Progress, insights and the calendar heat-map: figures over all of a user's active habits,
// computed from one query for the habits and one for their logs, whatever their number.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "domain/window.hpp"
#include "service/habit_service.hpp"

namespace habitd::service {

struct WindowFigures {
  domain::DateWindow window;
  long completions = 0;
  long habits_completed = 0;
};

struct Progress {
  std::vector<HabitView> habits;  // active habits, in creation order, with their streaks
  long total_completions = 0;
  WindowFigures last_week;
  WindowFigures last_month;
};

struct HabitInsight {
  long completions = 0;
  std::optional<double> completion_rate;  // over the window (or since start_date)
};

struct Insights {
  std::vector<domain::Habit> habits;
  std::vector<HabitInsight> per_habit;  // same order as habits
  std::optional<std::size_t> most;
  std::optional<std::size_t> least;
  std::array<long, 7> by_weekday{};
  std::optional<domain::Date> from;
  std::optional<domain::Date> to;
};

struct YearCalendar {
  std::string habit_id;
  int year = 0;
  std::vector<int> levels;  // per day: 0 nothing, 1 skipped, 2 completed
  long completed_days = 0;
};

class StatsService {
 public:
  StatsService(const store::HabitStore& habits, const HabitService& habit_service)
      : habits_(habits), habit_service_(habit_service) {}

  [[nodiscard]] Progress progress(const std::string& user_id) const;
  [[nodiscard]] Insights insights(const std::string& user_id, std::optional<domain::Date> from,
                                  std::optional<domain::Date> to) const;
  [[nodiscard]] YearCalendar calendar(const std::string& user_id, const std::string& habit_id, int year) const;

 private:
  const store::HabitStore& habits_;
  const HabitService& habit_service_;
};

}  // namespace habitd::service
