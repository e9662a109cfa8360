#pragma once
// Dates in tests, written as text: d("2026-02-28").
#include <stdexcept>
#include <string>
#include <string_view>

#include "domain/calendar.hpp"

namespace habitd::test {

inline domain::Date d(std::string_view text) {
  const auto parsed = domain::parse_date(text);
  if (!parsed) throw std::invalid_argument("bad date in test: " + std::string{text});
  return *parsed;
}

}  // namespace habitd::test
