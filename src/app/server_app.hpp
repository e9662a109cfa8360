#pragma once
#include <string_view>

#include "app/config.hpp"

namespace habitd::app {

[[nodiscard]] std::string_view version() noexcept;
// Builds the whole object graph from `config` and serves until a signal; returns the exit status.
[[nodiscard]] int run_server(const Config& config);

}  // namespace habitd::app
