#pragma once
#include <string>

#include "app/config.hpp"

namespace habitd::app {

// HABITS_JWT_SECRET when set; otherwise, with SQLite, a random secret kept in `<db file>.jwt-secret`
// (created once, owner-only). PostgreSQL deployments run several replicas that must share the
// secret, so there it is required. Throws ConfigError.
[[nodiscard]] std::string resolve_jwt_secret(const Config& config);

}  // namespace habitd::app
