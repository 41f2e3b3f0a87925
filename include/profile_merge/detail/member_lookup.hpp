// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/text.hpp"

namespace profile_merge {
inline namespace v1 {
namespace detail {

// Orders two keys as the map does (unsigned bytes). Keys of the same length are
// first tested for equality a word at a time (a walk beside a table of names finds
// mostly equal ones); others are ordered by their first differing byte.
[[nodiscard]] inline int compare_keys(std::string_view a, std::string_view b) noexcept {
    if (same_text(a, b)) {
        return 0;
    }
    const std::size_t common = std::min(a.size(), b.size());
    std::size_t i = 0;
    while (i + 8 <= common && load_8_bytes(a.data() + i) == load_8_bytes(b.data() + i)) {
        i += 8;
    }
    for (; i < common; ++i) {
        if (a[i] != b[i]) {
            return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
        }
    }
    return a.size() < b.size() ? -1 : 1;
}

// A key to look up with the map's own find: its comparator is transparent, so the
// descent compares through compare_keys, inline, where comparing std::string keys
// calls memcmp at every step.
struct member_name {
    std::string_view text;
    friend bool operator<(const std::string& a, member_name b) noexcept {
        return compare_keys(a, b.text) < 0;
    }
    friend bool operator<(member_name a, const std::string& b) noexcept {
        return compare_keys(a.text, b) < 0;
    }
};
static_assert(std::is_same_v<nlohmann::json::object_t::key_compare, std::less<>>,
              "profile_merge looks members up through nlohmann's transparent comparator");

// The member of `object` named `key`, or nullptr (also when `object` is not an
// object). Every operation looks up several members of entities and requests.
[[nodiscard]] inline const nlohmann::json* member_or_null(const nlohmann::json& object,
                                                          std::string_view key) {
    if (!object.is_object()) {
        return nullptr;
    }
    const auto& members = *object.get_ptr<const nlohmann::json::object_t*>();
    if (members.size() == 1) {  // a request's envelope: its first node, no descent
        const auto& [name, value] = *members.begin();
        return compare_keys(name, key) == 0 ? &value : nullptr;
    }
    const auto it = members.find(member_name{key});
    return it == members.end() ? nullptr : &it->second;
}

// The same, for a member that will be written.
[[nodiscard]] inline nlohmann::json* member_or_null(nlohmann::json& object, std::string_view key) {
    return const_cast<nlohmann::json*>(member_or_null(std::as_const(object), key));
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
