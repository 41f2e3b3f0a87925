// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace profile_merge {
inline namespace v1 {
namespace detail {

// One mechanism for every enum's wire name: each enum declares its names, in
// enumerator order, as a specialisation of enum_names. No reflection, no macros.
template <class Enum>
struct enum_names;

template <class Enum>
[[nodiscard]] constexpr std::string_view enum_to_string(Enum value) noexcept {
    constexpr auto& names = enum_names<Enum>::values;
    const auto index = static_cast<std::size_t>(value);
    return index < names.size() ? names[index] : std::string_view{};
}

template <class Enum>
[[nodiscard]] constexpr std::optional<Enum> enum_from_string(std::string_view text) noexcept {
    constexpr auto& names = enum_names<Enum>::values;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == text) {
            return static_cast<Enum>(i);
        }
    }
    return std::nullopt;
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
