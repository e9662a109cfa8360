// Composition root: read the configuration, build every object, serve, and exit with a status.
#include <malloc.h>
#include <sqlite3.h>

#include <cstdlib>
#include <iostream>

#include "app/backup_command.hpp"
#include "app/config.hpp"
#include "app/server_app.hpp"

int main(int argc, char** argv) {
  using namespace habitd::app;
  // glibc gives each busy thread its own heap (up to 8 per core), and each keeps what it freed:
  // with 30-odd database threads that cost a third of the resident memory for no measured speed
  // (docs/PERFORMANCE.md). Two heaps serve two cores.
  mallopt(M_ARENA_MAX, 2);
  // SQLite's default "serialized" mode takes a mutex on every call and its memory statistics one on
  // every allocation: 23% of a cold progress request's CPU. Each connection is used by one thread
  // at a time (the pool leases it), which is what multi-thread mode asks. Must precede any open.
  sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto env = [](const std::string& name) -> std::optional<std::string> {
      const char* value = std::getenv(name.c_str());
      return value ? std::optional<std::string>(value) : std::nullopt;
    };
    const ParsedCommandLine parsed = parse_config(env, args);
    if (parsed.action == CommandLineAction::kHelp) {
      std::cout << help_text();
      return 0;
    }
    if (parsed.action == CommandLineAction::kVersion) {
      std::cout << "habitd " << version() << "\n";
      return 0;
    }
    if (parsed.action == CommandLineAction::kBackup) return run_backup(parsed.config, parsed.path);
    if (parsed.action == CommandLineAction::kRestore) return run_restore(parsed.config, parsed.path);
    return run_server(parsed.config);
  } catch (const ConfigError& error) {
    std::cerr << "habitd: configuration error: " << error.what() << "\n";
    return 2;
  }
}
