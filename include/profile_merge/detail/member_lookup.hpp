// SPDX-License-Identifier: MIT
#pragma once

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

// Orders two keys as the map does (unsigned bytes); most keys differ in their first
// byte, which settles them without a call to memcmp.
[[nodiscard]] inline int compare_keys(std::string_view a, std::string_view b) noexcept {
    if (!a.empty() && !b.empty() && a.front() != b.front()) {
        const auto a_first = static_cast<unsigned char>(a.front());
        const auto b_first = static_cast<unsigned char>(b.front());
        return a_first < b_first ? -1 : 1;
    }
    if (a == b) {
        return 0;
    }
    return a.compare(b);
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
