// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/text.hpp"

namespace profile_merge {
inline namespace v1 {
namespace detail {

// Whether `text` goes into a JSON string as it is: no control character, quote,
// backslash or byte above 0x7F. The scalar definition; is_plain_json_text is the
// same test eight bytes at a time (tests compare the two).
[[nodiscard]] inline bool is_plain_json_text_scalar(std::string_view text) noexcept {
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\';
    });
}

// Every string and key a result writes passes this test (missing bytes of a short
// text are 'a's, which pass).
[[nodiscard]] inline bool is_plain_json_text(std::string_view text) noexcept {
    return every_word_passes(text, byte_ones * 'a', [](std::uint64_t w) {
        const bool has_control = ((w - byte_ones * 0x20) & ~w & byte_highs) != 0;  // below 0x20
        return (w & byte_highs) == 0 && !has_control && !has_zero_byte(w ^ (byte_ones * '"')) &&
               !has_zero_byte(w ^ (byte_ones * '\\'));
    });
}

// Writes compact JSON text: byte for byte what nlohmann's
// dump(-1, ' ', false, error_handler_t::replace) writes, at a fraction of its cost
// (results are most of what a batch writes). Output goes through a buffer on the
// stack, so a character costs a store; flush() hands it to the string. Strings that
// need no escape are copied whole, and other well-formed ones are escaped here;
// numbers with a fraction, ill-formed UTF-8, binary values and discarded values are
// rare, and are left to dump().
template <class Json>
class compact_json_writer {
public:
    explicit compact_json_writer(std::string& out) noexcept : out_(out) {}
    compact_json_writer(const compact_json_writer&) = delete;
    compact_json_writer& operator=(const compact_json_writer&) = delete;
    // Not flushed here: a flush may throw, and a writer left by an exception
    // writes nothing more.
    ~compact_json_writer() = default;

    void put(char c) {
        if (used_ == sizeof buffer_) {
            flush();
        }
        buffer_[used_++] = c;
    }

    void put(std::string_view text) {
        if (text.size() > sizeof buffer_ - used_) {
            flush();
            if (text.size() > sizeof buffer_) {
                out_.append(text);
                return;
            }
        }
        std::memcpy(buffer_ + used_, text.data(), text.size());
        used_ += text.size();
    }

    // `text` as a JSON string.
    void string(std::string_view text) {
        if (!is_plain_json_text(text)) {
            escaped_string(text);
            return;
        }
        put('"');
        put(text);
        put('"');
    }

    // Iterative: entities from elsewhere may nest deeper than a recursion could (G13).
    void value(const Json& root) {
        if (!root.is_structured()) {
            scalar(root);
            return;
        }
        std::vector<frame> stack;
        open(root, stack);
        while (!stack.empty()) {
            frame& top = stack.back();
            const Json* next = nullptr;
            if (top.object) {
                if (top.member == top.members_end) {
                    put('}');
                    stack.pop_back();
                    continue;
                }
                if (top.member != top.members_begin) {
                    put(',');
                }
                string(top.member->first);
                put(':');
                next = &(top.member++)->second;
            } else {
                if (top.element == top.elements_end) {
                    put(']');
                    stack.pop_back();
                    continue;
                }
                if (top.element != top.elements_begin) {
                    put(',');
                }
                next = &*top.element++;
            }
            if (next->is_structured()) {
                open(*next, stack);  // `top` may move: it is not used again
            } else {
                scalar(*next);
            }
        }
    }

    template <class Integer>
    void integer(Integer number) {
        char digits[24];
        const auto written = std::to_chars(digits, digits + sizeof digits, number);
        put(std::string_view(digits, static_cast<std::size_t>(written.ptr - digits)));
    }

    // A double as dump() writes it (the shortest text that reads back the same, null
    // for a non-finite one), through nlohmann's public API: numbers with a fraction
    // are rare in profiles.
    void floating(double number) {
        flush();
        out_.append(Json(number).dump());
    }

    void flush() {
        out_.append(buffer_, used_);
        used_ = 0;
    }

private:
    struct frame {
        bool object;
        typename Json::object_t::const_iterator members_begin, member, members_end;
        typename Json::array_t::const_iterator elements_begin, element, elements_end;
    };

    void open(const Json& container, std::vector<frame>& stack) {
        frame f{};
        f.object = container.is_object();
        if (f.object) {
            const auto& members = container.template get_ref<const typename Json::object_t&>();
            f.members_begin = f.member = members.begin();
            f.members_end = members.end();
        } else {
            const auto& elements = container.template get_ref<const typename Json::array_t&>();
            f.elements_begin = f.element = elements.begin();
            f.elements_end = elements.end();
        }
        stack.push_back(f);
        put(f.object ? '{' : '[');
    }

    void scalar(const Json& v) {
        switch (v.type()) {
            case nlohmann::json::value_t::string:
                string(v.template get_ref<const typename Json::string_t&>());
                return;
            case nlohmann::json::value_t::boolean:
                put(v.template get<bool>() ? std::string_view("true") : std::string_view("false"));
                return;
            case nlohmann::json::value_t::number_integer:
                integer(v.template get<typename Json::number_integer_t>());
                return;
            case nlohmann::json::value_t::number_unsigned:
                integer(v.template get<typename Json::number_unsigned_t>());
                return;
            case nlohmann::json::value_t::number_float:
                floating(v.template get<typename Json::number_float_t>());
                return;
            case nlohmann::json::value_t::null:
                put(std::string_view("null"));
                return;
            default:  // binary, discarded
                with_nlohmann(v);
                return;
        }
    }

    // A string with something to escape, or bytes above 0x7F. Well-formed UTF-8 is
    // written as it is (dump() without ensure_ascii), and only control characters,
    // quote and backslash are escaped, as dump() escapes them.
    void escaped_string(std::string_view text) {
        if (!is_utf8(text)) {
            with_nlohmann(Json(text));  // the error handler's replacements
            return;
        }
        put('"');
        std::size_t run = 0;  // start of the bytes not yet written
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            put(text.substr(run, i - run));
            run = i + 1;
            put('\\');
            switch (c) {
                case '"':
                case '\\':
                    put(static_cast<char>(c));
                    break;
                case '\b':
                    put('b');
                    break;
                case '\t':
                    put('t');
                    break;
                case '\n':
                    put('n');
                    break;
                case '\f':
                    put('f');
                    break;
                case '\r':
                    put('r');
                    break;
                default: {
                    constexpr std::string_view hex = "0123456789abcdef";
                    put(std::string_view("u00"));
                    put(hex[c >> 4]);
                    put(hex[c & 0xF]);
                }
            }
        }
        put(text.substr(run));
        put('"');
    }

    void with_nlohmann(const Json& v) {
        flush();
        out_.append(v.dump(-1, ' ', false, Json::error_handler_t::replace));
    }

    std::string& out_;
    std::size_t used_ = 0;
    char buffer_[512];
};

// Appends `value` as compact JSON text with invalid UTF-8 replaced by U+FFFD: how
// results, reports and conformance messages print JSON (strict dump() would throw
// on such bytes). The bytes are dump(-1, ' ', false, error_handler_t::replace)'s.
inline void append_compact(std::string& out, const nlohmann::json& value) {
    compact_json_writer<nlohmann::json> writer(out);
    writer.value(value);
    writer.flush();
}

// The same, as a string of its own.
[[nodiscard]] inline std::string dump_compact(const nlohmann::json& value) {
    std::string out;
    append_compact(out, value);
    return out;
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
