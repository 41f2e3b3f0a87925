// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/text.hpp"

namespace profile_merge {
inline namespace v1 {

/// N4: the identifier types that map onto the user record; everything else is custom.
enum class identifier_kind {
    email,
    phone_number,
    twitter,
    facebook,
    sdk,
    external_id,
    custom,
};

namespace detail {
struct standard_identifier_type {
    std::string_view type;
    identifier_kind kind;
    bool lower_cased;  // N1
};
// N1 and N4 as data: one row per standard type.
inline constexpr std::array<standard_identifier_type, 6> standard_identifier_types{{
    {"email", identifier_kind::email, true},
    {"phone_number", identifier_kind::phone_number, false},
    {"twitter", identifier_kind::twitter, true},
    {"facebook", identifier_kind::facebook, false},
    {"sdk", identifier_kind::sdk, false},
    {"external_id", identifier_kind::external_id, false},
}};

[[nodiscard]] constexpr const standard_identifier_type* find_standard_type(
    std::string_view type) noexcept {
    for (const auto& row : standard_identifier_types) {
        if (row.type == type) {
            return &row;
        }
    }
    return nullptr;
}
}  // namespace detail

/// N4: the kind of an identifier type (case-sensitive: "Email" is custom).
[[nodiscard]] constexpr identifier_kind identifier_kind_of(std::string_view type) noexcept {
    const auto* row = detail::find_standard_type(type);
    return row ? row->kind : identifier_kind::custom;
}

/// N4: true for email, phone_number, twitter, facebook, sdk and external_id.
[[nodiscard]] constexpr bool is_standard_identifier_type(std::string_view type) noexcept {
    return detail::find_standard_type(type) != nullptr;
}

/// N1: the stored and compared form of an identifier value: email and twitter
/// values are lower-cased (ASCII A-Z only); every other type keeps its value.
template <class = void>
[[nodiscard]] std::string normalize_identifier_value(std::string_view type, std::string value) {
    const auto* row = detail::find_standard_type(type);
    if (row && row->lower_cased) {
        detail::ascii_lower_in_place(value);
    }
    return value;
}

/// N2: the text of an identifier value or a user_id: a string as is, an integer as
/// its decimal string; nullopt for a float, bool, null, object or array.
template <class = void>
[[nodiscard]] std::optional<std::string> scalar_id_text(const nlohmann::json& value) {
    if (value.is_string()) {
        return value.get_ref<const std::string&>();
    }
    if (value.is_number_unsigned()) {
        return std::to_string(value.get<std::uint64_t>());
    }
    if (value.is_number_integer()) {
        return std::to_string(value.get<std::int64_t>());
    }
    return std::nullopt;
}

namespace detail {
// The `type` (a string) and `value` (a string or an integer, N2) of a stored
// identifier element, or nulls when it is not such an object. One walk of the
// element's few members: profiles may hold many identifiers, read on every match.
template <class = void>
[[nodiscard]] std::pair<const nlohmann::json*, const nlohmann::json*> identifier_parts(
    const nlohmann::json& element) noexcept {
    using namespace std::string_view_literals;
    if (!element.is_object()) {
        return {nullptr, nullptr};
    }
    const nlohmann::json* type = nullptr;
    const nlohmann::json* value = nullptr;
    const auto is = [](const std::string& name, std::string_view wanted) {
        return std::string_view(name) == wanted;
    };
    for (const auto& [name, member] : element.get_ref<const nlohmann::json::object_t&>()) {
        if (is(name, "type"sv)) {
            type = &member;
        } else if (is(name, "value"sv)) {
            value = &member;
        }
    }
    if (type == nullptr || value == nullptr || !type->is_string() ||
        !(value->is_string() || value->is_number_integer())) {
        return {nullptr, nullptr};
    }
    return {type, value};
}

// A stored identifier element as its type and value text (N2), or nullopt for an
// element that is not an object with a string `type` and a string or integer
// `value`. The type views into `element`.
template <class = void>
[[nodiscard]] std::optional<std::pair<std::string_view, std::string>> stored_identifier(
    const nlohmann::json& element) {
    const auto [type, value] = identifier_parts(element);
    if (type == nullptr) {
        return std::nullopt;
    }
    return std::pair{std::string_view(type->get_ref<const std::string&>()),
                     *scalar_id_text(*value)};
}
}  // namespace detail

/// N3: two identifiers are the same when their types are equal and their
/// normalised values are equal.
template <class = void>
[[nodiscard]] bool same_identifier(std::string_view type_a, std::string_view value_a,
                                   std::string_view type_b, std::string_view value_b) {
    if (type_a != type_b) {
        return false;
    }
    return normalize_identifier_value(type_a, std::string(value_a)) ==
           normalize_identifier_value(type_b, std::string(value_b));
}

}  // namespace v1
}  // namespace profile_merge
