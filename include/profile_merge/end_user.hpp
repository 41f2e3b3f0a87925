// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/config.hpp"
#include "profile_merge/detail/other_json.hpp"
#include "profile_merge/effect.hpp"
#include "profile_merge/options.hpp"
#include "profile_merge/result.hpp"

namespace profile_merge {
inline namespace v1 {

/// E5: exactly one '@' with text on both sides.
[[nodiscard]] constexpr bool is_plausible_email(std::string_view email) noexcept {
    const auto at = email.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < email.size() &&
           email.find('@', at + 1) == std::string_view::npos;
}

/// E7: an `https://` URL of RFC 3986's shape without userinfo: a host (ASCII
/// labels of letters, digits and '-', none empty, or an IPv6 literal in brackets),
/// an optional port 1-65535, then nothing or a path, query or fragment; no
/// whitespace, control character or '\\'; at most 2,048 characters.
[[nodiscard]] PROFILE_MERGE_DECL bool is_https_url(std::string_view url);

/// PUT /api/v2/end_users/{id} by the end user itself (E1-E9): a partial update,
/// unlike a profile's PUT. `stored` is the user (null when the id found none).
/// Invalid input is `invalid` (422) with every invalid field reported (E9).
[[nodiscard]] PROFILE_MERGE_DECL operation_result
update_end_user(const nlohmann::json& stored, const nlohmann::json& request, const context& ctx,
                const end_user_options& options = {});

/// As above, taking the stored user over: updated in place, never copied, handed
/// back untouched in the result's entity when the operation fails.
[[nodiscard]] PROFILE_MERGE_DECL operation_result
update_end_user(nlohmann::json&& stored, const nlohmann::json& request, const context& ctx,
                const end_user_options& options = {});

// Another basic_json (ordered_json...) does not compile: see is_other_basic_json.
PROFILE_MERGE_DETAIL_REFUSE_OTHER_JSON(update_end_user)

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/end_user.ipp"
#endif
