// Request bodies → canonical_json, the spelling Idempotency-Key fingerprints compare. It must never
// throw, must keep the value (the canonical text parses to the same tree, numbers equal up to the
// last bits Boost.JSON 1.81 rounds imprecisely in very long numbers), and must be a fixed point for
// documents whose numbers are whole (which read back exactly).
#include <boost/json.hpp>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "api/v1/json/canonical_json.hpp"
#include "fuzz_support.hpp"

namespace habitd::fuzz {
namespace {

bool same_value(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_number() && b.is_number()) {
    boost::system::error_code ec_a, ec_b;
    const double x = a.to_number<double>(ec_a);
    const double y = b.to_number<double>(ec_b);
    return x == y || (std::isnan(x) && std::isnan(y)) || std::abs(x - y) <= 1e-15 * std::max(std::abs(x), std::abs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto& left = a.get_array();
    const auto& right = b.get_array();
    if (left.size() != right.size()) return false;
    for (std::size_t i = 0; i < left.size(); ++i)
      if (!same_value(left[i], right[i])) return false;
    return true;
  }
  if (a.is_object()) {
    const auto& left = a.get_object();
    const auto& right = b.get_object();
    if (left.size() != right.size()) return false;
    for (const auto& member : left) {
      const auto* other = right.if_contains(member.key());
      if (!other || !same_value(member.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

bool holds_a_fraction(const boost::json::value& value) {
  if (value.is_double()) return true;
  if (value.is_array())
    for (const auto& item : value.get_array())
      if (holds_a_fraction(item)) return true;
  if (value.is_object())
    for (const auto& member : value.get_object())
      if (holds_a_fraction(member.value())) return true;
  return false;
}

}  // namespace
}  // namespace habitd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace habitd;
  const auto text = fuzz::as_text(data, size);
  const auto canonical = api::v1::canonical_json(text);
  if (!canonical) return 0;
  boost::json::parse_options options;
  options.max_depth = 32;
  boost::system::error_code ec;
  const auto original = boost::json::parse(text, ec, {}, options);
  fuzz::check(!ec, "canonical_json accepted what the parser refuses");
  const auto reread = boost::json::parse(*canonical, ec, {}, options);
  fuzz::check(!ec, "canonical JSON does not parse");
  fuzz::check(fuzz::same_value(original, reread), "canonical JSON changed the value");
  if (!fuzz::holds_a_fraction(reread))
    fuzz::check(api::v1::canonical_json(*canonical) == canonical, "canonical JSON is not a fixed point");
  return 0;
}
