#pragma once
// A small HTTP server inside a test that receives webhook deliveries: it records every request
// and answers with what the test tells it (a status, after an optional delay). Its URLs start with
// a path of its own: a request for another path (a webhook of an earlier run on a shared
// PostgreSQL whose port this receiver happens to have now) is answered 200 and not recorded.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace habitd::test {

struct Delivery {
  std::map<std::string, std::string> headers;  // lower-case names
  std::string target;
  std::string body;
  [[nodiscard]] std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct Answer {
  int status = 200;
  std::chrono::milliseconds delay{0};       // before answering (longer than the server's timeout: no answer)
  const std::atomic<bool>* hold = nullptr;  // when set, no answer before it turns true
};

class WebhookReceiver {
 public:
  WebhookReceiver();
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  [[nodiscard]] int port() const noexcept { return port_; }
  [[nodiscard]] std::string url(const std::string& path = "/hook") const;
  // How the n-th request (0-based) is answered; the default answers 200 at once.
  void answer_with(std::function<Answer(std::size_t n, const Delivery&)> policy);
  // Waits until at least `count` requests came (or `timeout` passed) and returns all so far.
  std::vector<Delivery> wait_for(std::size_t count, std::chrono::seconds timeout = std::chrono::seconds(30));
  [[nodiscard]] std::vector<Delivery> received();
  // How many requests were answered so far.
  [[nodiscard]] std::size_t answered() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  std::string prefix_;
};

}  // namespace habitd::test
