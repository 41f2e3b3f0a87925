// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/compact_json.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {
// 64-bit FNV-1a.
[[nodiscard]] constexpr std::uint64_t fnv1a_64(std::string_view bytes) noexcept {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}
}  // namespace detail

/// G10: `"` + 16 lowercase hex digits of FNV-1a-64 over the compact dump + `"`.
/// Ill-formed UTF-8 (possible only in entities built in memory) is hashed with
/// U+FFFD in its place instead of throwing. Any depth (G13): the text is written
/// without recursion.
template <class = void>
[[nodiscard]] std::string etag(const nlohmann::json& entity) {
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

/// G10: whether an If-Match value allows the operation on `stored` (null when
/// nothing is stored): "*" matches any stored entity, an etag only its own.
template <class = void>
[[nodiscard]] bool if_match_allows(std::string_view if_match, const nlohmann::json& stored) {
    if (stored.is_null()) {
        return false;
    }
    return if_match == "*" || if_match == etag(stored);
}

}  // namespace v1
}  // namespace profile_merge
