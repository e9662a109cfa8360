#pragma once
// The webhook dispatcher: a fixed number of threads (HABITS_WEBHOOK_CONCURRENCY), off the request
// path, each delivering one due delivery at a time and waiting a moment when none is due. The
// number of threads caps the deliveries in flight, and a webhook never has more than one in
// flight, so a slow receiver holds one thread at most and others' deliveries go on.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace habitd::service {
class WebhookDelivery;
}
namespace habitd::util {
class Logger;
}

namespace habitd::app {

class WebhookDispatcher {
 public:
  WebhookDispatcher(const service::WebhookDelivery& delivery, int threads, std::chrono::milliseconds poll, util::Logger& logger);
  // Lets each thread finish the attempt it is making (at most the receiver timeouts), then joins.
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

 private:
  void loop();

  const service::WebhookDelivery& delivery_;
  std::chrono::milliseconds poll_;
  util::Logger& logger_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace habitd::app
