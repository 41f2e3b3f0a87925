// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "profile_merge/normalize.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {
struct naming_rule {
    std::string_view type;
    std::string_view prefix;
};
// NM1 as data: the first type present, in this order, names the profile.
inline constexpr std::array<naming_rule, 6> naming_rules{{
    {"email", ""},
    {"external_id", "User "},
    {"phone_number", "User "},
    {"twitter", "Twitter user "},
    {"facebook", "Facebook user "},
    {"sdk", "SDK user "},
}};

}  // namespace detail

/// NM1: the name of a profile that has none of its own, from its identifiers (an
/// array of {type, value}): the first identifier of the first type present among
/// email, external_id, phone_number, twitter, facebook, sdk; otherwise the first
/// identifier as "<type> user <value>". nullopt when there is no identifier.
template <class = void>
[[nodiscard]] std::optional<std::string> derive_profile_name(const nlohmann::json& identifiers) {
    if (!identifiers.is_array()) {
        return std::nullopt;
    }
    // One pass: each identifier's rank is its type's row in naming_rules (custom
    // types rank last); the first identifier of the best rank wins.
    constexpr std::size_t custom = detail::naming_rules.size();
    std::size_t best_rank = custom + 1;
    std::optional<std::pair<std::string_view, std::string>> best;
    for (const auto& element : identifiers) {
        auto id = detail::stored_identifier(element);
        if (!id) {
            continue;
        }
        std::size_t rank = 0;
        while (rank < custom && detail::naming_rules[rank].type != id->first) {
            ++rank;
        }
        if (rank < best_rank) {
            best_rank = rank;
            best = std::move(id);
            if (rank == 0) {
                break;  // an email: nothing ranks higher
            }
        }
    }
    if (!best) {
        return std::nullopt;
    }
    if (best_rank == custom) {
        return std::string(best->first) + " user " + best->second;
    }
    return std::string(detail::naming_rules[best_rank].prefix) + best->second;
}

}  // namespace v1
}  // namespace profile_merge
