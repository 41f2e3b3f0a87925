// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/change_report.hpp"
#include "profile_merge/detail/message.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/error.hpp"

namespace profile_merge {
inline namespace v1 {
namespace detail {

// Collects everything a request's validation finds: all errors (G8 wants every
// one, not the first) and the members it ignores (G5, G6, E3), each list bounded
// by `max_listed` (G8, R2; 0 = unlimited) with the rest counted.
struct diagnostics {
    std::vector<error> errors;
    std::vector<ignored_member> ignored;
    std::size_t max_listed = 0;
    std::size_t errors_omitted = 0;
    std::size_t ignored_omitted = 0;
    // The most serious outcome among omitted errors: it decides as a listed one would.
    std::optional<outcome> omitted_outcome;

    diagnostics() = default;
    explicit diagnostics(std::size_t max) : max_listed(max) {}

    // `message` is a PROFILE_MERGE_PATTERN: its "{}" are checked against `args`.
    template <class Pattern, class... Args>
    void fail(error_code code, std::string_view pointer, Pattern message, const Args&... args) {
        add(code, in_body{std::string(pointer)}, message, args...);
    }

    template <class Pattern, class... Args>
    void fail_parameter(error_code code, std::string_view parameter, Pattern message,
                        const Args&... args) {
        add(code, in_parameter{std::string(parameter)}, message, args...);
    }

    // G8: an error about no part of the request (not found, the stored entity, the
    // server's context): no pointer, no parameter.
    template <class Pattern, class... Args>
    void fail_unplaced(error_code code, Pattern message, const Args&... args) {
        add(code, std::monostate{}, message, args...);
    }

    void ignore(std::string pointer, ignore_reason reason) {
        if (max_listed != 0 && ignored.size() >= max_listed) {
            ++ignored_omitted;
            return;
        }
        ignored.push_back(ignored_member{std::move(pointer), reason});
    }

    [[nodiscard]] bool failed() const noexcept { return !errors.empty(); }

    // The outcome of a failed request: G7 over every error found, listed or not.
    [[nodiscard]] outcome failure_outcome() const noexcept {
        const outcome listed = outcome_of(errors);
        return omitted_outcome ? more_serious(listed, *omitted_outcome) : listed;
    }

private:
    template <class Pattern, class... Args>
    void add(error_code code, error_location where, Pattern message, const Args&... args) {
        if (room_for_error(code)) {
            errors.push_back(error{code, std::move(where), format_message(message, args...)});
        }
    }

    bool room_for_error(error_code code) {
        if (max_listed == 0 || errors.size() < max_listed) {
            return true;
        }
        ++errors_omitted;
        omitted_outcome =
            omitted_outcome ? more_serious(*omitted_outcome, outcome_of(code)) : outcome_of(code);
        return false;
    }
};

// A field's name for messages: its pointer without the envelope
// ("/profile/identifiers/2/value" -> "identifiers/2/value").
[[nodiscard]] inline std::string_view field_label(std::string_view pointer) noexcept {
    const auto second = pointer.find('/', 1);
    return second == std::string_view::npos ? pointer : pointer.substr(second + 1);
}

// field_label for a message, cut to its first 64 bytes (at a character boundary)
// and "..." when longer: the pointer says exactly where; a message that repeated a
// long pointer would make error lists a multiple of the request (R2, G8).
[[nodiscard]] inline std::string brief_label(std::string_view pointer) {
    constexpr std::size_t most = 64;
    const std::string_view label = field_label(pointer);
    if (label.size() <= most) {
        return to_well_formed_utf8(label);
    }
    std::size_t end = most;
    while (end > 0 && (static_cast<unsigned char>(label[end]) & 0xC0) == 0x80) {
        --end;  // not inside a character
    }
    return to_well_formed_utf8(label.substr(0, end)) + "...";
}

[[nodiscard]] inline std::string_view json_type_name(const nlohmann::json& value) noexcept {
    switch (value.type()) {
        case nlohmann::json::value_t::null:
            return "null";
        case nlohmann::json::value_t::object:
            return "an object";
        case nlohmann::json::value_t::array:
            return "an array";
        case nlohmann::json::value_t::string:
            return "a string";
        case nlohmann::json::value_t::boolean:
            return "a boolean";
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
            return "an integer";
        case nlohmann::json::value_t::number_float:
            return "a number with a fraction";
        default:
            return "binary data";
    }
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
