#pragma once
// If-Match on writes: the client's copy must still be current for the write to go ahead.
#include <cstdint>
#include <optional>
#include <string>

#include "http/request.hpp"
#include "service/habit_service.hpp"

namespace habitd::api::v1 {

// The user's data_version a write may proceed at, when If-Match names the current entity tag of
// GET `read_path` (the store then checks the version again inside the write's transaction).
// nullopt without If-Match, or with `*` (the write itself answers 404 when there is nothing).
// Throws 412 when no tag in If-Match is current.
[[nodiscard]] std::optional<std::int64_t> version_if_match(const http::Request& request, const std::string& read_path,
                                                           const service::ReadStamp& stamp);

}  // namespace habitd::api::v1
