// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "profile_merge/change_report.hpp"
#include "profile_merge/detail/diagnostics.hpp"
#include "profile_merge/detail/json_value.hpp"
#include "profile_merge/field_access.hpp"
#include "profile_merge/options.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {

// The one mechanism for members that are not written (G5, G6, E3), shared by
// every entity: report them ignored, or reject a value that differs from
// `reference` (the value the entity has; nullptr when it has none). An echo of
// the current value is never an error.
inline void screen_member(field_access access, const nlohmann::json& value,
                          const nlohmann::json* reference, const std::string& pointer,
                          read_only_policy read_only, privileged_fields_policy privileged,
                          diagnostics& found) {
    const bool differs = reference == nullptr || !same_json(*reference, value);  // G4, G6
    switch (access) {
        case field_access::read_only:
            if (read_only == read_only_policy::reject && differs) {
                found.fail(error_code::read_only_field, pointer,
                           PROFILE_MERGE_PATTERN("{} is read-only and cannot be changed."),
                           field_label(pointer));
            } else {
                found.ignore(pointer, ignore_reason::read_only);
            }
            return;
        case field_access::privileged:
            if (privileged == privileged_fields_policy::reject && differs) {
                found.fail(error_code::forbidden_field, pointer,
                           PROFILE_MERGE_PATTERN("{} cannot be changed by the requester."),
                           field_label(pointer));
            } else {
                found.ignore(pointer, ignore_reason::not_permitted);
            }
            return;
        case field_access::writable:
            return;
    }
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
