#include "webhook_receiver.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <ctime>

namespace habitd::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

struct WebhookReceiver::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<Delivery> deliveries;
  std::function<Answer(std::size_t, const Delivery&)> policy;
  std::string prefix;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> answered{0};
  std::vector<std::thread> connections;
  std::thread acceptor_thread;

  void serve(tcp::socket socket) {
    beast::error_code error;
    beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> request;
    bhttp::read(socket, buffer, request, error);
    if (error) return;
    Delivery delivery;
    for (const auto& field : request) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      delivery.headers[name] = std::string(field.value());
    }
    delivery.target = std::string(request.target());
    delivery.body = request.body();
    Answer answer;
    if (delivery.target.rfind(prefix, 0) != 0) {
      answer.status = 200;  // not ours: done, never recorded
    } else {
      const std::lock_guard lock(mutex);
      const std::size_t n = deliveries.size();
      deliveries.push_back(delivery);
      if (policy) answer = policy(n, delivery);
    }
    arrived.notify_all();  // (also for requests that are not ours: harmless)
    const auto until = std::chrono::steady_clock::now() + answer.delay;
    while (!stopping && (std::chrono::steady_clock::now() < until || (answer.hold && !*answer.hold)))
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    bhttp::response<bhttp::string_body> response{static_cast<bhttp::status>(answer.status), 11};
    response.set(bhttp::field::content_type, "text/plain");
    if (answer.status != 204 && answer.status != 304) response.body() = "ok";
    response.prepare_payload();
    bhttp::write(socket, response, error);
    ++answered;
    socket.shutdown(tcp::socket::shutdown_both, error);
  }

  void accept_loop() {
    while (!stopping) {
      beast::error_code error;
      tcp::socket socket(io);
      acceptor.accept(socket, error);
      if (error || stopping) break;
      connections.emplace_back([this, s = std::move(socket)]() mutable { serve(std::move(s)); });
    }
  }
};

WebhookReceiver::WebhookReceiver() : impl_(std::make_unique<Impl>()) {
  port_ = impl_->acceptor.local_endpoint().port();
  static std::atomic<int> counter{0};
  prefix_ = "/r" + std::to_string(::getpid()) + "-" + std::to_string(std::time(nullptr)) + "-" + std::to_string(counter++);
  impl_->prefix = prefix_;
  impl_->acceptor_thread = std::thread([this] { impl_->accept_loop(); });
}

WebhookReceiver::~WebhookReceiver() {
  impl_->stopping = true;
  beast::error_code error;
  // Wakes the blocking accept with a connection of our own.
  tcp::socket poke(impl_->io);
  poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)), error);
  impl_->acceptor_thread.join();
  for (auto& thread : impl_->connections) thread.join();
}

std::string WebhookReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + prefix_ + path;
}

void WebhookReceiver::answer_with(std::function<Answer(std::size_t, const Delivery&)> policy) {
  const std::lock_guard lock(impl_->mutex);
  impl_->policy = std::move(policy);
}

std::vector<Delivery> WebhookReceiver::wait_for(std::size_t count, std::chrono::seconds timeout) {
  std::unique_lock lock(impl_->mutex);
  impl_->arrived.wait_for(lock, timeout, [&] { return impl_->deliveries.size() >= count; });
  return impl_->deliveries;
}

std::size_t WebhookReceiver::answered() const { return impl_->answered.load(); }

std::vector<Delivery> WebhookReceiver::received() {
  const std::lock_guard lock(impl_->mutex);
  return impl_->deliveries;
}

}  // namespace habitd::test
