// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "profile_merge/detail/enum_names.hpp"

namespace profile_merge {
inline namespace v1 {

/// What an operation did (G7). The first four are successes.
enum class outcome {
    updated,
    unchanged,
    replaced,
    created,
    not_found,
    invalid,
    forbidden,
    conflict,
    precondition_failed,
    server_error,  // G2, G13: the embedding server's own inputs are wrong
};

/// Which API an operation belongs to: it decides the status of `invalid` and the error body.
enum class api {
    profiles,
    end_users,
};

namespace detail {
// G7: every fact about an outcome, one row per enumerator.
struct outcome_row {
    outcome code;
    std::string_view name;  // the wire name
    bool success;           // leaves a result entity to store or return
    int status;             // the HTTP status
    int end_user_status;    // the same for the End Users API
};
inline constexpr std::array<outcome_row, 10> outcome_rows{{
    {outcome::updated, "updated", true, 200, 200},
    {outcome::unchanged, "unchanged", true, 200, 200},
    {outcome::replaced, "replaced", true, 200, 200},
    {outcome::created, "created", true, 201, 201},
    {outcome::not_found, "not_found", false, 404, 404},
    {outcome::invalid, "invalid", false, 400, 422},
    {outcome::forbidden, "forbidden", false, 403, 403},
    {outcome::conflict, "conflict", false, 409, 409},
    {outcome::precondition_failed, "precondition_failed", false, 412, 412},
    {outcome::server_error, "server_error", false, 500, 500},
}};
static_assert(rows_in_enumerator_order(outcome_rows) &&
                  outcome_rows.back().code == outcome::server_error,
              "one row per outcome, in enumerator order");

template <>
struct enum_names<outcome> {
    static constexpr std::array<std::string_view, 10> values = names_of(outcome_rows);
};
template <>
struct enum_names<api> {
    static constexpr std::array<std::string_view, 2> values{"profiles", "end_users"};
};
static_assert(enum_names<api>::values.size() == static_cast<std::size_t>(api::end_users) + 1,
              "one name per api, in enumerator order");
}  // namespace detail

[[nodiscard]] constexpr std::string_view to_string(outcome value) noexcept {
    return detail::enum_to_string(value);
}

[[nodiscard]] constexpr std::string_view to_string(api value) noexcept {
    return detail::enum_to_string(value);
}

/// Parses a wire name such as "not_found"; nullopt for anything else.
[[nodiscard]] constexpr std::optional<outcome> outcome_from_string(std::string_view text) noexcept {
    return detail::enum_from_string<outcome>(text);
}

/// True for the outcomes that leave a result entity to store or return (G7).
[[nodiscard]] constexpr bool succeeded(outcome value) noexcept {
    const auto index = static_cast<std::size_t>(value);
    return index < detail::outcome_rows.size() && detail::outcome_rows[index].success;
}

/// G7: the HTTP status an outcome maps to. `invalid` is 400 for profiles, 422 for end users.
[[nodiscard]] constexpr int http_status(outcome value, api which) noexcept {
    const auto index = static_cast<std::size_t>(value);
    if (index >= detail::outcome_rows.size()) {
        return 500;  // not an enumerator
    }
    const detail::outcome_row& row = detail::outcome_rows[index];
    return which == api::profiles ? row.status : row.end_user_status;
}

}  // namespace v1
}  // namespace profile_merge
