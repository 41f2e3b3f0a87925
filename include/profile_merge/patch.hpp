// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/config.hpp"
#include "profile_merge/detail/other_json.hpp"
#include "profile_merge/identifier_query.hpp"
#include "profile_merge/options.hpp"
#include "profile_merge/result.hpp"

namespace profile_merge {
inline namespace v1 {
/// PATCH /api/v2/user_profiles/{profile_id} (P1-P8). `stored` is the profile the id
/// found, or null. Never throws for bad input; on failure the result's entity is
/// `stored` unchanged (G3).
[[nodiscard]] PROFILE_MERGE_DECL operation_result
patch_profile_by_id(const nlohmann::json& stored, const nlohmann::json& request, const context& ctx,
                    const patch_options& options = {});

/// As above, taking the stored profile over: it is updated in place, never copied,
/// and handed back in the result's entity, untouched when the operation fails.
[[nodiscard]] PROFILE_MERGE_DECL operation_result
patch_profile_by_id(nlohmann::json&& stored, const nlohmann::json& request, const context& ctx,
                    const patch_options& options = {});

/// PATCH /api/v2/user_profiles?identifier={query}: as patch_profile_by_id, and the query
/// is parsed (Q1-Q3), may not name the reserved source (Q5), and must match the
/// stored profile (Q4), else not_found.
[[nodiscard]] PROFILE_MERGE_DECL operation_result patch_profile_by_query(
    const nlohmann::json& stored, std::string_view query, const nlohmann::json& request,
    const context& ctx, const patch_options& options = {});

/// As above, taking the stored profile over (updated in place, never copied).
[[nodiscard]] PROFILE_MERGE_DECL operation_result patch_profile_by_query(
    nlohmann::json&& stored, std::string_view query, const nlohmann::json& request,
    const context& ctx, const patch_options& options = {});

/// As above, with a query parsed before (parse_identifier_query, or one built by
/// hand): it is checked as parsing would check it (Q1-Q3, G12, G9), never re-parsed.
[[nodiscard]] PROFILE_MERGE_DECL operation_result patch_profile_by_query(
    const nlohmann::json& stored, const identifier_query& query, const nlohmann::json& request,
    const context& ctx, const patch_options& options = {});

/// As above, taking the stored profile over.
[[nodiscard]] PROFILE_MERGE_DECL operation_result patch_profile_by_query(
    nlohmann::json&& stored, const identifier_query& query, const nlohmann::json& request,
    const context& ctx, const patch_options& options = {});

/// Deprecated in 0.2: the name patch_profile_by_id says what finds the profile.
[[deprecated("use patch_profile_by_id")]] [[nodiscard]] PROFILE_MERGE_DECL operation_result
patch_profile(const nlohmann::json& stored, const nlohmann::json& request, const context& ctx,
              const patch_options& options = {});
[[deprecated("use patch_profile_by_id")]] [[nodiscard]] PROFILE_MERGE_DECL operation_result
patch_profile(nlohmann::json&& stored, const nlohmann::json& request, const context& ctx,
              const patch_options& options = {});

// Another basic_json (ordered_json...) does not compile: see is_other_basic_json.
PROFILE_MERGE_DETAIL_REFUSE_OTHER_JSON(patch_profile_by_id)
PROFILE_MERGE_DETAIL_REFUSE_OTHER_JSON(patch_profile_by_query)

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/patch.ipp"
#endif
