// SPDX-License-Identifier: MIT
// The definitions of profile_merge/normalize.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <cstdint>
#include <utility>

#include "profile_merge/normalize.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {

// The `type` (a string) and `value` (a string or an integer, N2) of a stored
// identifier element, or nulls when it is not such an object. One walk of the
// element's few members: profiles may hold many identifiers, read on every match.
[[nodiscard]] inline std::pair<const nlohmann::json*, const nlohmann::json*> identifier_parts(
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
    for (const auto& [name, member] : *element.get_ptr<const nlohmann::json::object_t*>()) {
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
[[nodiscard]] inline std::optional<std::pair<std::string_view, std::string>> stored_identifier(
    const nlohmann::json& element) {
    const auto [type, value] = identifier_parts(element);
    if (type == nullptr) {
        return std::nullopt;
    }
    return std::pair{std::string_view(type->get_ref<const std::string&>()),
                     *scalar_id_text(*value)};
}

}  // namespace detail

std::string normalize_identifier_value(std::string_view type, std::string value) {
    const auto* row = detail::find_standard_type(type);
    if (row && row->lower_cased) {
        detail::ascii_lower_in_place(value);
    }
    return value;
}

std::optional<std::string> scalar_id_text(const nlohmann::json& value) {
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

bool same_identifier(std::string_view type_a, std::string_view value_a, std::string_view type_b,
                     std::string_view value_b) {
    if (type_a != type_b) {
        return false;
    }
    return normalize_identifier_value(type_a, std::string(value_a)) ==
           normalize_identifier_value(type_b, std::string(value_b));
}

}  // namespace v1
}  // namespace profile_merge
