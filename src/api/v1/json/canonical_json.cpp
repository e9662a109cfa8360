#include "api/v1/json/canonical_json.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <vector>

namespace habitd::api::v1 {
namespace {

constexpr double kInt64Bound = 9223372036854775808.0;  // 2^63

void append_number(std::string& out, double number) {
  // Boost.JSON 1.81 reads 1e400 as infinity and 0e400 as NaN (the handlers refuse both); these
  // spellings read back the same.
  if (std::isnan(number)) {
    out += "0e999";
    return;
  }
  if (std::isinf(number)) {
    out += number > 0 ? "1e999" : "-1e999";
    return;
  }
  if (std::nearbyint(number) == number && number > -kInt64Bound && number < kInt64Bound) {
    out += std::to_string(static_cast<long long>(number));  // -0.0 becomes 0
    return;
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  out.append(buffer, result.ptr);
}

void append(std::string& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null: out += "null"; break;
    case boost::json::kind::bool_: out += value.get_bool() ? "true" : "false"; break;
    case boost::json::kind::int64: out += std::to_string(value.get_int64()); break;
    case boost::json::kind::uint64: out += std::to_string(value.get_uint64()); break;
    case boost::json::kind::double_: append_number(out, value.get_double()); break;
    case boost::json::kind::string: out += boost::json::serialize(value.get_string()); break;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value.get_array()) {
        if (!first) out += ',';
        first = false;
        append(out, item);
      }
      out += ']';
      break;
    }
    case boost::json::kind::object: {
      std::vector<const boost::json::key_value_pair*> members;
      members.reserve(value.get_object().size());
      for (const auto& member : value.get_object()) members.push_back(&member);
      std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out += '{';
      bool first = true;
      for (const auto* member : members) {
        if (!first) out += ',';
        first = false;
        out += boost::json::serialize(boost::json::string_view(member->key()));
        out += ':';
        append(out, member->value());
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::optional<std::string> canonical_json(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 32;
  const boost::json::value value = boost::json::parse(text, ec, {}, options);
  if (ec) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  append(out, value);
  return out;
}

}  // namespace habitd::api::v1
