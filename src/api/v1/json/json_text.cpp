#include "api/v1/json/json_text.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

namespace habitd::api::v1 {
namespace {

// Beyond this a double no longer holds every integer exactly; below it, integral doubles are
// printed as integers.
constexpr double kExactIntegers = 9e15;
// Fixed notation stays short inside this range; outside it (never for habitd's own figures, which
// are bounded) the exponent form is kept rather than hundreds of digits.
constexpr double kSmallestPlain = 1e-6;
constexpr double kLargestPlain = 1e21;

void append_decimal(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";  // JSON has no NaN or infinity
    return;
  }
  char buffer[64];
  const double magnitude = std::fabs(value);
  std::to_chars_result result{};
  if (std::trunc(value) == value && magnitude < kExactIntegers)
    result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
  else if (magnitude >= kSmallestPlain && magnitude < kLargestPlain)
    result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  else
    result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void append_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_value(std::string& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      out += "null";
      break;
    case boost::json::kind::bool_:
      out += value.get_bool() ? "true" : "false";
      break;
    case boost::json::kind::int64:
      out += std::to_string(value.get_int64());
      break;
    case boost::json::kind::uint64:
      out += std::to_string(value.get_uint64());
      break;
    case boost::json::kind::double_:
      append_decimal(out, value.get_double());
      break;
    case boost::json::kind::string:
      append_string(out, value.get_string());
      break;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value.get_array()) {
        if (!first) out += ',';
        first = false;
        append_value(out, item);
      }
      out += ']';
      break;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.get_object()) {
        if (!first) out += ',';
        first = false;
        append_string(out, key);
        out += ':';
        append_value(out, item);
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string decimal_text(double value) {
  std::string out;
  append_decimal(out, value);
  return out;
}

std::string json_text(const boost::json::value& value) {
  std::string out;
  out.reserve(256);
  append_value(out, value);
  return out;
}

}  // namespace habitd::api::v1
