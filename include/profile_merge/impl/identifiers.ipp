// SPDX-License-Identifier: MIT
// The definitions of profile_merge/identifiers.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <optional>
#include <utility>

#include "profile_merge/detail/diagnostics.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/identifiers.hpp"
#include "profile_merge/impl/normalize.ipp"

namespace profile_merge {
inline namespace v1 {

namespace detail {

// One string member of an identifier: F1 (present, right type, non-empty), N2,
// valid UTF-8 and the G9 length. nullopt when it is not acceptable. Pointers are
// built only for what gets reported: identifiers are read on every PATCH and PUT.
template <class ElementPointer>
[[nodiscard]] std::optional<std::string> read_identifier_part(
    const nlohmann::json& element, std::string_view member, const ElementPointer& element_pointer,
    bool integers_allowed, std::size_t max_length, diagnostics& found) {
    const auto pointer = [&] { return pointer_append(element_pointer(), member); };
    const auto it = element.find(member);
    if (it == element.end()) {
        found.fail(error_code::missing_required, pointer(),
                   PROFILE_MERGE_PATTERN("Each identifier needs a `{}`; {} has none."), member,
                   field_label(element_pointer()));
        return std::nullopt;
    }
    std::optional<std::string> text =
        integers_allowed
            ? scalar_id_text(*it)
            : (it->is_string() ? std::optional<std::string>(it->get_ref<const std::string&>())
                               : std::nullopt);
    if (!text) {
        if (integers_allowed && it->is_number_float()) {  // N2: maybe an integer past 2^64
            found.fail(error_code::invalid_type, pointer(),
                       PROFILE_MERGE_PATTERN(
                           "{} must be a string or an integer from -2^63 to 2^64-1, not a number "
                           "with a fraction or beyond 64 bits; send a long number as a string."),
                       field_label(pointer()));
            return std::nullopt;
        }
        found.fail(error_code::invalid_type, pointer(),
                   PROFILE_MERGE_PATTERN("{} must be {}, not {}."), field_label(pointer()),
                   integers_allowed ? "a string or an integer" : "a string", json_type_name(*it));
        return std::nullopt;
    }
    if (text->empty()) {
        found.fail(error_code::blank_value, pointer(),
                   PROFILE_MERGE_PATTERN("{} must not be empty."), field_label(pointer()));
        return std::nullopt;
    }
    const auto length = utf8_length(*text);
    if (!length) {
        found.fail(error_code::invalid_value, pointer(),
                   PROFILE_MERGE_PATTERN("{} is not valid UTF-8."), field_label(pointer()));
        return std::nullopt;
    }
    // G12: a type has no control, space or invisible character; a value no control one.
    if (integers_allowed ? !is_control_free_text(*text) : !is_identifying_text(*text)) {
        found.fail(error_code::invalid_value, pointer(),
                   PROFILE_MERGE_PATTERN("{} must not contain {}."), field_label(pointer()),
                   integers_allowed ? "control characters"
                                    : "control characters, spaces or invisible characters");
        return std::nullopt;
    }
    if (max_length != 0 && *length > max_length) {
        found.fail(error_code::limit_exceeded, pointer(),
                   PROFILE_MERGE_PATTERN("{} has {} characters; at most {} are allowed."),
                   field_label(pointer()), *length, max_length);
        return std::nullopt;
    }
    return text;
}
// PL6, G9: a value once normalised: not left empty, within the length limit.
template <class ElementPointer>
[[nodiscard]] bool check_normalized_value(const std::string& value,
                                          const ElementPointer& element_pointer,
                                          const profile_limits& limits, diagnostics& found) {
    const auto pointer = [&] { return pointer_append(element_pointer(), "value"); };
    if (value.empty()) {
        found.fail(error_code::blank_value, pointer(),
                   PROFILE_MERGE_PATTERN("{} is empty once normalised."), field_label(pointer()));
        return false;
    }
    const std::size_t length = *utf8_length(value);
    if (limits.max_identifier_value_length != 0 && length > limits.max_identifier_value_length) {
        found.fail(error_code::limit_exceeded, pointer(),
                   PROFILE_MERGE_PATTERN("{} has {} characters; at most {} are allowed."),
                   field_label(pointer()), length, limits.max_identifier_value_length);
        return false;
    }
    return true;
}

// F1, N1-N3, G9: a request's identifiers array, normalised. Every problem is
// reported at the exact element; members other than type and value are ignored.
[[nodiscard]] inline std::vector<identifier> read_identifiers(const nlohmann::json& list,
                                                              std::string_view pointer,
                                                              const profile_limits& limits,
                                                              diagnostics& found,
                                                              const identifier_rules& rules = {}) {
    using namespace std::string_view_literals;
    std::vector<identifier> out;
    if (!list.is_array()) {
        found.fail(error_code::invalid_type, pointer,
                   PROFILE_MERGE_PATTERN(
                       "identifiers must be an array of {{type, value}} objects, not {}."),
                   json_type_name(list));
        return out;
    }
    const auto& elements = list.get_ref<const nlohmann::json::array_t&>();
    out.reserve(elements.size());
    for (std::size_t index = 0; index < elements.size(); ++index) {
        const nlohmann::json& element = elements[index];
        const auto element_pointer = [&] { return pointer_append(pointer, index); };
        if (!element.is_object()) {
            found.fail(error_code::invalid_type, element_pointer(),
                       PROFILE_MERGE_PATTERN("{} must be an object with type and value, not {}."),
                       field_label(element_pointer()), json_type_name(element));
            continue;
        }
        auto type = read_identifier_part(element, "type", element_pointer, false,
                                         limits.max_identifier_length, found);
        // G9 counts the value once normalised (PL6), which N1 leaves as long.
        auto value = read_identifier_part(
            element, "value", element_pointer, true,
            rules.is_default() ? limits.max_identifier_value_length : 0, found);
        for (const auto& member : element.get_ref<const nlohmann::json::object_t&>()) {
            if (member.first != "type"sv && member.first != "value"sv) {
                found.ignore(pointer_append(element_pointer(), member.first),
                             ignore_reason::unknown_field);
            }
        }
        if (type && !rules.allows(*type)) {  // PL6: custom_identifier_types reject
            found.fail(error_code::invalid_value, pointer_append(element_pointer(), "type"),
                       PROFILE_MERGE_PATTERN("{} is not an identifier type this service knows."),
                       field_label(pointer_append(element_pointer(), "type")));
            continue;
        }
        if (type && value) {
            std::optional<std::string> normalized = rules.normalize(*type, std::move(*value));
            if (normalized && !rules.is_default() &&
                !check_normalized_value(*normalized, element_pointer, limits, found)) {
                continue;
            }
            if (!normalized) {  // PL6: e164 refuses it
                found.fail(
                    error_code::invalid_value, pointer_append(element_pointer(), "value"),
                    PROFILE_MERGE_PATTERN("{} must be an E.164 number such as +15551234567."),
                    field_label(pointer_append(element_pointer(), "value")));
                continue;
            }
            out.push_back({std::move(*type), std::move(*normalized)});
        }
    }
    return out;
}

}  // namespace detail

identifier_set::identifier_set(const nlohmann::json& identifiers, const policy& rules) {
    if (!identifiers.is_array()) {
        return;
    }
    const detail::identifier_rules normalization(rules.compiled());
    keys_.reserve(identifiers.size());
    for (const auto& element : identifiers) {
        if (auto id = detail::stored_identifier(element)) {
            // PL6: compared in normalised form, never rewritten; one e164 refuses stays as is
            std::string value = id->second;
            insert(id->first, normalization.normalize(id->first, std::move(id->second))
                                  .value_or(std::move(value)));
        }
    }
}

std::vector<identifier> identifiers_to_append(const nlohmann::json& stored,
                                              const std::vector<identifier>& incoming,
                                              const policy& rules) {
    std::vector<identifier> out;
    if (incoming.empty()) {
        return out;
    }
    identifier_set seen(stored, rules);
    for (const identifier& candidate : incoming) {
        if (seen.insert(candidate.type, candidate.value)) {
            out.push_back(candidate);
        }
    }
    return out;
}

std::vector<identifier> deduplicate_identifiers(std::vector<identifier> identifiers) {
    identifier_set seen;
    std::vector<identifier> out;
    out.reserve(identifiers.size());
    for (identifier& candidate : identifiers) {
        if (seen.insert(candidate.type, candidate.value)) {
            out.push_back(std::move(candidate));
        }
    }
    return out;
}

}  // namespace v1
}  // namespace profile_merge
