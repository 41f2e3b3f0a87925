// SPDX-License-Identifier: MIT
// The definitions of profile_merge/etag.hpp (docs/architecture.md, "Compiling").
#pragma once

#include "profile_merge/detail/compact_json.hpp"
#include "profile_merge/etag.hpp"

namespace profile_merge {
inline namespace v1 {

std::string etag(const nlohmann::json& entity) {
    const std::string text = detail::dump_compact(entity);
    std::uint64_t hash = detail::fnv1a_64(text);
    std::string out(18, '"');
    constexpr std::string_view digits = "0123456789abcdef";
    for (int i = 16; i >= 1; --i) {
        out[static_cast<std::size_t>(i)] = digits[hash & 0xF];
        hash >>= 4;
    }
    return out;
}

bool if_match_allows(std::string_view if_match, const nlohmann::json& stored) {
    if (stored.is_null()) {
        return false;
    }
    return if_match == "*" || if_match == etag(stored);
}

}  // namespace v1
}  // namespace profile_merge
