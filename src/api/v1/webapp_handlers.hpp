#pragma once
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::api::v1 {

// The web app: its page at / and its files at /app/{asset}, from the binary, under a strict
// Content-Security-Policy, with ETags so browsers and the app's service worker revalidate cheaply.
class WebAppHandlers {
 public:
  [[nodiscard]] http::Response page(const http::Request& request) const;
  [[nodiscard]] http::Response asset(const http::Request& request) const;
};

}  // namespace habitd::api::v1
