#pragma once
// Query-string parameters: 400 when a value cannot be parsed, 422 when it is out of range.
#include <optional>
#include <string_view>

#include "domain/calendar.hpp"
#include "http/request.hpp"

namespace habitd::api::v1 {

struct Paging {
  long long limit = 50;
  long long offset = 0;
};

inline constexpr long long kMaxPageSize = 200;

[[nodiscard]] Paging read_paging(const http::Request& request);
// A whole number: `fallback` when absent, 400 when not a number, 422 outside [min, max].
[[nodiscard]] long long read_integer(const http::Request& request, std::string_view name, long long fallback, long long min,
                                     long long max);
[[nodiscard]] std::optional<bool> read_bool_param(const http::Request& request, std::string_view name);
[[nodiscard]] std::optional<domain::Date> read_date_param(const http::Request& request, std::string_view name);
// ?year=YYYY of the calendar: required, 1900 to 9998, else 422 naming `year`.
[[nodiscard]] int read_year_param(const http::Request& request);
// A date in the path, e.g. /logs/{date}: 422 naming `date` when it is not a real calendar date.
[[nodiscard]] domain::Date read_path_date(const http::Request& request);

}  // namespace habitd::api::v1
