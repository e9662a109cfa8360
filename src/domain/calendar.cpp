#include "domain/calendar.hpp"

#include <array>

namespace habitd::domain {
namespace {

using std::chrono::days;
using std::chrono::months;

constexpr std::size_t kDateLength = 10;  // YYYY-MM-DD

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Digits are checked by the caller, so this never sees anything else.
constexpr int digits_value(std::string_view text) {
  int value = 0;
  for (const char c : text) value = value * 10 + (c - '0');
  return value;
}

constexpr bool has_date_shape(std::string_view text) {
  if (text.size() != kDateLength || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i = 0; i < kDateLength; ++i) {
    if (i != 4 && i != 7 && !is_digit(text[i])) return false;
  }
  return true;
}

// ISO weeks start on Monday; weekday subtraction in <chrono> is modulo 7, so this is 0..6.
constexpr Date monday_on_or_before(Date date) { return date - (std::chrono::weekday{date} - std::chrono::Monday); }

constexpr std::chrono::year_month month_of(Date date) {
  const std::chrono::year_month_day ymd{date};
  return ymd.year() / ymd.month();
}

constexpr Date first_day(std::chrono::year_month month) { return Date{month / 1}; }

constexpr long month_index(std::chrono::year_month month) {
  return static_cast<long>(static_cast<int>(month.year())) * 12 + static_cast<long>(static_cast<unsigned>(month.month()));
}

// Spot checks of the arithmetic above on dates that are easy to get wrong.
using namespace std::chrono_literals;
static_assert(monday_on_or_before(Date{2020y / 12 / 31}) == Date{2020y / 12 / 28});  // ISO 2020-W53
static_assert(monday_on_or_before(Date{2021y / 1 / 3}) == Date{2020y / 12 / 28});    // still 2020-W53
static_assert(monday_on_or_before(Date{2026y / 12 / 28}) == Date{2026y / 12 / 28});  // ISO 2026-W53
static_assert(monday_on_or_before(Date{2027y / 1 / 3}) == Date{2026y / 12 / 28});
static_assert(first_day(month_of(Date{2024y / 2 / 29})) == Date{2024y / 2 / 1});
static_assert(month_index(2024y / 1) - month_index(2023y / 12) == 1);
static_assert(has_date_shape("2026-01-01") && !has_date_shape("2026-1-01") && !has_date_shape("2026-01-01T"));
static_assert(digits_value("0042") == 42);

void put_digits(std::string& out, int value, int width) {
  std::array<char, 12> buffer{};
  int length = 0;
  do {
    buffer[static_cast<std::size_t>(length++)] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  for (int pad = length; pad < width; ++pad) out.push_back('0');
  while (length > 0) out.push_back(buffer[static_cast<std::size_t>(--length)]);
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  if (!has_date_shape(text)) return std::nullopt;
  const int year = digits_value(text.substr(0, 4));
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(digits_value(text.substr(5, 2)))},
                                        std::chrono::day{static_cast<unsigned>(digits_value(text.substr(8, 2)))}};
  // year_month_day::ok() knows month lengths and the Gregorian leap rule (1900 no, 2000 yes).
  if (year < 1 || !ymd.ok()) return std::nullopt;
  return Date{ymd};
}

std::string format_date(Date date) {
  const std::chrono::year_month_day ymd{date};
  const int year = static_cast<int>(ymd.year());
  std::string out;
  out.reserve(kDateLength + 2);
  if (year < 0) out.push_back('-');  // never produced by parse_date; kept lossless anyway
  put_digits(out, year < 0 ? -year : year, 4);
  out.push_back('-');
  put_digits(out, static_cast<int>(static_cast<unsigned>(ymd.month())), 2);
  out.push_back('-');
  put_digits(out, static_cast<int>(static_cast<unsigned>(ymd.day())), 2);
  return out;
}

std::optional<Frequency> parse_frequency(std::string_view text) {
  if (text == "daily") return Frequency::kDaily;
  if (text == "weekly") return Frequency::kWeekly;
  if (text == "monthly") return Frequency::kMonthly;
  return std::nullopt;
}

std::string_view to_string(Frequency frequency) {
  switch (frequency) {
    case Frequency::kDaily:
      return "daily";
    case Frequency::kWeekly:
      return "weekly";
    case Frequency::kMonthly:
      return "monthly";
  }
  return "daily";  // unreachable for valid enumerators; keeps -Wreturn-type quiet
}

Date period_start(Frequency frequency, Date date) {
  switch (frequency) {
    case Frequency::kDaily:
      return date;
    case Frequency::kWeekly:
      return monday_on_or_before(date);
    case Frequency::kMonthly:
      return first_day(month_of(date));
  }
  return date;
}

Date next_period_start(Frequency frequency, Date date) {
  switch (frequency) {
    case Frequency::kDaily:
      return date + days{1};
    case Frequency::kWeekly:
      return monday_on_or_before(date) + days{7};
    case Frequency::kMonthly:
      return first_day(month_of(date) + months{1});
  }
  return date + days{1};
}

Date previous_period_start(Frequency frequency, Date date) {
  // The day before this period's first day lies in the previous period.
  return period_start(frequency, period_start(frequency, date) - days{1});
}

long periods_between(Frequency frequency, Date from, Date to) {
  if (to < from) return 0;
  switch (frequency) {
    case Frequency::kDaily:
      return (to - from).count() + 1;
    case Frequency::kWeekly:
      return (monday_on_or_before(to) - monday_on_or_before(from)).count() / 7 + 1;
    case Frequency::kMonthly:
      return month_index(month_of(to)) - month_index(month_of(from)) + 1;
  }
  return 0;
}

}  // namespace habitd::domain
