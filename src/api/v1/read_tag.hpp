#pragma once
// What identifies a read of a user's data, and its entity tag. A read's answer depends only on
// the user, the request (path and query), the user's local date and the user's data_version, so
// the tag is computed from those alone: a revalidation (304) costs what a cache hit costs, and
// If-Match on a write can be checked against the version inside the write's transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"
#include "http/request.hpp"

namespace habitd::api::v1 {

// The identity of a read, apart from the version: length-prefixed parts, so no byte of a decoded
// path or query value can make two requests collide.
[[nodiscard]] std::string read_key(const std::string& user_id, domain::Date today, std::string_view path,
                                   const std::vector<std::pair<std::string, std::string>>& query);
// The key of `request`, whose handler reads the query parameters `params` and no others.
[[nodiscard]] std::string read_key(const std::string& user_id, domain::Date today, const http::Request& request,
                                   const std::vector<std::string>& params);

// The strong entity tag of the read `key` at `data_version`: "<version>.<hash>".
[[nodiscard]] std::string read_tag(const std::string& key, std::int64_t data_version);

// The version a tag made by read_tag() names, if it has that form (the hash still needs checking).
[[nodiscard]] std::optional<std::int64_t> version_in_tag(std::string_view tag);

}  // namespace habitd::api::v1
