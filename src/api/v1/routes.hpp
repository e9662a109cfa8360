#pragma once
#include "http/router.hpp"

namespace habitd::api::v1 {

class OpsHandlers;
class AuthHandlers;
class ChangesHandlers;
class DocsHandlers;
class ExportHandlers;
class Idempotency;
class ReadCache;
class StandbyReads;
class HabitHandlers;
class StatsHandlers;
class TodayHandlers;
class WebAppHandlers;
class TokenHandlers;
class WebhookHandlers;

struct Handlers {
  const OpsHandlers& ops;
  const AuthHandlers& auth;
  const HabitHandlers& habits;
  const StatsHandlers& stats;
  const ExportHandlers& exports;
  const TokenHandlers& tokens;
  const ChangesHandlers& changes;
  const DocsHandlers& docs;
  const Idempotency& idempotency;     // wraps every non-auth POST
  const ReadCache& read_cache;        // wraps the reads of a user's habits and figures
  const StandbyReads& standby_reads;  // wraps the uncached reads the read cache does not hold
  const TodayHandlers& today;
  const WebAppHandlers& webapp;
  const WebhookHandlers& webhooks;
};

// THE route table: every endpoint the server serves, one line each.
[[nodiscard]] http::Router make_router(const Handlers& handlers);

}  // namespace habitd::api::v1
