// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/entity_editor.hpp"
#include "profile_merge/detail/json_value.hpp"
#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/options.hpp"

// P3 as a planner: walks a PATCH's attributes against the stored ones and emits the
// decided writes, each at its own pointer, G4 decided (a member that would keep its
// value is no step).
namespace profile_merge {
inline namespace v1 {
namespace detail {

// RFC 7396 MergePatch(target, patch) for two objects, member by member; `path` is
// target's pointer (restored on return). Recursion follows the patch, whose depth
// G9 bounds.
inline void plan_merge_members(const nlohmann::json& target, const nlohmann::json& patch,
                               attribute_merge mode, std::string& path, entity_plan& plan) {
    for (const auto& [key, value] : patch.get_ref<const nlohmann::json::object_t&>()) {
        const nlohmann::json* const existing = member_or_null(target, key);
        const std::size_t length = path.size();
        append_pointer_token(path, key);
        if (value.is_null()) {  // null removes; nothing when absent
            plan.remove_if_present(existing, path);
        } else if (!value.is_object()) {
            plan.set_unless_same(existing, path, value);
        } else if (mode == attribute_merge::deep && existing != nullptr && existing->is_object()) {
            plan_merge_members(*existing, value, mode, path, plan);
        } else {
            // A new, non-object or (shallow) replaced member becomes MergePatch({}, value):
            // its null members vanish at every depth. Unwritten, it goes quietly (G3).
            disposing_json merged = without_null_members(value);
            plan.set_unless_same(existing, path, std::move(merged.get()));
        }
        path.resize(length);
    }
}

// P3, F1: the writes of a PATCH's `attributes` (an object, or null to clear them to
// {}) on the stored member (nullptr when absent), whose pointer is `path`.
inline void plan_attributes_patch(const nlohmann::json* stored, const nlohmann::json& patch,
                                  attribute_merge mode, std::string& path, entity_plan& plan) {
    if (patch.is_null()) {
        plan.set_unless_same(stored, path, empty_object());
    } else if (stored == nullptr || !stored->is_object()) {  // MergePatch(absent, patch): one change
        plan.steps.push_back(
            plan_step::set(path, stored != nullptr, without_null_members(patch)));
    } else {
        plan_merge_members(*stored, patch, mode, path, plan);
    }
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
