#pragma once
// Which database an integration test binary runs against: HABITS_TEST_BACKEND=sqlite|postgres.
#include <string>

#include "server_process.hpp"

namespace habitd::test {

// Environment for a habitd on the selected backend (a fresh SQLite file, or the test cluster).
// Throws when PostgreSQL was asked for and its cluster is not available: such tests fail, never skip.
[[nodiscard]] EnvVars backend_env();
[[nodiscard]] std::string backend_name();

}  // namespace habitd::test
