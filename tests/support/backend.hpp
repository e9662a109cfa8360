#pragma once
// Which database an integration test binary runs against: HABITS_TEST_BACKEND=sqlite|postgres.
#include <string>

#include "server_process.hpp"

namespace habitd::test {

// Environment for a habitd on the selected backend (a fresh SQLite file, or the test cluster).
// Throws when PostgreSQL was asked for and its cluster is not available: such tests fail, never skip.
[[nodiscard]] EnvVars backend_env();
// The same on a database no other server uses: on PostgreSQL a new database of the test cluster.
// For a server on a test clock: servers sharing a database claim each other's webhook deliveries
// and purge each other's rows by their own time, and a clock far from the real one would make
// them do that to this server's, or this server to theirs.
[[nodiscard]] EnvVars backend_env_alone();
[[nodiscard]] std::string backend_name();

}  // namespace habitd::test
