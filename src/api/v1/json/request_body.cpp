#include "api/v1/json/request_body.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "api/v1/json/json_text.hpp"
#include "domain/validation.hpp"

namespace habitd::api::v1 {

using domain::Error;
using domain::ErrorCode;

namespace {

bool is_json_media_type(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  std::string type(domain::trim(content_type.substr(0, semicolon)));
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "application/json" || (type.starts_with("application/") && type.ends_with("+json"));
}

}  // namespace

http::Response json(int status, const boost::json::object& body) { return http::json_response(status, json_text(body)); }

boost::json::object parse_json_object(const http::Request& request, bool allow_empty) {
  const bool empty = request.body.find_first_not_of(" \t\r\n") == std::string::npos;
  if (empty && allow_empty) return {};
  const auto content_type = request.header("content-type");
  if (!content_type || !is_json_media_type(*content_type))
    throw Error(ErrorCode::kUnsupportedMediaType, "The request body must be JSON (Content-Type: application/json).");
  if (empty) throw Error(ErrorCode::kMalformed, "The request body is empty; a JSON object is expected.");
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 32;
  boost::json::value value = boost::json::parse(request.body, ec, {}, options);
  if (ec) throw Error(ErrorCode::kMalformed, "The request body is not valid JSON (UTF-8): " + ec.message() + ".");
  if (!value.is_object())
    throw Error(ErrorCode::kValidation, "The request body must be a JSON object.", {{"body", "must be a JSON object"}});
  return std::move(value.as_object());
}

const boost::json::value* JsonFields::find(std::string_view key, bool required) {
  const auto* value = object_.if_contains(key);
  if (!value && required) error(key, "is required");
  return value;
}

std::optional<std::string> JsonFields::string(std::string_view key, bool required) {
  const auto* value = find(key, required);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    error(key, value->is_null() && required ? "is required" : "must be a string");
    return std::nullopt;
  }
  return std::string(value->as_string());
}

std::optional<Nullable<std::string>> JsonFields::nullable_string(std::string_view key) {
  const auto* value = find(key, false);
  if (!value) return std::nullopt;
  if (value->is_null()) return Nullable<std::string>{};
  if (!value->is_string()) {
    error(key, "must be a string or null");
    return std::nullopt;
  }
  return Nullable<std::string>{std::string(value->as_string())};
}

std::optional<long long> JsonFields::integer(std::string_view key, bool required) {
  const auto* value = find(key, required);
  if (!value) return std::nullopt;
  if (value->is_int64()) return value->as_int64();
  // JSON has one kind of number: 30, 30.0 and 3e1 are the same value (the Idempotency-Key
  // comparison relies on that too), so a whole number is whole whatever its spelling.
  constexpr double kInt64Bound = 9223372036854775808.0;  // 2^63
  const bool whole = value->is_double() && std::nearbyint(value->as_double()) == value->as_double();
  if (whole && value->as_double() >= -kInt64Bound && value->as_double() < kInt64Bound)
    return static_cast<long long>(value->as_double());
  if (whole || value->is_uint64()) {
    error(key, "is out of range");
    return std::nullopt;
  }
  error(key, "must be a whole number");
  return std::nullopt;
}

std::optional<Nullable<long long>> JsonFields::nullable_integer(std::string_view key) {
  const auto* value = find(key, false);
  if (!value) return std::nullopt;
  if (value->is_null()) return Nullable<long long>{};
  if (auto number = integer(key)) return Nullable<long long>{*number};
  return std::nullopt;
}

std::optional<double> JsonFields::number(std::string_view key, bool required) {
  const auto* value = find(key, required);
  if (!value) return std::nullopt;
  if (value->is_number()) {
    const double number = value->to_number<double>();
    if (std::isfinite(number)) return number;
    error(key, "is out of range");
    return std::nullopt;
  }
  error(key, "must be a number");
  return std::nullopt;
}

std::optional<Nullable<double>> JsonFields::nullable_number(std::string_view key) {
  const auto* value = find(key, false);
  if (!value) return std::nullopt;
  if (value->is_null()) return Nullable<double>{};
  if (auto number = this->number(key)) return Nullable<double>{*number};
  return std::nullopt;
}

const boost::json::array* JsonFields::array(std::string_view key, bool required) {
  const auto* value = find(key, required);
  if (!value) return nullptr;
  if (!value->is_array()) {
    error(key, "must be an array");
    return nullptr;
  }
  return &value->get_array();
}

std::optional<bool> JsonFields::boolean(std::string_view key, bool required) {
  const auto* value = find(key, required);
  if (!value) return std::nullopt;
  if (value->is_bool()) return value->as_bool();
  error(key, "must be true or false");
  return std::nullopt;
}

}  // namespace habitd::api::v1
