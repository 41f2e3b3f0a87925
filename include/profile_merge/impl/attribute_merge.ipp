// SPDX-License-Identifier: MIT
// The definitions of profile_merge/attribute_merge.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <iterator>
#include <utility>
#include <vector>

#include "profile_merge/attribute_merge.hpp"
#include "profile_merge/detail/attribute_plan.hpp"
#include "profile_merge/detail/entity_editor.hpp"
#include "profile_merge/detail/json_value.hpp"
#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/detail/text.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {

// G8, G9: calls `visit(attribute_problem)` for every member of `attributes` that
// lies deeper than `max_depth` (the object itself is depth 1; each object or array
// inside adds one; 0 = unlimited; a member too deep is not entered), whose name has
// more than `max_name_length` code points, or whose name or string value is not
// valid UTF-8, until `visit` returns false. Iterative, so hostile nesting cannot
// overflow the stack: run it before anything recursive touches the tree.
template <class Visit>
void visit_attribute_problems(const nlohmann::json& attributes, std::string_view pointer,
                              std::size_t max_depth, std::size_t max_name_length, Visit visit) {
    if (!attributes.is_structured()) {
        return;
    }
    // The problem of one member (`key` is null for an array element), if any.
    const auto problem_of = [&](const std::string* key, const nlohmann::json& value,
                                std::size_t depth) -> std::optional<attribute_problem_kind> {
        if (key != nullptr) {
            const auto length = utf8_length(*key);
            if (!length) {
                return attribute_problem_kind::ill_formed_utf8;
            }
            if (max_name_length != 0 && *length > max_name_length) {
                return attribute_problem_kind::name_too_long;
            }
        }
        if (value.is_string() && !is_utf8(*value.get_ptr<const std::string*>())) {
            return attribute_problem_kind::ill_formed_utf8;
        }
        if (value.is_structured() && max_depth != 0 && depth + 1 > max_depth) {
            return attribute_problem_kind::too_deep;
        }
        return std::nullopt;
    };
    const auto problem = [](attribute_problem_kind kind, std::string at) {
        const error_code code = kind == attribute_problem_kind::ill_formed_utf8
                                    ? error_code::invalid_value
                                    : error_code::limit_exceeded;
        return attribute_problem{code, std::move(at), kind};
    };
    // A flat object without problems (the usual PATCH) takes one pass and no stack;
    // at a nested member or a problem, the walk below starts over.
    if (attributes.is_object()) {
        const auto& members = *attributes.get_ptr<const nlohmann::json::object_t*>();
        if (std::none_of(members.begin(), members.end(), [&](const auto& member) {
                return member.second.is_structured() ||
                       problem_of(&member.first, member.second, 1).has_value();
            })) {
            return;
        }
    }
    struct frame {
        const nlohmann::json* node;
        nlohmann::json::const_iterator next;
    };
    std::vector<frame> stack;
    stack.push_back({&attributes, attributes.cbegin()});
    // The pointer of the member the top frame just stepped over.
    const auto path_of_stack = [&] {
        std::string path(pointer);
        for (const frame& f : stack) {
            const auto at = std::prev(f.next);
            if (f.node->is_object()) {
                append_pointer_token(path, at.key());
            } else {
                append_pointer_token(path, static_cast<std::size_t>(at - f.node->cbegin()));
            }
        }
        return path;
    };
    while (!stack.empty()) {
        frame& top = stack.back();
        if (top.next == top.node->cend()) {
            stack.pop_back();
            continue;
        }
        const auto current = top.next++;
        const std::string* key = top.node->is_object() ? &current.key() : nullptr;
        if (const auto kind = problem_of(key, *current, stack.size())) {
            if (!visit(problem(*kind, path_of_stack()))) {
                return;
            }
            continue;
        }
        if (current->is_structured()) {
            stack.push_back({&*current, current->cbegin()});
        }
    }
}

}  // namespace detail

std::optional<attribute_problem> find_attribute_problem(const nlohmann::json& attributes,
                                                        std::string_view pointer,
                                                        std::size_t max_depth,
                                                        std::size_t max_name_length) {
    std::optional<attribute_problem> first;
    detail::visit_attribute_problems(attributes, pointer, max_depth, max_name_length,
                                     [&](attribute_problem problem) {
                                         first = std::move(problem);
                                         return false;
                                     });
    return first;
}

bool merge_attributes(nlohmann::json& target, const nlohmann::json& patch, attribute_merge mode,
                      std::string_view base_path, change_list* changes) {
    if (!patch.is_object()) {
        return false;
    }
    // A target that is not an object is merged into a fresh {}, put in place at the end.
    const bool fresh = !target.is_object();
    nlohmann::json object(nlohmann::json::value_t::object);
    nlohmann::json& edited = fresh ? object : target;  // planned on, then written
    detail::entity_plan plan;
    std::string path(base_path);
    detail::plan_merge_members(edited, patch, mode, path, plan);
    detail::entity_editor editor;
    try {
        for (detail::plan_step& step : plan.steps) {
            editor.apply(edited, step, plan.changes, base_path.size());
        }
        if (changes != nullptr) {
            changes->reserve(plan.changes.size(), plan.changes.path_bytes());
            for (const change_view c : plan.changes) {
                changes->push_back(c.op, c.path);  // reserved: cannot throw
            }
        }
    } catch (...) {
        editor.rollback();
        throw;
    }
    if (fresh) {
        detail::dispose(target);
        target = std::move(object);
    }
    return fresh || editor.changed();
}

}  // namespace v1
}  // namespace profile_merge
