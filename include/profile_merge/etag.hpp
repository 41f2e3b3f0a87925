// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/config.hpp"

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
[[nodiscard]] PROFILE_MERGE_DECL std::string etag(const nlohmann::json& entity);

/// G10: whether an If-Match value allows the operation on `stored` (null when
/// nothing is stored): "*" matches any stored entity, an etag only its own.
[[nodiscard]] PROFILE_MERGE_DECL bool if_match_allows(std::string_view if_match,
                                                      const nlohmann::json& stored);

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/etag.ipp"
#endif
