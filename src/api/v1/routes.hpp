#pragma once
#include "http/router.hpp"

namespace habitd::api::v1 {

class OpsHandlers;
class AuthHandlers;
class HabitHandlers;
class StatsHandlers;

struct Handlers {
  const OpsHandlers& ops;
  const AuthHandlers& auth;
  const HabitHandlers& habits;
  const StatsHandlers& stats;
};

// THE route table: every endpoint the server serves, one line each.
[[nodiscard]] http::Router make_router(const Handlers& handlers);

}  // namespace habitd::api::v1
