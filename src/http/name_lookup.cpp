#include "http/name_lookup.hpp"

#include <boost/asio/io_context.hpp>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace habitd::http {

struct NameLookup::InFlight {
  std::mutex mutex;
  int count = 0;
};

namespace {

// One lookup's answer, shared by its thread and its caller (who may have stopped waiting).
struct Pending {
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  LookupResult result;
};

}  // namespace

NameLookup::NameLookup(std::chrono::milliseconds timeout, int max_in_flight, Resolve resolve)
    : timeout_(timeout), max_in_flight_(max_in_flight), resolve_(std::move(resolve)), in_flight_(std::make_shared<InFlight>()) {}

LookupResult NameLookup::system_resolve(const std::string& host, const std::string& port) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  boost::system::error_code error;
  const auto found = resolver.resolve(host, port, error);
  if (error) return LookupResult{{}, "the host does not resolve"};
  LookupResult out;
  for (const auto& entry : found) out.endpoints.push_back(entry.endpoint());
  return out;
}

LookupResult NameLookup::resolve(const std::string& host, const std::string& port) const {
  // An address needs no look-up, and no thread of its own.
  boost::system::error_code not_an_address;
  const auto literal = boost::asio::ip::make_address(host, not_an_address);
  unsigned short number = 0;
  if (!not_an_address && std::from_chars(port.data(), port.data() + port.size(), number).ec == std::errc{})
    return LookupResult{{{literal, number}}, {}};
  {
    const std::lock_guard lock(in_flight_->mutex);
    if (in_flight_->count >= max_in_flight_) return LookupResult{{}, "too many host name lookups are in progress"};
    ++in_flight_->count;
  }
  auto pending = std::make_shared<Pending>();
  std::thread([pending, in_flight = in_flight_, resolve = resolve_, host, port] {
    LookupResult result;
    try {
      result = resolve(host, port);
    } catch (const std::exception&) {
      result = LookupResult{{}, "the host does not resolve"};
    }
    {
      const std::lock_guard lock(pending->mutex);
      pending->result = std::move(result);
      pending->done = true;
    }
    pending->done_cv.notify_one();
    const std::lock_guard lock(in_flight->mutex);
    --in_flight->count;
  }).detach();
  std::unique_lock lock(pending->mutex);
  if (!pending->done_cv.wait_for(lock, timeout_, [&] { return pending->done; }))
    return LookupResult{{}, "looking the host up timed out"};
  return std::move(pending->result);
}

}  // namespace habitd::http
