// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/change_report.hpp"
#include "profile_merge/detail/message.hpp"
#include "profile_merge/error.hpp"

namespace profile_merge {
inline namespace v1 {
namespace detail {

// Collects everything a request's validation finds: all errors (G8 wants every
// one, not the first) and the members it ignores (G5, G6, E3).
struct diagnostics {
    std::vector<error> errors;
    std::vector<ignored_member> ignored;

    template <class... Args>
    void fail(error_code code, std::string_view pointer, std::string_view message,
              const Args&... args) {
        errors.push_back(error{code, std::string(pointer), format_message(message, args...), {}});
    }

    template <class... Args>
    void fail_parameter(error_code code, std::string_view parameter, std::string_view message,
                        const Args&... args) {
        errors.push_back(error{code, {}, format_message(message, args...), std::string(parameter)});
    }

    void ignore(std::string pointer, ignore_reason reason) {
        ignored.push_back(ignored_member{std::move(pointer), reason});
    }

    [[nodiscard]] bool failed() const noexcept { return !errors.empty(); }
};

// A field's name for messages: its pointer without the envelope
// ("/profile/identifiers/2/value" -> "identifiers/2/value").
template <class = void>
[[nodiscard]] std::string_view field_label(std::string_view pointer) noexcept {
    const auto second = pointer.find('/', 1);
    return second == std::string_view::npos ? pointer : pointer.substr(second + 1);
}

template <class = void>
[[nodiscard]] std::string_view json_type_name(const nlohmann::json& value) noexcept {
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
