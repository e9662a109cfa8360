#include "api/v1/json/canonical_json.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <vector>

#include "api/v1/json/json_text.hpp"

namespace habitd::api::v1 {
namespace {

constexpr double kInt64Bound = 9223372036854775808.0;  // 2^63

// `value` with every object's members in key order and every whole number below 2^63 as an
// integer, so that json_text writes one text for one value.
boost::json::value canonical_value(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::double_: {
      const double number = value.get_double();
      if (std::nearbyint(number) == number && number > -kInt64Bound && number < kInt64Bound)
        return static_cast<std::int64_t>(number);  // -0.0 becomes 0
      return number;
    }
    case boost::json::kind::array: {
      boost::json::array items;
      items.reserve(value.get_array().size());
      for (const auto& item : value.get_array()) items.push_back(canonical_value(item));
      return items;
    }
    case boost::json::kind::object: {
      std::vector<const boost::json::key_value_pair*> members;
      members.reserve(value.get_object().size());
      for (const auto& member : value.get_object()) members.push_back(&member);
      std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) { return a->key() < b->key(); });
      boost::json::object sorted;
      sorted.reserve(members.size());
      for (const auto* member : members) sorted.emplace(member->key(), canonical_value(member->value()));
      return sorted;
    }
    default:
      return value;
  }
}

}  // namespace

std::optional<std::string> canonical_json(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 32;
  const boost::json::value value = boost::json::parse(text, ec, {}, options);
  if (ec) return std::nullopt;
  return json_text(canonical_value(value));
}

}  // namespace habitd::api::v1
