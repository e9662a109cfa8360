#pragma once
#include <string>
#include <utility>
#include <vector>

namespace habitd::http {

struct Response {
  int status = 200;
  std::string content_type;  // empty when there is no body
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  Response& with_header(std::string name, std::string value) & {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Response&& with_header(std::string name, std::string value) && {
    headers.emplace_back(std::move(name), std::move(value));
    return std::move(*this);
  }
};

[[nodiscard]] inline Response no_content() { return Response{204, {}, {}, {}}; }
[[nodiscard]] inline Response json_response(int status, std::string body) {
  return Response{status, "application/json", std::move(body), {}};
}

}  // namespace habitd::http
