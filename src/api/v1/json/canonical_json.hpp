#pragma once
// One spelling per JSON value, so that two bodies can be compared as values: key order, white
// space, string escapes and number spellings (1, 1.0, 1e0) make no difference.
#include <optional>
#include <string>
#include <string_view>

namespace habitd::api::v1 {

// `text` as canonical JSON, or nullopt when it is not JSON (nested deeper than request bodies may
// be, 32 levels, counts as not JSON). Objects: keys sorted by their UTF-8 bytes, a repeated key
// keeping its last value (as the request parser does). Numbers: a whole number below 2^63 in
// magnitude as an integer, anything else as the shortest decimal that reads back the same double
// (what the handlers see is the double Boost.JSON parses; Boost 1.81 rounds numbers of more than
// about 19 digits imprecisely, so such a number's canonical text may read back a ulp away, and the
// canonical form is a fixed point only up to that). Strings: Boost.JSON's escaping. No white space.
[[nodiscard]] std::optional<std::string> canonical_json(std::string_view text);

}  // namespace habitd::api::v1
