#pragma once
#include "http/router.hpp"

namespace habitd::api::v1 {

class OpsHandlers;
class AuthHandlers;
class HabitHandlers;

struct Handlers {
  const OpsHandlers& ops;
  const AuthHandlers& auth;
  const HabitHandlers& habits;
};

// THE route table: every endpoint the server serves, one line each.
[[nodiscard]] http::Router make_router(const Handlers& handlers);

}  // namespace habitd::api::v1
