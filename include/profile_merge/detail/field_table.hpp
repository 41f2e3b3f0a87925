// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "profile_merge/change_report.hpp"
#include "profile_merge/detail/diagnostics.hpp"
#include "profile_merge/options.hpp"

namespace profile_merge {
inline namespace v1 {

/// Who may write a field: the column every entity's field table starts with.
enum class field_access {
    writable,
    read_only,   // G6: ignored and reported, or rejected when it differs
    privileged,  // E3: never written by the requester; ignored or forbidden
};

namespace detail {

// The one mechanism for members that are not written (G5, G6, E3), shared by
// every entity: report them ignored, or reject a value that differs from
// `reference` (the value the entity has; nullptr when it has none). An echo of
// the current value is never an error.
inline void screen_member(field_access access, const nlohmann::json& value,
                          const nlohmann::json* reference, const std::string& pointer,
                          read_only_policy read_only, privileged_fields_policy privileged,
                          diagnostics& found) {
    const bool differs = reference == nullptr || *reference != value;
    switch (access) {
        case field_access::read_only:
            if (read_only == read_only_policy::reject && differs) {
                found.fail(error_code::read_only_field, pointer,
                           "{} is read-only and cannot be changed.", field_label(pointer));
            } else {
                found.ignore(pointer, ignore_reason::read_only);
            }
            return;
        case field_access::privileged:
            if (privileged == privileged_fields_policy::reject && differs) {
                found.fail(error_code::forbidden_field, pointer,
                           "{} cannot be changed by the requester.", field_label(pointer));
            } else {
                found.ignore(pointer, ignore_reason::not_permitted);
            }
            return;
        case field_access::writable:
            return;
    }
}

// The member of `entity` named `key`, or nullptr.
[[nodiscard]] inline const nlohmann::json* member_or_null(const nlohmann::json& entity,
                                                          std::string_view key) {
    if (!entity.is_object()) {
        return nullptr;
    }
    const auto it = entity.find(key);
    return it == entity.end() ? nullptr : &*it;
}

// G1: the inner object of `{"<envelope>": {...}}`, or nullptr with the error recorded.
[[nodiscard]] inline const nlohmann::json* open_envelope(const nlohmann::json& request,
                                                         std::string_view envelope,
                                                         diagnostics& found) {
    if (!request.is_object()) {
        found.fail(error_code::invalid_envelope, "",
                   "The request body must be a JSON object such as {{\"{}\": {{...}}}}, not {}.",
                   envelope, json_type_name(request));
        return nullptr;
    }
    const std::string pointer = pointer_append("", envelope);
    const auto* inner = member_or_null(request, envelope);
    if (inner == nullptr || !inner->is_object()) {
        found.fail(error_code::invalid_envelope, pointer,
                   "The request body must hold its fields in an object named \"{}\"; {}.",
                   envelope, inner == nullptr ? std::string("it is missing")
                                              : fmt::format("it is {}", json_type_name(*inner)));
        return nullptr;
    }
    for (auto member = request.cbegin(); member != request.cend(); ++member) {
        if (member.key() != envelope) {
            found.ignore(pointer_append("", member.key()), ignore_reason::unknown_field);
        }
    }
    return inner;
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
