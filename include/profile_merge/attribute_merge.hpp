// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "profile_merge/change_report.hpp"
#include "profile_merge/detail/config.hpp"
#include "profile_merge/error.hpp"
#include "profile_merge/options.hpp"

namespace profile_merge {
inline namespace v1 {

/// Why an attributes tree cannot be stored (G9, F1).
enum class attribute_problem_kind { too_deep, name_too_long, ill_formed_utf8 };

/// A reason an attributes tree cannot be stored, and where.
struct attribute_problem {
    error_code code;  // limit_exceeded (too deep, a name too long) or invalid_value (UTF-8)
    std::string pointer;
    attribute_problem_kind kind = attribute_problem_kind::too_deep;
};

/// G9 and well-formedness of a request's `attributes`: the first member that lies
/// deeper than `max_depth` (the object itself is depth 1; each object or array
/// inside adds one; 0 = unlimited), whose name has more than `max_name_length` code
/// points, or whose name or string value is not valid UTF-8. Iterative.
[[nodiscard]] PROFILE_MERGE_DECL std::optional<attribute_problem> find_attribute_problem(
    const nlohmann::json& attributes, std::string_view pointer, std::size_t max_depth,
    std::size_t max_name_length = profile_limits{}.max_attribute_name_length);

/// P3: merges an attributes patch (an object) into `target` in place: RFC 7396 JSON
/// Merge Patch when `mode` is deep; with shallow, top-level keys only (a nested
/// object replaces the stored one whole, its null members dropped). A target that
/// is not an object starts as {}. Appends a change (paths `base_path` + key...) per
/// member added, replaced or removed when `changes` is given. Returns whether
/// anything changed. When memory runs out, `target` is left as it was (G3). Run
/// find_attribute_problem on untrusted patches first.
PROFILE_MERGE_DECL bool merge_attributes(nlohmann::json& target, const nlohmann::json& patch,
                                         attribute_merge mode = attribute_merge::deep,
                                         std::string_view base_path = "/attributes",
                                         change_list* changes = nullptr);

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/attribute_merge.ipp"
#endif
