// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "profile_merge/normalize.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {
struct naming_rule {
    std::string_view type;
    std::string_view prefix;
};
// NM1 as data: the first type present, in this order, names the profile.
inline constexpr std::array<naming_rule, 6> naming_rules{{
    {"email", ""},
    {"external_id", "User "},
    {"phone_number", "User "},
    {"twitter", "Twitter user "},
    {"facebook", "Facebook user "},
    {"sdk", "SDK user "},
}};

// The first well-formed identifier of `type` (any type when empty): its value text.
[[nodiscard]] inline std::optional<std::pair<std::string, std::string>> first_identifier(
    const nlohmann::json& identifiers, std::string_view type) {
    for (const auto& identifier : identifiers) {
        if (!identifier.is_object()) {
            continue;
        }
        const auto id_type = identifier.find("type");
        const auto id_value = identifier.find("value");
        if (id_type == identifier.end() || id_value == identifier.end() || !id_type->is_string()) {
            continue;
        }
        const auto& type_text = id_type->get_ref<const std::string&>();
        if (!type.empty() && type_text != type) {
            continue;
        }
        if (auto value = scalar_id_text(*id_value)) {
            return std::pair{type_text, std::move(*value)};
        }
    }
    return std::nullopt;
}
}  // namespace detail

/// NM1: the name of a profile that has none of its own, from its identifiers (an
/// array of {type, value}): the first identifier of the first type present among
/// email, external_id, phone_number, twitter, facebook, sdk; otherwise the first
/// identifier as "<type> user <value>". nullopt when there is no identifier.
[[nodiscard]] inline std::optional<std::string> derive_profile_name(
    const nlohmann::json& identifiers) {
    if (!identifiers.is_array()) {
        return std::nullopt;
    }
    for (const auto& rule : detail::naming_rules) {
        if (auto found = detail::first_identifier(identifiers, rule.type)) {
            return std::string(rule.prefix) + found->second;
        }
    }
    if (auto found = detail::first_identifier(identifiers, {})) {
        return found->first + " user " + found->second;
    }
    return std::nullopt;
}

}  // namespace v1
}  // namespace profile_merge
