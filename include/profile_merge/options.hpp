// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "profile_merge/detail/enum_names.hpp"
#include "profile_merge/end_user_schema.hpp"
#include "profile_merge/policy.hpp"
#include "profile_merge/profile_schema.hpp"

namespace profile_merge {
inline namespace v1 {

/// G2: what an operation would otherwise read from a clock or a random source.
/// It owns its text: build it from temporaries, keep it, copy it.
struct context {
    /// The current time, RFC 3339 UTC such as "2020-03-11T01:20:28Z".
    std::string now;
    /// The id a created profile gets (every PUT by query may create).
    std::string new_id{};
};

/// P3: how `attributes` in a PATCH merge into the stored ones.
enum class attribute_merge {
    deep,     // RFC 7396 JSON Merge Patch
    shallow,  // [decision] top-level keys only; a nested object replaces the stored one whole
};

/// G6: what a read-only member in a request does.
enum class read_only_policy {
    ignore,  // ignored and reported
    reject,  // a value that differs from the stored one is error read_only_field
};

/// E3: what `role` or `verified` in an end user's request does.
enum class privileged_fields_policy {
    ignore,  // ignored and reported (not_permitted)
    reject,  // a value that differs from the stored one is forbidden_field (403)
};

/// G9 limits; 0 means unlimited. Lengths count Unicode code points.
struct profile_limits {
    std::size_t max_identifiers = 20;
    std::size_t max_source_length = 40;      // profile `source`
    std::size_t max_identifier_length = 60;  // identifier `type`
    /// The request's `attributes` object is depth 1; each object or array inside adds one.
    std::size_t max_attribute_depth = 32;
    /// Attribute member names, at any depth.
    std::size_t max_attribute_name_length = 256;
    std::size_t max_type_length = 40;              // profile `type`
    std::size_t max_identifier_value_length = 60;  // identifier `value`

    /// Every limit switched off. Only for trusted input: nlohmann/json copies,
    /// compares and dumps recursively, so unbounded nesting can exhaust the stack.
    [[nodiscard]] static constexpr profile_limits unlimited() noexcept {
        return profile_limits{0, 0, 0, 0, 0, 0, 0};
    }
};

/// G8, R2: how much a result lists; what is left out is counted (0 = unlimited).
struct report_limits {
    /// Errors listed at most (G8), and ignored members (R2).
    std::size_t max_errors = 100;
    /// R2: the change paths together hold at most the larger of these two bytes
    /// counts; past it, the report is coarsened to whole members.
    std::size_t min_change_bytes = std::size_t{64} * 1024;
    std::size_t change_bytes_per_request_byte = 4;
};

/// Options of patch_profile_by_id and patch_profile_by_query.
struct patch_options {
    attribute_merge attributes = attribute_merge::deep;
    read_only_policy read_only = read_only_policy::ignore;
    profile_limits limits{};
    report_limits report{};
    /// G10: the request's If-Match header; "*" matches any stored profile.
    std::optional<std::string> if_match{};
    /// F: who may write each member; the default is the Zendesk rules.
    profile_schema schema{};
    /// A team's rules (docs/policies.md); the default is the Zendesk rules.
    profile_merge::policy policy{};
    /// PL2: the embedding server's own write, never a client's: the policy's
    /// mutability and `fields` do not apply (everything else does).
    bool trusted = false;
};

/// Options of put_profile_by_query and put_profile_by_id.
struct put_options {
    read_only_policy read_only = read_only_policy::ignore;
    profile_limits limits{};
    report_limits report{};
    /// G10: the request's If-Match header; "*" matches any stored profile.
    std::optional<std::string> if_match{};
    /// U3, U7: the {user_id} of PUT /users/{user_id}/profiles. A create gets it as its
    /// user (U3); a replace, by query or by id, must be of that user's profile, else
    /// `user_conflict` (U7), so a server may guard a PUT by id with it too.
    std::optional<std::string> path_user_id{};
    /// F: who may write each member; the default is the Zendesk rules.
    profile_schema schema{};
    /// A team's rules (docs/policies.md); the default is the Zendesk rules.
    profile_merge::policy policy{};
    /// PL2: the embedding server's own write, never a client's: the policy's
    /// mutability and `fields` do not apply (everything else does).
    bool trusted = false;
};

/// Options of update_end_user.
struct end_user_options {
    read_only_policy read_only = read_only_policy::ignore;
    privileged_fields_policy privileged_fields = privileged_fields_policy::ignore;
    report_limits report{};
    /// G10: the request's If-Match header; "*" matches any stored user.
    std::optional<std::string> if_match{};
    /// E: the members an end user's request may have, and what each does; the
    /// default is the Zendesk rules.
    end_user_schema schema{};
};

namespace detail {
template <>
struct enum_names<attribute_merge> {
    static constexpr std::array<std::string_view, 2> values{"deep", "shallow"};
};
static_assert(enum_names<attribute_merge>::values.size() ==
                  static_cast<std::size_t>(attribute_merge::shallow) + 1,
              "one name per attribute_merge, in enumerator order");
template <>
struct enum_names<read_only_policy> {
    static constexpr std::array<std::string_view, 2> values{"ignore", "reject"};
};
static_assert(enum_names<read_only_policy>::values.size() ==
                  static_cast<std::size_t>(read_only_policy::reject) + 1,
              "one name per read_only_policy, in enumerator order");
template <>
struct enum_names<privileged_fields_policy> {
    static constexpr std::array<std::string_view, 2> values{"ignore", "reject"};
};
static_assert(enum_names<privileged_fields_policy>::values.size() ==
                  static_cast<std::size_t>(privileged_fields_policy::reject) + 1,
              "one name per privileged_fields_policy, in enumerator order");
}  // namespace detail

[[nodiscard]] constexpr std::string_view to_string(attribute_merge value) noexcept {
    return detail::enum_to_string(value);
}
[[nodiscard]] constexpr std::string_view to_string(read_only_policy value) noexcept {
    return detail::enum_to_string(value);
}
[[nodiscard]] constexpr std::string_view to_string(privileged_fields_policy value) noexcept {
    return detail::enum_to_string(value);
}

/// Parses an option's wire name ("shallow", "reject"); nullopt for anything else.
template <class Option>
[[nodiscard]] constexpr std::optional<Option> option_from_string(std::string_view text) noexcept {
    return detail::enum_from_string<Option>(text);
}

}  // namespace v1
}  // namespace profile_merge
