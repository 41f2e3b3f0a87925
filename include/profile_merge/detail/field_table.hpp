// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "profile_merge/change_report.hpp"
#include "profile_merge/detail/diagnostics.hpp"
#include "profile_merge/detail/json_value.hpp"
#include "profile_merge/detail/text.hpp"
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

// G5, G6, E3 for every member of a request body: the one walk every entity's
// operations share. An unknown member is ignored and reported, a member its row does
// not let the request write is screened against `reference(row)`, and a writable one
// goes to `write(row, value, key)`. Pointers (`prefix` + "/" + key) are built only
// for what gets reported.
template <class Schema, class Reference, class Write>
void walk_body(const nlohmann::json& body, std::string_view prefix, const Schema& schema,
               read_only_policy read_only, privileged_fields_policy privileged,
               const Reference& reference, const Write& write, diagnostics& found) {
    for (const auto& [key, value] : *body.get_ptr<const nlohmann::json::object_t*>()) {
        const auto* field = schema.find(key);
        if (field == nullptr) {  // G5
            found.ignore(pointer_append(prefix, key), ignore_reason::unknown_field);
        } else if (field->access != field_access::writable) {  // G6, E3
            screen_member(field->access, value, reference(*field), pointer_append(prefix, key),
                          read_only, privileged, found);
        } else {
            write(*field, value, key);
        }
    }
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
