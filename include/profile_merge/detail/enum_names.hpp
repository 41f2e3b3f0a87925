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

// The names of an enum whose facts are a table of rows (a `code` and a `name` each),
// one per enumerator in enumerator order.
template <class Row, std::size_t N>
[[nodiscard]] constexpr std::array<std::string_view, N> names_of(
    const std::array<Row, N>& rows) noexcept {
    std::array<std::string_view, N> names{};
    for (std::size_t i = 0; i < N; ++i) {
        names[i] = rows[i].name;
    }
    return names;
}

// Whether row i describes enumerator i, for every row: the static_assert beside each
// table, which keeps its rows and its enum in step.
template <class Row, std::size_t N>
[[nodiscard]] constexpr bool rows_in_enumerator_order(const std::array<Row, N>& rows) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
        if (static_cast<std::size_t>(rows[i].code) != i) {
            return false;
        }
    }
    return true;
}

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
