// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace profile_merge {
inline namespace v1 {
namespace detail {

// An argument of a message as text: strings as they are, integers in decimal.
[[nodiscard]] inline std::string message_text(std::string_view text) {
    return std::string(text);
}

template <class Integer,
          std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool> &&
                               !std::is_same_v<Integer, char>,
                           int> = 0>
[[nodiscard]] std::string message_text(Integer number) {
    return std::to_string(number);
}

// Error and conformance messages: each "{}" of `pattern` is replaced by the next
// argument, "{{" and "}}" by a brace. That is all of fmt's syntax the messages use,
// and this writes what fmt::format writes for them (tests compare the two), so the
// library needs nlohmann/json alone and leaves fmt to the CLI; a unit that includes
// the umbrella also no longer parses fmt's header (about 35 ms of the 2 s that
// <nlohmann/json.hpp> takes, issue 6, target 6). Throws std::out_of_range when the
// pattern has more "{}" than arguments, where fmt::format throws format_error.
template <class... Args>
[[nodiscard]] std::string format_message(std::string_view pattern, const Args&... args) {
    const std::array<std::string, sizeof...(Args)> texts{message_text(args)...};
    std::string out;
    out.reserve(pattern.size() + 32 * sizeof...(Args));
    std::size_t next = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        const char following = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
        if ((c == '{' || c == '}') && following == c) {
            out.push_back(c);
            ++i;
        } else if (c == '{' && following == '}') {
            out.append(texts.at(next++));
            ++i;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
