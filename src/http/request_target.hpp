#pragma once
// The request target (origin form, "/path?query") split into the decoded path and query
// parameters that handlers read.
#include <string_view>

#include "http/request.hpp"

namespace habitd::http {

// Fills `request.path` and `request.query`; false (and nothing filled) when `target` is not a
// valid origin-form target, which the server answers with 400.
[[nodiscard]] bool read_request_target(std::string_view target, Request& request);

}  // namespace habitd::http
