// The body of POST /api/v1/import (an export document) → the habits and logs to create, each
// then checked with the rules the import service applies before it writes anything.
#include <cstddef>
#include <cstdint>

#include "api/v1/json/export_json.hpp"
#include "api/v1/json/request_body.hpp"
#include "domain/habit_validation.hpp"
#include "fuzz_support.hpp"
#include "service/habit_service.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace habitd;
  constexpr domain::Date kToday{std::chrono::year{2026} / 11 / 26};
  const auto request = fuzz::json_request(fuzz::as_text(data, size));
  try {
    const auto body = api::v1::parse_json_object(request);
    const auto habits = api::v1::read_import(body);
    fuzz::check(habits.size() <= domain::kMaxImportHabits, "more habits than the limit");
    domain::FieldErrors errors;
    for (const auto& item : habits) {
      const auto habit = service::habit_from("habit", "user", item.habit, kToday, 0);
      domain::validate_habit_rules(habit, errors);
      for (const auto& log : item.logs) {
        domain::validate_log_start(habit, log.date, errors);
        domain::validate_log_fields(habit, log.status, log.amount, errors);
      }
    }
    domain::throw_import_errors(errors);
  } catch (const domain::Error& error) {
    fuzz::expect_client_error(error);
    fuzz::check(error.fields().size() <= domain::kMaxReportedImportErrors, "more problems listed than the limit");
  }
  return 0;
}
