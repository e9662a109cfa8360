#pragma once
// RFC 3339 UTC timestamps, as the contract writes them.
#include <chrono>
#include <cstdint>
#include <string>

namespace habitd::util {

using Micros = std::int64_t;  // microseconds since the Unix epoch: how timestamps are stored

[[nodiscard]] Micros to_micros(std::chrono::system_clock::time_point time);
// 2026-11-26T07:33:52Z (seconds precision, as the contract shows)
[[nodiscard]] std::string format_timestamp(Micros micros);
// 2026-11-26T07:33:52.123Z, for logs
[[nodiscard]] std::string format_timestamp_millis(std::chrono::system_clock::time_point time);

}  // namespace habitd::util
