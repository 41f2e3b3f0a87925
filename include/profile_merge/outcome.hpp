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
template <>
struct enum_names<outcome> {
    static constexpr std::array<std::string_view, 10> values{
        "updated",     "unchanged", "replaced",
        "created",     "not_found", "invalid",
        "forbidden",   "conflict",  "precondition_failed",
        "server_error"};
};
template <>
struct enum_names<api> {
    static constexpr std::array<std::string_view, 2> values{"profiles", "end_users"};
};
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
    return value == outcome::updated || value == outcome::unchanged || value == outcome::replaced ||
           value == outcome::created;
}

/// G7: the HTTP status an outcome maps to. `invalid` is 400 for profiles, 422 for end users.
[[nodiscard]] constexpr int http_status(outcome value, api which) noexcept {
    switch (value) {
        case outcome::updated:
        case outcome::unchanged:
        case outcome::replaced:
            return 200;
        case outcome::created:
            return 201;
        case outcome::not_found:
            return 404;
        case outcome::invalid:
            return which == api::profiles ? 400 : 422;
        case outcome::forbidden:
            return 403;
        case outcome::conflict:
            return 409;
        case outcome::precondition_failed:
            return 412;
        case outcome::server_error:
            return 500;
    }
    return 500;  // unreachable for valid enumerators
}

}  // namespace v1
}  // namespace profile_merge
