#include "http/conditional.hpp"

#include <openssl/sha.h>

namespace habitd::http {
namespace {

std::string_view opaque(std::string_view tag) { return tag.starts_with("W/") ? tag.substr(2) : tag; }

}  // namespace

std::optional<TagList> parse_tag_list(std::optional<std::string_view> header) {
  if (!header) return std::nullopt;
  TagList list;
  std::string_view rest = *header;
  while (!rest.empty()) {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t' || rest.front() == ',')) rest.remove_prefix(1);
    if (rest.empty()) break;
    if (rest.front() == '*') {
      list.any = true;
      rest.remove_prefix(1);
      continue;
    }
    const bool weak = rest.starts_with("W/");
    const std::size_t open = weak ? 2 : 0;
    if (rest.size() <= open || rest[open] != '"') break;  // not an entity tag: stop reading
    const std::size_t close = rest.find('"', open + 1);
    if (close == std::string_view::npos) break;
    list.tags.emplace_back(rest.substr(0, close + 1));
    rest.remove_prefix(close + 1);
  }
  return list;
}

bool matches_weakly(const TagList& list, std::string_view etag) {
  if (list.any) return true;
  for (const auto& tag : list.tags)
    if (opaque(tag) == opaque(etag)) return true;
  return false;
}

bool matches_strongly(const TagList& list, std::string_view etag) {
  if (list.any) return true;
  if (etag.starts_with("W/")) return false;
  for (const auto& tag : list.tags)
    if (!tag.starts_with("W/") && tag == etag) return true;
  return false;
}

std::string tag_of_body(std::string_view body) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string tag = "\"b";
  for (int i = 0; i < 16; ++i) {  // 128 bits: equal tags mean equal bodies
    tag += kHex[digest[i] >> 4];
    tag += kHex[digest[i] & 0xF];
  }
  tag += '"';
  return tag;
}

std::optional<std::string> etag_of(const Response& response) {
  for (const auto& [name, value] : response.headers)
    if (name == "ETag") return value;
  return std::nullopt;
}

Response not_modified(std::string etag) { return Response{304, {}, {}, {}}.with_header("ETag", std::move(etag)); }

void apply_if_none_match(const Request& request, Response& response) {
  if (response.status != 200 || (request.method != "GET" && request.method != "HEAD")) return;
  auto etag = etag_of(response);
  if (!etag) {
    etag = tag_of_body(response.body);
    response.headers.emplace_back("ETag", *etag);
  }
  const auto wanted = parse_tag_list(request.header("if-none-match"));
  if (!wanted || !matches_weakly(*wanted, *etag)) return;
  Response unchanged = not_modified(*etag);
  for (const auto& [name, value] : response.headers)
    if (name == "Cache-Control" || name == "Vary" || name == "Content-Location") unchanged.headers.emplace_back(name, value);
  response = std::move(unchanged);
}

}  // namespace habitd::http
