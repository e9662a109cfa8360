#pragma once
// Wire shapes of habits, logs, streaks and day views.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "service/habit_service.hpp"

namespace habitd::api::v1 {

[[nodiscard]] boost::json::object render_habit(const service::HabitView& view);
[[nodiscard]] boost::json::object render_log(const domain::HabitLog& log);
[[nodiscard]] boost::json::object render_streak(const service::HabitView& view);
[[nodiscard]] boost::json::object render_day_view(const service::DayView& view);
// An amount (or goal) as everywhere on the wire: whole numbers as integers, null when absent.
[[nodiscard]] boost::json::value render_amount(const std::optional<double>& amount);

}  // namespace habitd::api::v1
