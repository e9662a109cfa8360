#include "domain/calendar.hpp"

#include <date/iso_week.h>
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>

#include "dates.hpp"

namespace habitd::domain {
namespace {

using namespace std::chrono_literals;
using std::chrono::days;

using test::d;

constexpr std::array kFrequencies{Frequency::kDaily, Frequency::kWeekly, Frequency::kMonthly};

// ---------------------------------------------------------------- parse_date / format_date

TEST(ParseDate, AcceptsRealDates) {
  EXPECT_EQ(parse_date("2026-01-01"), Date{2026y / 1 / 1});
  EXPECT_EQ(parse_date("2026-12-31"), Date{2026y / 12 / 31});
  EXPECT_EQ(parse_date("0001-01-01"), Date{1y / 1 / 1});
  EXPECT_EQ(parse_date("9999-12-31"), Date{9999y / 12 / 31});
  EXPECT_EQ(parse_date("1970-01-01"), Date{});
}

TEST(ParseDate, LeapDaysFollowTheGregorianRule) {
  EXPECT_EQ(parse_date("2024-02-29"), Date{2024y / 2 / 29});  // divisible by 4
  EXPECT_EQ(parse_date("2000-02-29"), Date{2000y / 2 / 29});  // divisible by 400
  EXPECT_EQ(parse_date("1600-02-29"), Date{1600y / 2 / 29});
  EXPECT_EQ(parse_date("0004-02-29"), Date{4y / 2 / 29});
  EXPECT_EQ(parse_date("1900-02-29"), std::nullopt);  // divisible by 100, not 400
  EXPECT_EQ(parse_date("2100-02-29"), std::nullopt);
  EXPECT_EQ(parse_date("2023-02-29"), std::nullopt);
  EXPECT_EQ(parse_date("2026-02-29"), std::nullopt);
}

struct MonthLength {
  const char* last_day;
  const char* day_after;
};

class ParseDateMonthLength : public testing::TestWithParam<MonthLength> {};

TEST_P(ParseDateMonthLength, LastDayIsValidAndTheNextIsNot) {
  EXPECT_TRUE(parse_date(GetParam().last_day).has_value()) << GetParam().last_day;
  EXPECT_FALSE(parse_date(GetParam().day_after).has_value()) << GetParam().day_after;
}

INSTANTIATE_TEST_SUITE_P(EveryMonthOf2026AndFebruaryOfLeapYears, ParseDateMonthLength,
                         testing::Values(MonthLength{"2026-01-31", "2026-01-32"}, MonthLength{"2026-02-28", "2026-02-29"},
                                         MonthLength{"2026-03-31", "2026-03-32"}, MonthLength{"2026-04-30", "2026-04-31"},
                                         MonthLength{"2026-05-31", "2026-05-32"}, MonthLength{"2026-06-30", "2026-06-31"},
                                         MonthLength{"2026-07-31", "2026-07-32"}, MonthLength{"2026-08-31", "2026-08-32"},
                                         MonthLength{"2026-09-30", "2026-09-31"}, MonthLength{"2026-10-31", "2026-10-32"},
                                         MonthLength{"2026-11-30", "2026-11-31"}, MonthLength{"2026-12-31", "2026-12-32"},
                                         MonthLength{"2024-02-29", "2024-02-30"}, MonthLength{"2000-02-29", "2000-02-30"},
                                         MonthLength{"1900-02-28", "1900-02-29"}));

TEST(ParseDate, RejectsEverythingButStrictIsoDates) {
  for (const std::string_view text :
       {"2026-02-30",  "2026-2-3",   "2026-02-3",   "2026-2-03",   " 2026-01-01",  "2026-01-01 ", "2026-01-01T00:00",
        "2026-01-01Z", "",           "2026",        "2026-01",     "20260101",     "2026/01/01",  "2026.01.01",
        "2026_01_01",  "26-01-01",   "02026-01-01", "+2026-01-01", "-2026-01-01",  "2026-+1-01",  "2026-01-+1",
        "2026--1-01",  "0000-01-01", "2026-00-10",  "2026-13-01",  "2026-99-01",   "2026-01-00",  "2026-01-32",
        "2026-04-31",  "2026-0a-01", "2026-01-0a",  "x026-01-01",  "2026-01-01\n", "\t2026-01-01"}) {
    EXPECT_EQ(parse_date(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(ParseDate, RejectsEmbeddedNulAndNonAsciiDigits) {
  EXPECT_EQ(parse_date(std::string_view{"2026-01-0\0", 10}), std::nullopt);
  EXPECT_EQ(parse_date(std::string_view{"2026\0"
                                        "01-01",
                                        10}),
            std::nullopt);
  EXPECT_EQ(parse_date("２０２６-01-01"), std::nullopt);  // full-width digits
  EXPECT_EQ(parse_date("2026-01-٠١"), std::nullopt);      // Arabic-Indic digits
}

TEST(FormatDate, PadsToFourTwoTwoDigits) {
  EXPECT_EQ(format_date(Date{2026y / 3 / 5}), "2026-03-05");
  EXPECT_EQ(format_date(Date{1y / 1 / 1}), "0001-01-01");
  EXPECT_EQ(format_date(Date{999y / 12 / 31}), "0999-12-31");
  EXPECT_EQ(format_date(Date{9999y / 12 / 31}), "9999-12-31");
  EXPECT_EQ(format_date(Date{2024y / 2 / 29}), "2024-02-29");
  EXPECT_EQ(format_date(Date{}), "1970-01-01");
}

TEST(FormatDate, RoundTripsEveryDayOfFourCenturyBoundaries) {
  for (const auto& [from, to] : {std::pair{d("1899-12-01"), d("1901-01-31")}, std::pair{d("1999-01-01"), d("2031-12-31")},
                                 std::pair{d("2099-12-01"), d("2101-01-31")}, std::pair{d("9998-12-01"), d("9999-12-31")}}) {
    for (Date day = from; day <= to; day += days{1}) {
      const std::string text = format_date(day);
      ASSERT_EQ(text.size(), 10U) << text;
      ASSERT_EQ(parse_date(text), day) << text;
    }
  }
}

// ---------------------------------------------------------------- frequency

TEST(Frequency, RoundTripsThroughItsName) {
  for (const Frequency frequency : kFrequencies) EXPECT_EQ(parse_frequency(to_string(frequency)), frequency);
  EXPECT_EQ(to_string(Frequency::kDaily), "daily");
  EXPECT_EQ(to_string(Frequency::kWeekly), "weekly");
  EXPECT_EQ(to_string(Frequency::kMonthly), "monthly");
}

TEST(Frequency, RejectsAnythingElse) {
  for (const std::string_view text : {"", "Daily", "DAILY", " daily", "daily ", "day", "week", "yearly", "monthly\n"}) {
    EXPECT_EQ(parse_frequency(text), std::nullopt) << '"' << text << '"';
  }
}

// ---------------------------------------------------------------- daily periods

TEST(DailyPeriod, IsTheDayItself) {
  EXPECT_EQ(period_start(Frequency::kDaily, d("2024-02-29")), d("2024-02-29"));
  EXPECT_EQ(next_period_start(Frequency::kDaily, d("2023-12-31")), d("2024-01-01"));
  EXPECT_EQ(previous_period_start(Frequency::kDaily, d("2024-01-01")), d("2023-12-31"));
}

TEST(DailyPeriod, LeapDayNeighbours) {
  EXPECT_EQ(next_period_start(Frequency::kDaily, d("2024-02-28")), d("2024-02-29"));
  EXPECT_EQ(next_period_start(Frequency::kDaily, d("2024-02-29")), d("2024-03-01"));
  EXPECT_EQ(previous_period_start(Frequency::kDaily, d("2024-03-01")), d("2024-02-29"));
  EXPECT_EQ(previous_period_start(Frequency::kDaily, d("2023-03-01")), d("2023-02-28"));
  EXPECT_EQ(previous_period_start(Frequency::kDaily, d("1900-03-01")), d("1900-02-28"));
  EXPECT_EQ(previous_period_start(Frequency::kDaily, d("2000-03-01")), d("2000-02-29"));
}

TEST(DailyPeriod, PeriodsBetweenCountsDaysInclusive) {
  EXPECT_EQ(periods_between(Frequency::kDaily, d("2026-05-05"), d("2026-05-05")), 1);
  EXPECT_EQ(periods_between(Frequency::kDaily, d("2026-05-05"), d("2026-05-04")), 0);
  EXPECT_EQ(periods_between(Frequency::kDaily, d("2024-01-01"), d("2024-12-31")), 366);
  EXPECT_EQ(periods_between(Frequency::kDaily, d("2023-01-01"), d("2023-12-31")), 365);
  EXPECT_EQ(periods_between(Frequency::kDaily, d("1900-01-01"), d("1900-12-31")), 365);
  EXPECT_EQ(periods_between(Frequency::kDaily, d("2000-01-01"), d("2000-12-31")), 366);
  EXPECT_EQ(periods_between(Frequency::kDaily, d("2023-12-31"), d("2024-01-01")), 2);
  EXPECT_EQ(periods_between(Frequency::kDaily, d("0001-01-01"), d("9999-12-31")), 3652059);
}

// ---------------------------------------------------------------- weekly periods (ISO weeks)

TEST(WeeklyPeriod, IsoWeek53Of2020SpansTheYearEnd) {
  // 2020-12-31 (Thursday) and 2021-01-03 (Sunday) are both in 2020-W53.
  EXPECT_EQ(period_start(Frequency::kWeekly, d("2020-12-31")), d("2020-12-28"));
  EXPECT_EQ(period_start(Frequency::kWeekly, d("2021-01-01")), d("2020-12-28"));
  EXPECT_EQ(period_start(Frequency::kWeekly, d("2021-01-03")), d("2020-12-28"));
  EXPECT_EQ(period_start(Frequency::kWeekly, d("2021-01-04")), d("2021-01-04"));
  EXPECT_EQ(next_period_start(Frequency::kWeekly, d("2020-12-31")), d("2021-01-04"));
  EXPECT_EQ(periods_between(Frequency::kWeekly, d("2020-12-31"), d("2021-01-03")), 1);
}

TEST(WeeklyPeriod, IsoWeek53Of2026) {
  EXPECT_EQ(period_start(Frequency::kWeekly, d("2026-12-28")), d("2026-12-28"));
  EXPECT_EQ(period_start(Frequency::kWeekly, d("2026-12-31")), d("2026-12-28"));
  EXPECT_EQ(period_start(Frequency::kWeekly, d("2027-01-03")), d("2026-12-28"));
  EXPECT_EQ(next_period_start(Frequency::kWeekly, d("2027-01-03")), d("2027-01-04"));
  EXPECT_EQ(previous_period_start(Frequency::kWeekly, d("2027-01-04")), d("2026-12-28"));
  EXPECT_EQ(previous_period_start(Frequency::kWeekly, d("2026-12-28")), d("2026-12-21"));
}

TEST(WeeklyPeriod, Week1CanStartInTheOldYear) {
  EXPECT_EQ(period_start(Frequency::kWeekly, d("2025-01-01")), d("2024-12-30"));  // 2025-W01
  EXPECT_EQ(period_start(Frequency::kWeekly, d("2020-01-01")), d("2019-12-30"));  // 2020-W01
  EXPECT_EQ(period_start(Frequency::kWeekly, d("2023-01-01")), d("2022-12-26"));  // a Sunday: 2022-W52
  EXPECT_EQ(next_period_start(Frequency::kWeekly, d("2022-12-26")), d("2023-01-02"));
}

TEST(WeeklyPeriod, SpansLeapDay) {
  EXPECT_EQ(period_start(Frequency::kWeekly, d("2024-02-29")), d("2024-02-26"));
  EXPECT_EQ(period_start(Frequency::kWeekly, d("2024-03-03")), d("2024-02-26"));
  EXPECT_EQ(next_period_start(Frequency::kWeekly, d("2024-02-29")), d("2024-03-04"));
}

TEST(WeeklyPeriod, PeriodsBetweenCountsWeeksNotDays) {
  EXPECT_EQ(periods_between(Frequency::kWeekly, d("2026-06-07"), d("2026-06-08")), 2);   // Sunday, Monday
  EXPECT_EQ(periods_between(Frequency::kWeekly, d("2026-06-08"), d("2026-06-14")), 1);   // Monday..Sunday
  EXPECT_EQ(periods_between(Frequency::kWeekly, d("2026-06-10"), d("2026-06-09")), 0);   // same week, reversed
  EXPECT_EQ(periods_between(Frequency::kWeekly, d("2026-01-01"), d("2026-12-31")), 53);  // 2026 has 53 ISO weeks
  EXPECT_EQ(periods_between(Frequency::kWeekly, d("2025-01-01"), d("2025-12-31")), 53);  // W01..2026-W01
  EXPECT_EQ(periods_between(Frequency::kWeekly, d("2025-12-29"), d("2026-12-27")), 52);
}

TEST(WeeklyPeriod, MatchesIsoWeekNumberingForEveryDayFrom1899To2101) {
  for (Date day = d("1899-01-01"); day <= d("2101-12-31"); day += days{1}) {
    // An independent implementation of ISO weeks: Howard Hinnant's iso_week.h.
    const iso_week::year_weeknum_weekday iso{date::sys_days{day}};
    const Date monday{date::sys_days{iso_week::year_weeknum_weekday{iso.year(), iso.weeknum(), iso_week::mon}}};
    ASSERT_EQ(period_start(Frequency::kWeekly, day), monday) << format_date(day);
  }
}

// ---------------------------------------------------------------- monthly periods

TEST(MonthlyPeriod, IsTheCalendarMonth) {
  EXPECT_EQ(period_start(Frequency::kMonthly, d("2024-02-29")), d("2024-02-01"));
  EXPECT_EQ(next_period_start(Frequency::kMonthly, d("2024-02-29")), d("2024-03-01"));
  EXPECT_EQ(next_period_start(Frequency::kMonthly, d("2024-01-31")), d("2024-02-01"));
  EXPECT_EQ(next_period_start(Frequency::kMonthly, d("2024-12-31")), d("2025-01-01"));
  EXPECT_EQ(previous_period_start(Frequency::kMonthly, d("2024-03-31")), d("2024-02-01"));
  EXPECT_EQ(previous_period_start(Frequency::kMonthly, d("2024-01-15")), d("2023-12-01"));
  EXPECT_EQ(previous_period_start(Frequency::kMonthly, d("2024-01-01")), d("2023-12-01"));
}

TEST(MonthlyPeriod, LengthsAre28To31Days) {
  const auto length = [](std::string_view day) {
    return (next_period_start(Frequency::kMonthly, d(day)) - period_start(Frequency::kMonthly, d(day))).count();
  };
  EXPECT_EQ(length("2026-01-15"), 31);
  EXPECT_EQ(length("2026-02-15"), 28);
  EXPECT_EQ(length("2024-02-15"), 29);
  EXPECT_EQ(length("2000-02-15"), 29);
  EXPECT_EQ(length("1900-02-15"), 28);
  EXPECT_EQ(length("2026-04-15"), 30);
  EXPECT_EQ(length("2026-12-15"), 31);
}

TEST(MonthlyPeriod, PeriodsBetweenCountsMonths) {
  EXPECT_EQ(periods_between(Frequency::kMonthly, d("2024-01-31"), d("2024-02-01")), 2);
  EXPECT_EQ(periods_between(Frequency::kMonthly, d("2023-12-15"), d("2024-01-14")), 2);
  EXPECT_EQ(periods_between(Frequency::kMonthly, d("2024-02-01"), d("2024-02-29")), 1);
  EXPECT_EQ(periods_between(Frequency::kMonthly, d("2024-02-20"), d("2024-02-10")), 0);
  EXPECT_EQ(periods_between(Frequency::kMonthly, d("2024-01-01"), d("2024-12-31")), 12);
  EXPECT_EQ(periods_between(Frequency::kMonthly, d("2016-03-31"), d("2026-03-01")), 121);
  EXPECT_EQ(periods_between(Frequency::kMonthly, d("0001-01-01"), d("9999-12-31")), 9999L * 12);
}

// ---------------------------------------------------------------- laws that hold for every day

TEST(Periods, AreContiguousAndNestedForEveryDay) {
  for (const Frequency frequency : kFrequencies) {
    for (Date day = d("1999-06-01"); day <= d("2032-06-30"); day += days{1}) {
      SCOPED_TRACE(std::string{to_string(frequency)} + " " + format_date(day));
      const Date start = period_start(frequency, day);
      const Date next = next_period_start(frequency, day);
      ASSERT_LE(start, day);
      ASSERT_LT(day, next);
      ASSERT_EQ(period_start(frequency, start), start);
      ASSERT_EQ(period_start(frequency, next), next);
      ASSERT_EQ(period_start(frequency, next - days{1}), start);
      ASSERT_EQ(next_period_start(frequency, start), next);
      ASSERT_EQ(previous_period_start(frequency, next), start);
      ASSERT_EQ(next_period_start(frequency, previous_period_start(frequency, day)), start);
      ASSERT_EQ(periods_between(frequency, day, day), 1);
      ASSERT_EQ(periods_between(frequency, day, next), 2);
      ASSERT_EQ(periods_between(frequency, previous_period_start(frequency, day), day), 2);
    }
  }
}

TEST(Periods, PeriodsBetweenMatchesCountingStepByStep) {
  const Date from = d("2019-11-20");
  for (const Frequency frequency : kFrequencies) {
    long stepped = 1;
    for (Date to = from; to <= d("2025-03-10"); to += days{1}) {
      if (to != from && period_start(frequency, to) == to) ++stepped;
      ASSERT_EQ(periods_between(frequency, from, to), stepped) << to_string(frequency) << ' ' << format_date(to);
    }
  }
}

}  // namespace
}  // namespace habitd::domain
