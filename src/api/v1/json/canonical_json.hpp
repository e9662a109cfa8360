#pragma once
// One spelling per JSON value, so that two bodies can be compared as values: key order, white
// space, string escapes and number spellings (1, 1.0, 1e0) make no difference.
#include <optional>
#include <string>
#include <string_view>

namespace habitd::api::v1 {

// `text` as canonical JSON, or nullopt when it is not JSON (nested deeper than request bodies may
// be, 32 levels, counts as not JSON): the value written by json_text with every object's keys in
// the order of their UTF-8 bytes (a repeated key keeps its last value, as the request parser does)
// and every whole number below 2^63 in magnitude as an integer. What the handlers see is the double
// Boost.JSON parses, so numbers are compared as those doubles; Boost 1.81 reads numbers of more
// than about 19 digits a ulp off, so such a number's canonical text may read back a ulp away, and
// it reads 1e400 as infinity and 0e400 as NaN, which json_text writes as null (the handlers refuse
// all three; only the fingerprints of such bodies meet those with null).
[[nodiscard]] std::optional<std::string> canonical_json(std::string_view text);

}  // namespace habitd::api::v1
