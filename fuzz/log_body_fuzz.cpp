// Bodies of POST /habits/{id}/logs, PATCH /habits/{id}/logs/{date} and POST /habits/{id}/skips
// → validated commands, checked against a habit with the service's rules. The first byte picks
// the endpoint (its value modulo 3; the seeds use '0'..'2'), the rest is the request body.
#include <cstddef>
#include <cstdint>

#include "api/v1/json/habit_fields.hpp"
#include "api/v1/json/habit_json.hpp"
#include "domain/habit_validation.hpp"
#include "fuzz_support.hpp"
#include "service/habit_service.hpp"

namespace habitd::fuzz {
namespace {

constexpr domain::Date kToday{std::chrono::year{2026} / 11 / 26};

domain::Habit goal_habit() {
  domain::Habit habit;
  habit.id = "habit";
  habit.start_date = kToday - std::chrono::days(30);
  habit.goal = 10.0;
  return habit;
}

void create(api::v1::JsonFields& fields, domain::FieldErrors& errors) {
  const auto input = api::v1::read_log_input(fields);
  errors.throw_if_any();
  const auto habit = goal_habit();
  if (input.date) domain::validate_log_date(habit, *input.date, kToday, errors);
  domain::validate_log_fields(habit, input.status, input.amount, errors);
  errors.throw_if_any();
  check(!input.amount || (*input.amount >= 0 && *input.amount <= 1e12), "amount out of range");
  static_cast<void>(api::v1::render_amount(input.amount));
}

void update(api::v1::JsonFields& fields, domain::FieldErrors& errors) {
  const auto changes = api::v1::read_log_changes(fields);
  errors.throw_if_any();
  // The service validates the log as it would be after the change; here the change applies to
  // a completed log without an amount.
  const auto amount = changes.amount ? *changes.amount : std::nullopt;
  domain::validate_log_fields(goal_habit(), changes.status.value_or(domain::LogStatus::kCompleted), amount, errors);
  errors.throw_if_any();
  check(!amount || (*amount >= 0 && *amount <= 1e12), "an amount out of range was accepted");
}

void skip(api::v1::JsonFields& fields, domain::FieldErrors& errors) {
  const auto range = api::v1::read_skip_range(fields);
  errors.throw_if_any();
  check(domain::parse_date(domain::format_date(range.from)) == range.from, "a skip date does not round-trip");
  check(domain::parse_date(domain::format_date(range.to)) == range.to, "a skip date does not round-trip");
}

}  // namespace
}  // namespace habitd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace habitd;
  if (size == 0) return 0;
  const int kind = data[0] % 3;
  const auto request = fuzz::json_request(fuzz::as_text(data + 1, size - 1));
  try {
    // Only the log may be posted without a body: every field of it is optional.
    const auto body = api::v1::parse_json_object(request, kind == 0);
    domain::FieldErrors errors;
    api::v1::JsonFields fields(body, errors);
    if (kind == 0)
      fuzz::create(fields, errors);
    else if (kind == 1)
      fuzz::update(fields, errors);
    else
      fuzz::skip(fields, errors);
    errors.throw_if_any();
  } catch (const domain::Error& error) {
    fuzz::expect_client_error(error);
  }
  return 0;
}
