#pragma once
// One page of a list the service returns whole (tokens, webhooks: at most a few dozen per user),
// in the shape every list answer has: {"items", "total", "limit", "offset"}.
#include <boost/json.hpp>
#include <cstddef>
#include <utility>
#include <vector>

#include "api/v1/json/query.hpp"

namespace habitd::api::v1 {

template <typename Item, typename Render>
[[nodiscard]] boost::json::object render_page(const std::vector<Item>& all, const Paging& paging, Render&& render) {
  boost::json::array items;
  const auto total = static_cast<long long>(all.size());
  for (long long i = paging.offset; i < total && i < paging.offset + paging.limit; ++i)
    items.push_back(render(all[static_cast<std::size_t>(i)]));
  return {{"items", std::move(items)}, {"total", total}, {"limit", paging.limit}, {"offset", paging.offset}};
}

}  // namespace habitd::api::v1
