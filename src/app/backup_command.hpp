#pragma once
// `habitd backup PATH` and `habitd restore PATH`: SQLite's online backup, from the command line.
#include <string>

#include "app/config.hpp"

namespace habitd::app {

// Each returns the process's exit status: 0 done, 1 failed, 2 not possible with this configuration
// (PostgreSQL has pg_dump: docs/DEPLOY.md).
[[nodiscard]] int run_backup(const Config& config, const std::string& path);
[[nodiscard]] int run_restore(const Config& config, const std::string& path);

}  // namespace habitd::app
