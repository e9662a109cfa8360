// Calendar parsing: dates (YYYY-MM-DD), day starts (HH:MM), frequencies and the period arithmetic
// done on every date that parses. Whatever parses must format back to the same text.
#include <cstddef>
#include <cstdint>

#include "domain/calendar.hpp"
#include "domain/validation.hpp"
#include "fuzz_support.hpp"

namespace habitd::fuzz {
namespace {

void check_periods(domain::Date date) {
  for (const auto frequency : {domain::Frequency::kDaily, domain::Frequency::kWeekly, domain::Frequency::kMonthly}) {
    const auto start = domain::period_start(frequency, date);
    const auto next = domain::next_period_start(frequency, date);
    check(start <= date && date < next, "a date outside its own period");
    check(domain::previous_period_start(frequency, date) < start, "the previous period is not before this one");
    check(domain::periods_between(frequency, date, date) == 1, "a period does not count itself once");
    check(domain::periods_between(frequency, date, next) == 2, "the next period is not one further");
  }
}

}  // namespace
}  // namespace habitd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace habitd;
  const auto text = fuzz::as_text(data, size);
  if (const auto date = domain::parse_date(text)) {
    fuzz::check(domain::format_date(*date) == text, "a date does not format back to its text");
    fuzz::check_periods(*date);
  }
  if (const auto minutes = domain::parse_day_start(text))
    fuzz::check(domain::format_day_start(*minutes) == text, "a day start does not format back to its text");
  if (const auto frequency = domain::parse_frequency(text))
    fuzz::check(domain::to_string(*frequency) == text, "a frequency does not name itself");
  // Free text: any bytes get a verdict, never a crash.
  static_cast<void>(domain::check_text(text, domain::kMaxNotesLength));
  static_cast<void>(domain::character_count(text));
  return 0;
}
