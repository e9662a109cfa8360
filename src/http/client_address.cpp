#include "http/client_address.hpp"

#include <algorithm>

namespace habitd::http {

bool ClientAddress::is_trusted(std::string_view address) const {
  return std::find(trusted_.begin(), trusted_.end(), address) != trusted_.end();
}

std::string ClientAddress::of(const std::string& peer, std::string_view forwarded_for) const {
  if (!is_trusted(peer)) return peer;
  std::string address = peer;
  // Walk from the nearest hop outwards, skipping our own proxies: the first untrusted hop is the client.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    std::string_view hop = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
    while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
    if (hop.empty()) continue;
    address = std::string(hop);
    if (!is_trusted(hop)) break;
  }
  return address;
}

}  // namespace habitd::http
