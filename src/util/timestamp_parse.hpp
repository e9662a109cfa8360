#pragma once
// Reading RFC 3339 timestamps that clients send (2026-12-31T23:59:59Z, with an optional fraction
// and a Z or a numeric offset).
#include <optional>
#include <string_view>

#include "util/time_format.hpp"

namespace habitd::util {

// Microseconds since the Unix epoch, or nullopt when `text` is not an RFC 3339 date-time.
[[nodiscard]] std::optional<Micros> parse_timestamp(std::string_view text);

}  // namespace habitd::util
