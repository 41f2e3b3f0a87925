// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <string_view>

#include "profile_merge/field_access.hpp"

namespace profile_merge {
inline namespace v1 {

/// What PATCH does with a profile member (the F table's PATCH column).
enum class profile_patch_rule {
    ignore,              // P6, G6
    set_name,            // P2, F1: null or "" removes, then NM1
    merge_attributes,    // P3
    append_identifiers,  // P4, P5
};

/// What PUT makes of a result member (the F table's PUT column).
enum class profile_put_rule {
    keep_or_new_id,        // stored id; new_id on create
    keep_or_now,           // stored created_at; now on create
    now,                   // updated_at (G4)
    from_address,          // source/type from the query (U2) or, by id, from stored (U6)
    keep_or_path_user_id,  // stored user_id; the path user_id on create (U3)
    name_or_derived,       // body name, else NM1
    replace_attributes,    // body attributes; absent or null -> {}
    replace_identifiers,   // required (U5), normalised, de-duplicated, query identifier appended
};

/// One row of the profile field table.
struct profile_field {
    std::string_view name;
    field_access access;
    profile_patch_rule on_patch;
    profile_put_rule on_put;
};

/// Section F of docs/rules.md as data: every member a profile has, who may write it,
/// and what PATCH and PUT do with it. Request members not in it are unknown (G5).
inline constexpr std::array<profile_field, 9> profile_fields{{
    {"id", field_access::read_only, profile_patch_rule::ignore, profile_put_rule::keep_or_new_id},
    {"created_at", field_access::read_only, profile_patch_rule::ignore,
     profile_put_rule::keep_or_now},
    {"updated_at", field_access::read_only, profile_patch_rule::ignore, profile_put_rule::now},
    {"source", field_access::read_only, profile_patch_rule::ignore, profile_put_rule::from_address},
    {"type", field_access::read_only, profile_patch_rule::ignore, profile_put_rule::from_address},
    {"user_id", field_access::read_only, profile_patch_rule::ignore,
     profile_put_rule::keep_or_path_user_id},
    {"name", field_access::writable, profile_patch_rule::set_name,
     profile_put_rule::name_or_derived},
    {"attributes", field_access::writable, profile_patch_rule::merge_attributes,
     profile_put_rule::replace_attributes},
    {"identifiers", field_access::writable, profile_patch_rule::append_identifiers,
     profile_put_rule::replace_identifiers},
}};

/// The row of a profile member, or nullptr for an unknown one.
[[nodiscard]] constexpr const profile_field* find_profile_field(std::string_view name) noexcept {
    for (const auto& field : profile_fields) {
        if (field.name == name) {
            return &field;
        }
    }
    return nullptr;
}

}  // namespace v1
}  // namespace profile_merge
