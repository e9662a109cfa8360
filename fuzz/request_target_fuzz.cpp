// Request targets: the path and query as the server splits and decodes them, the router's match
// against every path of the OpenAPI document, then the query and path parameters handlers read
// (paging, archived, from/to dates, the calendar's year, the {date} of a log).
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "api/v1/json/query.hpp"
#include "fuzz_support.hpp"
#include "http/request_target.hpp"
#include "http/router.hpp"

namespace habitd::fuzz {
namespace {

// One route per method and path of the document, as routes.cpp registers them.
http::Router documented_router() {
  std::ifstream in(HABITD_OPENAPI_JSON);
  std::stringstream text;
  text << in.rdbuf();
  const auto document = boost::json::parse(text.str()).as_object();
  http::Router router;
  for (const auto& [path, item] : document.at("paths").as_object())
    for (const auto& [method, operation] : item.as_object()) {
      std::string upper(method);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      router.add(upper, std::string(path), http::Lane::kInline, http::Access::kPublic,
                 [](http::Request&) { return http::Response{}; });
    }
  check(!router.routes().empty(), "no routes in the OpenAPI document");
  return router;
}

// Each reader on its own: one refusing must not keep the others from being read.
template <typename Reader>
void read_one(const Reader& reader) {
  try {
    reader();
  } catch (const domain::Error& error) {
    expect_client_error(error);
  }
}

void read_parameters(const http::Request& request) {
  read_one([&] {
    const auto paging = api::v1::read_paging(request);
    check(paging.limit >= 1 && paging.limit <= api::v1::kMaxPageSize && paging.offset >= 0, "paging out of range");
  });
  read_one([&] { static_cast<void>(api::v1::read_bool_param(request, "archived")); });
  read_one([&] { static_cast<void>(api::v1::read_date_param(request, "from")); });
  read_one([&] { static_cast<void>(api::v1::read_date_param(request, "to")); });
  read_one([&] {
    const int year = api::v1::read_year_param(request);
    check(year >= 1900 && year <= 9998, "a calendar year out of range");
  });
}

}  // namespace
}  // namespace habitd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace habitd;
  static const http::Router router = fuzz::documented_router();
  static constexpr const char* kMethods[] = {"GET", "POST", "PATCH", "DELETE", "HEAD", "PUT"};
  if (size == 0) return 0;
  http::Request request;
  request.method = kMethods[data[0] % 6];
  if (!http::read_request_target(fuzz::as_text(data + 1, size - 1), request)) return 0;  // the server's 400
  const auto match = router.match(request.method, request.path);
  if (const auto* found = std::get_if<http::RouteMatch>(&match)) {
    request.path_params = found->params;
    for (const auto& [name, value] : request.path_params) fuzz::check(!value.empty(), "an empty path parameter matched");
    if (found->route->pattern.find("{date}") != std::string::npos)
      fuzz::read_one([&] { static_cast<void>(api::v1::read_path_date(request)); });
  } else if (const auto* not_allowed = std::get_if<http::MethodNotAllowed>(&match)) {
    fuzz::check(!not_allowed->allow.empty(), "405 without Allow");
  }
  fuzz::read_parameters(request);
  return 0;
}
