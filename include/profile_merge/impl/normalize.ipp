// SPDX-License-Identifier: MIT
// The definitions of profile_merge/normalize.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <array>
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

std::optional<std::string> compact_e164(std::string_view phone) {
    std::string out;
    out.reserve(phone.size());
    for (const char c : phone) {
        if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
            out.push_back(c);
        }
    }
    if (out.size() < 3 || out.size() > 16 || out[0] != '+' || out[1] == '0') {
        return std::nullopt;
    }
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (out[i] < '0' || out[i] > '9') {
            return std::nullopt;
        }
    }
    return out;
}

namespace detail {

// NM1's name of each standard type, by its rank (1-6).
inline constexpr std::array<std::pair<std::string_view, std::string_view>, 6> naming_templates{{
    {"email", "{value}"},
    {"external_id", "User {value}"},
    {"phone_number", "User {value}"},
    {"twitter", "Twitter user {value}"},
    {"facebook", "Facebook user {value}"},
    {"sdk", "SDK user {value}"},
}};

std::optional<std::string> identifier_rules::normalize(std::string_view type,
                                                       std::string value) const {
    const identifier_type_rule* rule = declared(type);
    if (rule == nullptr || !rule->normalize) {
        return normalize_identifier_value(type, std::move(value));  // N1
    }
    for (const normalize_step step : *rule->normalize) {
        switch (step) {
            case normalize_step::trim: {  // Unicode White_Space at both ends
                std::size_t begin = 0;
                std::size_t end = value.size();
                while (begin < end) {
                    const std::size_t length = utf8_sequence_length(value, begin);
                    if (length == 0 || !is_white_space(code_point_at(value, begin, length))) {
                        break;
                    }
                    begin += length;
                }
                while (end > begin) {
                    std::size_t start = end - 1;
                    while (start > begin &&
                           (static_cast<unsigned char>(value[start]) & 0xC0U) == 0x80U) {
                        --start;
                    }
                    const std::size_t length = utf8_sequence_length(value, start);
                    if (length == 0 || start + length != end ||
                        !is_white_space(code_point_at(value, start, length))) {
                        break;
                    }
                    end = start;
                }
                value = value.substr(begin, end - begin);
                break;
            }
            case normalize_step::ascii_lower:
                ascii_lower_in_place(value);
                break;
            case normalize_step::ascii_upper:
                for (char& c : value) {
                    if (c >= 'a' && c <= 'z') {
                        c = static_cast<char>(c - 'a' + 'A');
                    }
                }
                break;
            case normalize_step::e164: {
                std::optional<std::string> compact = compact_e164(value);
                if (!compact) {
                    return std::nullopt;
                }
                value = std::move(*compact);
                break;
            }
        }
    }
    return value;
}

identifier_effect_kind identifier_rules::effect(std::string_view type) const {
    if (const identifier_type_rule* rule = declared(type); rule != nullptr && rule->effect) {
        return *rule->effect;
    }
    switch (identifier_kind_of(type)) {
        case identifier_kind::custom:
            return identifier_effect_kind::none;
        case identifier_kind::external_id:
            return identifier_effect_kind::external_id;
        default:
            return identifier_effect_kind::identity;
    }
}

bool identifier_rules::allows(std::string_view type) const {
    return policy_ == nullptr ||
           policy_->custom_identifier_types == custom_identifier_policy::allow ||
           is_standard_identifier_type(type) || declared(type) != nullptr;
}

std::uint64_t identifier_rules::rank(std::string_view type) const {
    if (const identifier_type_rule* rule = declared(type); rule != nullptr && rule->rank) {
        return *rule->rank;
    }
    for (std::size_t i = 0; i < naming_templates.size(); ++i) {
        if (naming_templates[i].first == type) {
            return i + 1;
        }
    }
    return 0;
}

std::string identifier_rules::name(std::string_view type, std::string_view value) const {
    std::string_view pattern = "{type} user {value}";
    if (const identifier_type_rule* rule = declared(type); rule != nullptr && rule->name) {
        pattern = *rule->name;
    } else {
        for (const auto& [standard, text] : naming_templates) {
            if (standard == type) {
                pattern = text;
            }
        }
    }
    std::string out;
    out.reserve(pattern.size() + value.size());
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern.compare(i, 7, "{value}") == 0) {
            out.append(value);
            i += 6;
        } else if (pattern.compare(i, 6, "{type}") == 0) {
            out.append(type);
            i += 5;
        } else {
            out.push_back(pattern[i]);
        }
    }
    return out;
}

}  // namespace detail

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
