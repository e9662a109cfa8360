#include "api/v1/ops_handlers.hpp"

#include <fstream>

#include "api/v1/read_cache.hpp"
#include "http/metrics.hpp"
#include "http/problem.hpp"
#include "security/random.hpp"
#include "store/database.hpp"

namespace habitd::api::v1 {

http::Response OpsHandlers::health(const http::Request&) const { return http::json_response(200, R"({"status":"ok"})"); }

http::Response OpsHandlers::ready(const http::Request& request) const {
  if (database_.ping()) return http::json_response(200, R"({"status":"ready","database":"ok"})");
  return http::problem(domain::Error(domain::ErrorCode::kUnavailable, "The database does not answer.").with_retry_after(1),
                       request.request_id);
}

}  // namespace habitd::api::v1

namespace habitd::api::v1 {
namespace {

long long resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  return 0;
}

}  // namespace

http::Response OpsHandlers::metrics(const http::Request& request) const {
  if (!metrics_token_.empty()) {
    const auto given = request.header("authorization");
    if (!given || !security::constant_time_equal(*given, "Bearer " + metrics_token_))
      return http::problem(domain::ErrorCode::kUnauthenticated, "The metrics token is missing or wrong.", request.request_id);
  }
  const auto pool = database_.pool_stats();
  const auto cache = read_cache_.stats();
  const std::string text = metrics_.render([this, &pool, &cache](std::string& out) {
    out += "# HELP habitd_build_info The running habitd's version (always 1).\n# TYPE habitd_build_info gauge\n";
    out += "habitd_build_info{version=\"" + version_ + "\"} 1\n";
    out += "# HELP habitd_db_pool_connections Database connections by state.\n# TYPE habitd_db_pool_connections gauge\n";
    out += "habitd_db_pool_connections{state=\"open\"} " + std::to_string(pool.open) + "\n";
    out += "habitd_db_pool_connections{state=\"in_use\"} " + std::to_string(pool.in_use) + "\n";
    out += "habitd_db_pool_connections{state=\"max\"} " + std::to_string(pool.size) + "\n";
    out += "# HELP habitd_db_pool_waiting Requests waiting for a database connection.\n# TYPE habitd_db_pool_waiting gauge\n";
    out += "habitd_db_pool_waiting " + std::to_string(pool.waiting) + "\n";
    out +=
        "# HELP habitd_read_cache_responses_total Cacheable reads by how they were answered.\n"
        "# TYPE habitd_read_cache_responses_total counter\n";
    out += "habitd_read_cache_responses_total{result=\"served\"} " + std::to_string(cache.served) + "\n";
    out += "habitd_read_cache_responses_total{result=\"computed\"} " + std::to_string(cache.computed) + "\n";
    out += "# HELP habitd_read_cache_bytes Bytes held by the read cache.\n# TYPE habitd_read_cache_bytes gauge\n";
    out += "habitd_read_cache_bytes " + std::to_string(cache.storage.bytes) + "\n";
    out += "# HELP habitd_read_cache_entries Responses held by the read cache.\n# TYPE habitd_read_cache_entries gauge\n";
    out += "habitd_read_cache_entries " + std::to_string(cache.storage.entries) + "\n";
    out +=
        "# HELP habitd_read_cache_evictions_total Responses evicted to stay within HABITS_READ_CACHE_MB.\n"
        "# TYPE habitd_read_cache_evictions_total counter\n";
    out += "habitd_read_cache_evictions_total " + std::to_string(cache.storage.evictions) + "\n";
    out += "# HELP process_resident_memory_bytes Resident memory of the process.\n# TYPE process_resident_memory_bytes gauge\n";
    out += "process_resident_memory_bytes " + std::to_string(resident_bytes()) + "\n";
    if (more_metrics_) more_metrics_(out);
  });
  return http::Response{200, "text/plain; version=0.0.4; charset=utf-8", text, {}};
}

}  // namespace habitd::api::v1
