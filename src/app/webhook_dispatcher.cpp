#include "app/webhook_dispatcher.hpp"

#include <algorithm>
#include <exception>

#include "service/webhook_delivery.hpp"
#include "util/logger.hpp"

namespace habitd::app {

WebhookDispatcher::WebhookDispatcher(const service::WebhookDelivery& delivery, int threads, std::chrono::milliseconds poll,
                                     util::Logger& logger)
    : delivery_(delivery), poll_(poll), logger_(logger) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { loop(); });
}

WebhookDispatcher::~WebhookDispatcher() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void WebhookDispatcher::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    bool worked = false;
    std::chrono::milliseconds pause = poll_;
    try {
      worked = delivery_.deliver_one();
    } catch (const std::exception& error) {
      // The database is down or a bug: the claim's lease runs out and the delivery is retried.
      logger_.warn("webhook delivery failed", {{"error", std::string_view(error.what())}});
      pause = std::max(poll_, std::chrono::milliseconds(1000));
    }
    lock.lock();
    if (!worked) wake_.wait_for(lock, pause, [this] { return stopping_; });
  }
}

}  // namespace habitd::app
