#pragma once
// Conditional requests (RFC 9110 section 13): entity tags, If-None-Match and If-Match.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::http {

// The parsed value of If-Match or If-None-Match: `*`, or a list of entity tags (quotes kept,
// "W/" prefixes kept so comparisons can tell weak from strong).
struct TagList {
  bool any = false;
  std::vector<std::string> tags;
};

// nullopt when the header is absent. A malformed list yields the tags that could be read.
[[nodiscard]] std::optional<TagList> parse_tag_list(std::optional<std::string_view> header);

// Weak comparison (for If-None-Match): equal opaque tags, whatever their W/ prefixes.
[[nodiscard]] bool matches_weakly(const TagList& list, std::string_view etag);
// Strong comparison (for If-Match): both strong and equal.
[[nodiscard]] bool matches_strongly(const TagList& list, std::string_view etag);

// A strong tag for `body`: the same bytes always give the same tag.
[[nodiscard]] std::string tag_of_body(std::string_view body);

// The value of the response's ETag header, if any.
[[nodiscard]] std::optional<std::string> etag_of(const Response& response);

// For a 200 answer to GET or HEAD: adds a strong ETag computed from the body when the handler set
// none, and turns the answer into 304 Not Modified (headers only) when If-None-Match matches it.
void apply_if_none_match(const Request& request, Response& response);

// A 304 for `etag`, keeping the headers a cache needs.
[[nodiscard]] Response not_modified(std::string etag);

}  // namespace habitd::http
