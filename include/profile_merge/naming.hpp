// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/config.hpp"
#include "profile_merge/normalize.hpp"

namespace profile_merge {
inline namespace v1 {

/// NM1: the name of a profile that has none of its own, from its identifiers (an
/// array of {type, value}): the first identifier of the first type present among
/// email, external_id, phone_number, twitter, facebook, sdk; otherwise the first
/// identifier as "<type> user <value>". nullopt when there is no identifier.
[[nodiscard]] PROFILE_MERGE_DECL std::optional<std::string> derive_profile_name(
    const nlohmann::json& identifiers);

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/naming.ipp"
#endif
