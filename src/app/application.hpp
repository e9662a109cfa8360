#pragma once
// The object graph behind the transport, built once from the configuration: stores, services,
// handlers, the authenticator and the route table. run_server() serves it; tests that need the
// real route table (the OpenAPI agreement test) build it the same way.
#include <memory>
#include <string>

#include <vector>

#include "app/background_jobs.hpp"
#include "app/config.hpp"
#include "app/webhook_dispatcher.hpp"
#include "http/principal.hpp"
#include "http/router.hpp"

namespace habitd::http {
class Metrics;
class RequestLimiter;
}  // namespace habitd::http
namespace habitd::store {
class Database;
class Standbys;
}  // namespace habitd::store
namespace habitd::util {
class Clock;
class Logger;
}  // namespace habitd::util

namespace habitd::app {

class Application {
 public:
  // `database`, `standbys` (where uncached reads may run) and `clock` must outlive the
  // application. Nothing here touches the database.
  Application(const Config& config, store::Database& database, store::Standbys& standbys, const util::Clock& clock,
              const std::string& jwt_secret);
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  [[nodiscard]] const http::Router& router() const;
  [[nodiscard]] const http::Authenticator& authenticator() const;
  [[nodiscard]] const http::RequestLimiter& rate_limits() const;
  [[nodiscard]] http::Metrics& metrics();
  // What must run on a timer while the application serves.
  [[nodiscard]] std::vector<BackgroundJobs::Job> background_jobs() const;
  // Starts delivering queued webhook events; they stop when the result is destroyed.
  [[nodiscard]] std::unique_ptr<WebhookDispatcher> start_webhook_dispatcher(util::Logger& logger) const;

 private:
  const Config config_;
  const util::Clock& clock_;
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace habitd::app
