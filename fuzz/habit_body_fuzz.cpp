// Bodies of POST and PATCH /api/v1/habits → validated commands, then the habit they make checked
// and rendered as the service and handler would. The first byte picks the endpoint (even:
// create, odd: update; the seeds use '0' and '1'), the rest is the request body.
#include <boost/json/serialize.hpp>
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
constexpr std::int64_t kNowMicros = 1'795'000'000'000'000;

void create(api::v1::JsonFields& fields, domain::FieldErrors& errors) {
  const auto input = api::v1::read_habit_input(fields);
  errors.throw_if_any();
  const auto habit = service::habit_from("habit", "user", input, kToday, kNowMicros);
  domain::validate_habit_rules(habit, errors);
  errors.throw_if_any();
  check(!boost::json::serialize(api::v1::render_habit(service::HabitView{habit, {}})).empty(), "empty rendering");
}

void update(api::v1::JsonFields& fields, domain::FieldErrors& errors) {
  const auto changes = api::v1::read_habit_changes(fields);
  errors.throw_if_any();
  check(!changes.times_per_period || (*changes.times_per_period >= 1 && *changes.times_per_period <= 28), "times out of range");
  check(!changes.name || !changes.name->empty(), "an empty name was accepted");
}

}  // namespace
}  // namespace habitd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace habitd;
  if (size == 0) return 0;
  const bool is_update = (data[0] % 2) == 1;
  const auto request = fuzz::json_request(fuzz::as_text(data + 1, size - 1));
  try {
    const auto body = api::v1::parse_json_object(request);
    domain::FieldErrors errors;
    api::v1::JsonFields fields(body, errors);
    if (is_update)
      fuzz::update(fields, errors);
    else
      fuzz::create(fields, errors);
  } catch (const domain::Error& error) {
    fuzz::expect_client_error(error);
  }
  return 0;
}
