#include "api/v1/ops_handlers.hpp"

#include <boost/json.hpp>

#include <fstream>

#include "api/v1/json/request_body.hpp"
#include "api/v1/read_cache.hpp"
#include "http/metrics.hpp"
#include "http/problem.hpp"
#include "security/random.hpp"
#include "store/database.hpp"
#include "store/standbys.hpp"

namespace habitd::api::v1 {

http::Response OpsHandlers::health(const http::Request&) const { return http::json_response(200, R"({"status":"ok"})"); }

http::Response OpsHandlers::ready(const http::Request& request) const {
  if (!database_.ping())
    return http::problem(domain::Error(domain::ErrorCode::kUnavailable, "The database does not answer.").with_retry_after(1),
                         request.request_id);
  boost::json::object body{{"status", "ready"}, {"database", "ok"}};
  // Standbys only take reads the primary would answer too: one that is down does not make the
  // server unready. Named by their place in HABITS_DATABASE_READ_URL, not their address: this
  // probe is public.
  if (!standbys_.empty()) {
    boost::json::array standbys;
    for (const auto& standby : standbys_.check()) {
      boost::json::object entry{{"index", standbys.size()}, {"state", standby.state}};
      if (standby.lag_seconds) entry["lag_seconds"] = *standby.lag_seconds;
      standbys.push_back(std::move(entry));
    }
    body["standbys"] = std::move(standbys);
  }
  return json(200, body);
}

}  // namespace habitd::api::v1

namespace habitd::api::v1 {
namespace {

// A Prometheus label value: backslash and double quote escaped.
std::string label(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    out.push_back(c == '\n' ? ' ' : c);
  }
  return out;
}

void render_standbys(std::string& out, const store::Standbys& standbys) {
  out +=
      "# HELP habitd_db_reads_total Uncached reads by the database that answered them.\n"
      "# TYPE habitd_db_reads_total counter\n";
  out += "habitd_db_reads_total{target=\"primary\"} " + std::to_string(standbys.primary_reads()) + "\n";
  out += "habitd_db_reads_total{target=\"standby\"} " + std::to_string(standbys.standby_reads()) + "\n";
  if (standbys.empty()) return;
  const auto all = standbys.status();
  out +=
      "# HELP habitd_db_standby_reads_total Uncached reads each standby answered.\n"
      "# TYPE habitd_db_standby_reads_total counter\n";
  for (const auto& s : all)
    out += "habitd_db_standby_reads_total{standby=\"" + label(s.name) + "\"} " + std::to_string(s.reads) + "\n";
  out +=
      "# HELP habitd_db_standby_usable Whether the standby took reads at its last check (state ok) or was skipped.\n"
      "# TYPE habitd_db_standby_usable gauge\n";
  for (const auto& s : all)
    out += "habitd_db_standby_usable{standby=\"" + label(s.name) + "\",state=\"" + s.state + "\"} " +
           (s.state == "ok" ? "1" : "0") + "\n";
  out +=
      "# HELP habitd_db_standby_lag_seconds How far the standby's replay was behind at its last check.\n"
      "# TYPE habitd_db_standby_lag_seconds gauge\n";
  for (const auto& s : all)
    if (s.lag_seconds)
      out += "habitd_db_standby_lag_seconds{standby=\"" + label(s.name) + "\"} " + std::to_string(*s.lag_seconds) + "\n";
}

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
    render_standbys(out, standbys_);
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
