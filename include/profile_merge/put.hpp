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
/// PUT /api/v2/user_profiles?identifier={query} and, with options.path_user_id,
/// PUT /api/v2/users/{user_id}/profiles?identifier={query} (U1-U5, U7, U8).
/// `stored` is the profile the query found (find_profile), or null: a match is
/// replaced (U2), otherwise a profile is created (U3) with ctx.new_id.
[[nodiscard]] PROFILE_MERGE_DECL operation_result put_profile_by_query(
    const nlohmann::json& stored, std::string_view query, const nlohmann::json& request,
    const context& ctx, const put_options& options = {});

/// As above, taking the stored profile over: never copied, handed back untouched
/// in the result's entity when the operation fails.
[[nodiscard]] PROFILE_MERGE_DECL operation_result
put_profile_by_query(nlohmann::json&& stored, std::string_view query, const nlohmann::json& request,
                     const context& ctx, const put_options& options = {});

/// As above, with a query parsed before (parse_identifier_query, or one built by
/// hand): it is checked as parsing would check it (Q1-Q3, G12, G9), never re-parsed.
[[nodiscard]] PROFILE_MERGE_DECL operation_result put_profile_by_query(
    const nlohmann::json& stored, const identifier_query& query, const nlohmann::json& request,
    const context& ctx, const put_options& options = {});

/// As above, taking the stored profile over.
[[nodiscard]] PROFILE_MERGE_DECL operation_result put_profile_by_query(
    nlohmann::json&& stored, const identifier_query& query, const nlohmann::json& request,
    const context& ctx, const put_options& options = {});

/// PUT /api/v2/user_profiles/{profile_id} (U6): replaces the stored profile,
/// keeping its source and type; null stored is not_found.
[[nodiscard]] PROFILE_MERGE_DECL operation_result
put_profile_by_id(const nlohmann::json& stored, const nlohmann::json& request, const context& ctx,
                  const put_options& options = {});

/// As above, taking the stored profile over.
[[nodiscard]] PROFILE_MERGE_DECL operation_result
put_profile_by_id(nlohmann::json&& stored, const nlohmann::json& request, const context& ctx,
                  const put_options& options = {});

/// Deprecated in 0.2: the name put_profile_by_query says what finds the profile.
[[deprecated("use put_profile_by_query")]] [[nodiscard]] PROFILE_MERGE_DECL operation_result
put_profile(const nlohmann::json& stored, std::string_view query, const nlohmann::json& request,
            const context& ctx, const put_options& options = {});
[[deprecated("use put_profile_by_query")]] [[nodiscard]] PROFILE_MERGE_DECL operation_result
put_profile(nlohmann::json&& stored, std::string_view query, const nlohmann::json& request,
            const context& ctx, const put_options& options = {});

// Another basic_json (ordered_json...) does not compile: see is_other_basic_json.
PROFILE_MERGE_DETAIL_REFUSE_OTHER_JSON(put_profile_by_query)
PROFILE_MERGE_DETAIL_REFUSE_OTHER_JSON(put_profile_by_id)

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/put.ipp"
#endif
