#include "http/request_target.hpp"

#include <boost/url/parse.hpp>

namespace habitd::http {

bool read_request_target(std::string_view target, Request& request) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return false;
  request.path = url->path();
  for (const auto& param : url->params()) request.query.emplace_back(param.key, param.value);
  return true;
}

}  // namespace habitd::http
