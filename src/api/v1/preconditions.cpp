#include "api/v1/preconditions.hpp"

#include "api/v1/read_tag.hpp"
#include "domain/error.hpp"
#include "http/conditional.hpp"

namespace habitd::api::v1 {

std::optional<std::int64_t> version_if_match(const http::Request& request, const std::string& read_path,
                                             const service::ReadStamp& stamp) {
  const auto wanted = http::parse_tag_list(request.header("if-match"));
  if (!wanted || wanted->any) return std::nullopt;
  const std::string current = read_tag(read_key(request.user_id(), stamp.today, read_path, {}), stamp.data_version);
  if (!http::matches_strongly(*wanted, current))
    throw domain::Error(domain::ErrorCode::kPreconditionFailed,
                        "The habit changed since the ETag given in If-Match was read; read it again.");
  return stamp.data_version;
}

}  // namespace habitd::api::v1
