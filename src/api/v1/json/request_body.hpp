#pragma once
// Reading JSON request bodies: 415 when not JSON, 400 when malformed, 422 when not an object,
// and typed field access that collects every field error instead of stopping at the first.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::api::v1 {

// A JSON response with `body` serialised.
[[nodiscard]] http::Response json(int status, const boost::json::object& body);

// `allow_empty`: an absent body reads as {} (for requests whose fields are all optional).
[[nodiscard]] boost::json::object parse_json_object(const http::Request& request, bool allow_empty = false);

// A present field that may be null: nullopt = null.
template <typename T>
using Nullable = std::optional<T>;

class JsonFields {
 public:
  JsonFields(const boost::json::object& object, domain::FieldErrors& errors) : object_(object), errors_(errors) {}

  [[nodiscard]] bool has(std::string_view key) const { return object_.contains(key); }
  [[nodiscard]] bool is_null(std::string_view key) const {
    const auto* value = object_.if_contains(key);
    return value && value->is_null();
  }
  // Each returns nullopt when the field is absent or has the wrong type (the latter is recorded).
  [[nodiscard]] std::optional<std::string> string(std::string_view key, bool required = false);
  [[nodiscard]] std::optional<Nullable<std::string>> nullable_string(std::string_view key);
  [[nodiscard]] std::optional<long long> integer(std::string_view key, bool required = false);
  [[nodiscard]] std::optional<Nullable<long long>> nullable_integer(std::string_view key);
  [[nodiscard]] std::optional<double> number(std::string_view key, bool required = false);
  [[nodiscard]] std::optional<Nullable<double>> nullable_number(std::string_view key);
  [[nodiscard]] std::optional<bool> boolean(std::string_view key, bool required = false);
  [[nodiscard]] const boost::json::array* array(std::string_view key, bool required = false);

  void error(std::string_view field, std::string message) { errors_.add(std::string(field), std::move(message)); }

 private:
  const boost::json::value* find(std::string_view key, bool required);

  const boost::json::object& object_;
  domain::FieldErrors& errors_;
};

// The body as a JSON object, read field by field with `read` (a function of JsonFields&): throws
// parse_json_object's 400/415/422, or one 422 listing every field problem `read` recorded.
template <typename Read>
[[nodiscard]] auto read_json_body(const http::Request& request, Read&& read, bool allow_empty = false) {
  const auto body = parse_json_object(request, allow_empty);
  domain::FieldErrors errors;
  JsonFields fields(body, errors);
  auto value = read(fields);
  errors.throw_if_any();
  return value;
}

}  // namespace habitd::api::v1
