#include "http/client_address.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <stdexcept>

namespace habitd::http {
namespace {

constexpr std::size_t kMaxHopBytes = 64;

// The address as 16 bytes, IPv4 mapped into IPv6 (::ffff:a.b.c.d); nullopt when it is none.
std::optional<std::array<unsigned char, 16>> address_bytes(std::string_view text) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v6()) return address.to_v6().to_bytes();
  return boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, address.to_v4()).to_bytes();
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<AddressRange> AddressRange::parse(std::string_view text) {
  const auto slash = text.find('/');
  const auto bytes = address_bytes(text.substr(0, slash));
  if (!bytes) return std::nullopt;
  AddressRange range;
  range.bytes_ = *bytes;
  if (slash == std::string_view::npos) return range;
  const std::string_view digits = text.substr(slash + 1);
  int prefix = -1;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
  const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
  if (error != std::errc() || end != digits.data() + digits.size() || prefix < 0 || prefix > (v4 ? 32 : 128)) return std::nullopt;
  range.prefix_ = v4 ? prefix + 96 : prefix;
  return range;
}

bool AddressRange::contains(std::string_view address) const {
  const auto bytes = address_bytes(address);
  if (!bytes) return false;
  for (int bit = 0; bit < prefix_; ++bit) {
    const auto byte = static_cast<std::size_t>(bit / 8);
    const auto mask = static_cast<unsigned char>(0x80U >> (bit % 8));
    if (((*bytes)[byte] & mask) != (bytes_[byte] & mask)) return false;
  }
  return true;
}

ClientAddress::ClientAddress(const std::vector<std::string>& trusted_proxies) {
  for (const auto& entry : trusted_proxies) {
    auto range = AddressRange::parse(entry);
    if (!range) throw std::invalid_argument("'" + entry + "' is not an address or an address/prefix range");
    trusted_.push_back(*range);
  }
}

bool ClientAddress::is_trusted(std::string_view address) const {
  for (const auto& range : trusted_)
    if (range.contains(address)) return true;
  return false;
}

std::string ClientAddress::of(const std::string& peer, const std::vector<std::string_view>& forwarded_for) const {
  if (!is_trusted(peer)) return peer;
  std::string address = peer;
  // Walk from the nearest hop outwards (the last line's last entry first), skipping our own
  // proxies: the first untrusted hop is the client.
  for (std::size_t line = forwarded_for.size(); line-- > 0;) {
    std::string_view rest = forwarded_for[line];
    while (!rest.empty()) {
      const auto comma = rest.rfind(',');
      const std::string_view hop = trimmed(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
      if (hop.empty()) continue;
      // Only a broken proxy writes a hop that is not an address; keep what it says short.
      address = std::string(hop.substr(0, kMaxHopBytes));
      if (!is_trusted(hop)) return address;
    }
  }
  return address;
}

}  // namespace habitd::http
