// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/change_report.hpp"
#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/error.hpp"
#include "profile_merge/options.hpp"

namespace profile_merge {
inline namespace v1 {

/// A reason an attributes tree cannot be stored, and where.
struct attribute_problem {
    error_code code;  // limit_exceeded (too deep) or invalid_value (ill-formed UTF-8)
    std::string pointer;
};

/// G9 and well-formedness of a request's `attributes`: the first member that lies
/// deeper than `max_depth` (the object itself is depth 1; each object or array
/// inside adds one; 0 = unlimited), or whose key or string value is not valid
/// UTF-8. Iterative, so hostile nesting cannot overflow the stack, and it stops at
/// the first problem: run it before anything recursive touches the tree.
template <class = void>
[[nodiscard]] std::optional<attribute_problem> find_attribute_problem(
    const nlohmann::json& attributes, std::string_view pointer, std::size_t max_depth) {
    if (!attributes.is_structured()) {
        return std::nullopt;
    }
    // A string value that is not well-formed UTF-8 (keys are checked where they are read).
    const auto ill_formed = [](const nlohmann::json& value) {
        return value.is_string() && !detail::is_utf8(value.get_ref<const std::string&>());
    };
    // Fast path, no allocation: a flat tree (the common PATCH) needs no stack. It walks
    // the containers directly, without nlohmann's type-switching iterators.
    bool flat = true;
    if (attributes.is_object()) {
        for (const auto& [key, value] : attributes.get_ref<const nlohmann::json::object_t&>()) {
            if (value.is_structured()) {
                flat = false;
                break;
            }
            if (!detail::is_utf8(key) || ill_formed(value)) {
                return attribute_problem{error_code::invalid_value,
                                         detail::pointer_append(pointer, key)};
            }
        }
    } else {
        const auto& elements = attributes.get_ref<const nlohmann::json::array_t&>();
        for (std::size_t i = 0; i < elements.size(); ++i) {
            if (elements[i].is_structured()) {
                flat = false;
                break;
            }
            if (ill_formed(elements[i])) {
                return attribute_problem{error_code::invalid_value,
                                         detail::pointer_append(pointer, i)};
            }
        }
    }
    if (flat) {
        return std::nullopt;
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
            path = f.node->is_object() ? detail::pointer_append(path, at.key())
                                       : detail::pointer_append(
                                             path, static_cast<std::size_t>(at - f.node->cbegin()));
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
        const bool bad_key = top.node->is_object() && !detail::is_utf8(current.key());
        if (bad_key || ill_formed(*current)) {
            return attribute_problem{error_code::invalid_value, path_of_stack()};
        }
        if (!current->is_structured()) {
            continue;
        }
        if (max_depth != 0 && stack.size() + 1 > max_depth) {
            return attribute_problem{error_code::limit_exceeded, path_of_stack()};
        }
        stack.push_back({&*current, current->cbegin()});
    }
    return std::nullopt;
}

namespace detail {

// target = value, reusing target's string buffer when both are strings (no allocation).
template <class = void>
void assign_value(nlohmann::json& target, const nlohmann::json& value) {
    if (target.is_string() && value.is_string()) {
        target.get_ref<std::string&>() = value.get_ref<const std::string&>();
    } else {
        target = value;
    }
}

// Records a change when a report is wanted; `path` is the member's parent path.
template <class = void>
void record(change_list* changes, change_op op, const std::string& path, std::string_view key) {
    if (changes != nullptr) {
        changes->push_back(op, path, key);
    }
}

// RFC 7396 MergePatch(target, patch) for an object patch, in place. Returns
// whether `target` changed. Recursion follows the patch, whose depth G9 bounds.
template <class = void>
bool merge_object(nlohmann::json& target, const nlohmann::json& patch, attribute_merge mode,
                  std::string& path, change_list* changes) {
    if (!target.is_object()) {
        target = nlohmann::json::object();
    }
    bool changed = false;
    // The patch is read through its map (cheaper than nlohmann's iterators); the target
    // is changed only through nlohmann's API, which keeps its invariants.
    for (const auto& [key, value] : patch.get_ref<const nlohmann::json::object_t&>()) {
        nlohmann::json* const existing = member_or_null(target, key);
        const bool present = existing != nullptr;
        if (value.is_null()) {  // null removes; no error when absent
            if (present) {
                target.erase(key);
                record(changes, change_op::remove, path, key);
                changed = true;
            }
            continue;
        }
        if (mode == attribute_merge::deep && value.is_object()) {
            if (present && existing->is_object()) {
                const std::size_t length = path.size();
                if (changes != nullptr) {
                    append_pointer_token(path, key);
                }
                changed |= merge_object(*existing, value, mode, path, changes);
                path.resize(length);
                continue;
            }
            // A new or non-object member becomes MergePatch({}, value): nulls vanish.
            nlohmann::json fresh = nlohmann::json::object();
            std::string unused;
            merge_object(fresh, value, mode, unused, nullptr);
            record(changes, present ? change_op::replace : change_op::add, path, key);
            if (present) {
                *existing = std::move(fresh);
            } else {
                target.emplace(key, std::move(fresh));
            }
            changed = true;
            continue;
        }
        if (present && *existing == value) {
            continue;
        }
        record(changes, present ? change_op::replace : change_op::add, path, key);
        if (present) {
            assign_value(*existing, value);
        } else {
            target.emplace(key, value);
        }
        changed = true;
    }
    return changed;
}

}  // namespace detail

/// P3: merges an attributes patch (an object) into `target` in place: RFC 7396 JSON
/// Merge Patch when `mode` is deep; with shallow, top-level keys only. A target
/// that is not an object starts as {}. Appends a change (paths `base_path` +
/// key...) per member added, replaced or removed when `changes` is given. Returns
/// whether anything changed. Run find_attribute_problem on untrusted patches first.
template <class = void>
bool merge_attributes(nlohmann::json& target, const nlohmann::json& patch,
                      attribute_merge mode = attribute_merge::deep,
                      std::string_view base_path = "/attributes", change_list* changes = nullptr) {
    if (!patch.is_object()) {
        return false;
    }
    const bool was_object = target.is_object();
    if (changes != nullptr) {  // a change per key; paths guessed at the base path + 16 bytes
        changes->reserve(patch.size(), patch.size() * (base_path.size() + 16));
    }
    std::string path(base_path);
    const bool changed = detail::merge_object(target, patch, mode, path, changes);
    return changed || !was_object;
}

}  // namespace v1
}  // namespace profile_merge
