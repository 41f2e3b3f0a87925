// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

// A message pattern known at compile time, for format_message and the functions
// that record errors (the way FMT_STRING carries a literal in C++17).
#define PROFILE_MERGE_PATTERN(literal)                                              \
    [] {                                                                            \
        struct message_pattern {                                                    \
            static constexpr std::string_view text() noexcept { return (literal); } \
        };                                                                          \
        return message_pattern{};                                                   \
    }()

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

// The number of "{}" in a message pattern; -1 when a brace stands alone ("{{" and
// "}}" are braces). All of fmt's syntax the messages use.
[[nodiscard]] constexpr int placeholder_count(std::string_view pattern) noexcept {
    int count = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c != '{' && c != '}') {
            continue;
        }
        const char following = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
        if (following == c) {
            ++i;  // an escaped brace
        } else if (c == '{' && following == '}') {
            ++count;
            ++i;
        } else {
            return -1;
        }
    }
    return count;
}

// Each "{}" of `pattern` replaced by the next of `texts`, "{{" and "}}" by a brace, as
// fmt::format writes them (tests compare the two). `pattern` has no lone brace and at
// most N "{}": format_message checks that when it compiles.
template <std::size_t N>
[[nodiscard]] std::string substitute(std::string_view pattern,
                                     const std::array<std::string, N>& texts) {
    std::string out;
    out.reserve(pattern.size() + 32 * N);
    std::size_t next = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '{' && pattern[i + 1] == '}') {
            out.append(texts[next++]);
        } else {
            out.push_back(c);
        }
        i += c == '{' || c == '}' ? 1 : 0;  // the brace's pair
    }
    return out;
}

// Error and conformance messages. The pattern is a PROFILE_MERGE_PATTERN, so one whose
// "{}" and arguments disagree does not compile; the library needs nlohmann/json alone.
template <class Pattern, class... Args>
[[nodiscard]] std::string format_message(Pattern /*pattern*/, const Args&... args) {
    static_assert(placeholder_count(Pattern::text()) == static_cast<int>(sizeof...(Args)),
                  "a message pattern's {} and its arguments disagree");
    return substitute(Pattern::text(),
                      std::array<std::string, sizeof...(Args)>{message_text(args)...});
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
