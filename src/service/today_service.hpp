#pragma once
// GET /api/v1/today: every active habit that has started by a date, with that date's log and the
// progress of the period holding it. One pass over the data: the habits and all their logs in the
// list's fixed number of queries, plus one query for the day's logs, whatever the number of habits.
#include <optional>
#include <string>
#include <vector>

#include "domain/habit.hpp"
#include "domain/habit_rules.hpp"
#include "service/habit_service.hpp"

namespace habitd::service {

struct TodayItem {
  HabitView view;  // the habit with its streaks as of the user's real today
  bool due = true;
  std::optional<domain::HabitLog> log;  // the log dated on the view's date
  domain::PeriodProgress period;
};

struct TodayView {
  domain::Date date;
  std::vector<TodayItem> items;  // in the order of GET /api/v1/habits
};

class TodayService {
 public:
  TodayService(const store::HabitStore& habits, const HabitService& habit_service)
      : habits_(habits), habit_service_(habit_service) {}

  // `date` defaults to the user's today; a date after it is a 422 naming `date`.
  [[nodiscard]] TodayView today(const std::string& user_id, std::optional<domain::Date> date) const;

 private:
  const store::HabitStore& habits_;
  const HabitService& habit_service_;
};

}  // namespace habitd::service
