#include "api/v1/json/query.hpp"

#include <charconv>

#include "domain/error.hpp"

namespace habitd::api::v1 {

using domain::Error;
using domain::ErrorCode;

long long read_integer(const http::Request& request, std::string_view name, long long fallback, long long min, long long max) {
  const auto text = request.query_param(name);
  if (!text) return fallback;
  long long value = 0;
  const auto* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || ec != std::errc{} || ptr != end)
    throw Error(ErrorCode::kMalformed, "Query parameter " + std::string(name) + " must be a whole number.",
                {{std::string(name), "must be a whole number"}});
  if (value < min || value > max)
    throw Error(ErrorCode::kValidation, "Query parameter " + std::string(name) + " is out of range.",
                {{std::string(name), "must be between " + std::to_string(min) + " and " + std::to_string(max)}});
  return value;
}

Paging read_paging(const http::Request& request) {
  return Paging{read_integer(request, "limit", 50, 1, kMaxPageSize), read_integer(request, "offset", 0, 0, 1'000'000'000)};
}

std::optional<bool> read_bool_param(const http::Request& request, std::string_view name) {
  const auto text = request.query_param(name);
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "1") return true;
  if (*text == "false" || *text == "0") return false;
  throw Error(ErrorCode::kMalformed, "Query parameter " + std::string(name) + " must be true or false.",
              {{std::string(name), "must be true or false"}});
}

std::optional<domain::Date> read_date_param(const http::Request& request, std::string_view name) {
  const auto text = request.query_param(name);
  if (!text) return std::nullopt;
  auto date = domain::parse_date(*text);
  if (!date)
    throw Error(ErrorCode::kValidation, "Query parameter " + std::string(name) + " is not a real calendar date.",
                {{std::string(name), "must be a real calendar date as YYYY-MM-DD"}});
  return date;
}

int read_year_param(const http::Request& request) {
  const auto text = request.query_param("year");
  int year = 0;
  if (!text || text->size() != 4 || std::from_chars(text->data(), text->data() + 4, year).ec != std::errc{} || year < 1900 ||
      year > 9998)
    throw Error(ErrorCode::kValidation, "A year from 1900 to 9998 is required.", {{"year", "must be a year as YYYY"}});
  return year;
}

domain::Date read_path_date(const http::Request& request) {
  auto date = domain::parse_date(request.path_param("date"));
  if (!date)
    throw Error(ErrorCode::kValidation, "The date in the path is not a real calendar date.",
                {{"date", "must be a real calendar date as YYYY-MM-DD"}});
  return *date;
}

}  // namespace habitd::api::v1
