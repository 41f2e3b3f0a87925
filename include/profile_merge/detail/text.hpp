// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace profile_merge {
inline namespace v1 {
namespace detail {

// Loads of 8, 4 and 2 bytes that compile to single moves (no call, any alignment).
[[nodiscard]] inline std::uint64_t load_8_bytes(const char* p) noexcept {
    std::uint64_t word = 0;
    std::memcpy(&word, p, sizeof word);
    return word;
}
[[nodiscard]] inline std::uint32_t load_4_bytes(const char* p) noexcept {
    std::uint32_t word = 0;
    std::memcpy(&word, p, sizeof word);
    return word;
}
[[nodiscard]] inline std::uint16_t load_2_bytes(const char* p) noexcept {
    std::uint16_t word = 0;
    std::memcpy(&word, p, sizeof word);
    return word;
}

// For tests of eight bytes at once: a 1 in every byte, and every byte's high bit.
inline constexpr std::uint64_t byte_ones = 0x0101010101010101ULL;
inline constexpr std::uint64_t byte_highs = 0x8080808080808080ULL;

// Whether a word has a zero byte; `has_zero_byte(word ^ (byte_ones * c))` finds byte c.
[[nodiscard]] constexpr bool has_zero_byte(std::uint64_t word) noexcept {
    return ((word - byte_ones) & ~word & byte_highs) != 0;
}

// Whether the n bytes at a and at b are the same, read as overlapping words (no
// byte loop): the keys of entities are short.
[[nodiscard]] inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8) {
            if (load_8_bytes(a + i) != load_8_bytes(b + i)) {
                return false;
            }
        }
        return load_8_bytes(a + n - 8) == load_8_bytes(b + n - 8);
    }
    if (n >= 4) {
        return load_4_bytes(a) == load_4_bytes(b) &&
               load_4_bytes(a + n - 4) == load_4_bytes(b + n - 4);
    }
    if (n >= 2) {
        return load_2_bytes(a) == load_2_bytes(b) && a[n - 1] == b[n - 1];
    }
    return n == 0 || a[0] == b[0];
}

// Whether two texts are the same, by same_bytes.
[[nodiscard]] inline bool same_text(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && same_bytes(a.data(), b.data(), a.size());
}

// Whether `plain_word` holds for every word of `text`, read eight bytes at a time
// with the last word overlapping the one before it. A shorter text is read as two
// overlapping halves, the bytes it lacks taken from `filler` (bytes that pass), so
// nothing loops byte by byte.
template <class WordTest>
[[nodiscard]] bool every_word_passes(std::string_view text, std::uint64_t filler,
                                     WordTest plain_word) noexcept {
    const char* const p = text.data();
    const std::size_t n = text.size();
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 <= n; i += 8) {
            if (!plain_word(load_8_bytes(p + i))) {
                return false;
            }
        }
        return plain_word(load_8_bytes(p + n - 8));
    }
    std::uint64_t word = filler;
    if (n >= 4) {
        word = load_4_bytes(p) | (std::uint64_t{load_4_bytes(p + n - 4)} << 32);
    } else if (n >= 2) {
        word = (filler << 32) | load_2_bytes(p) | (std::uint64_t{load_2_bytes(p + n - 2)} << 16);
    } else if (n == 1) {
        word = (filler << 8) | static_cast<unsigned char>(p[0]);
    }
    return plain_word(word);
}

// The length in bytes of the well-formed UTF-8 sequence at text[i] (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0 when it is ill-formed.
[[nodiscard]] inline std::size_t utf8_sequence_length(std::string_view text,
                                                      std::size_t i) noexcept {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead < 0x80) {
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        extra = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        extra = 2;
        if (lead == 0xE0)
            low = 0xA0;  // overlong
        if (lead == 0xED)
            high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        extra = 3;
        if (lead == 0xF0)
            low = 0x90;  // overlong
        if (lead == 0xF4)
            high = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (text.size() - i <= extra) {
        return 0;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
        const auto c = static_cast<unsigned char>(text[i + k]);
        if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xBF)) {
            return 0;
        }
    }
    return extra + 1;
}

// Whether every byte of `text` is ASCII.
[[nodiscard]] inline bool is_ascii(std::string_view text) noexcept {
    return every_word_passes(text, 0, [](std::uint64_t w) { return (w & byte_highs) == 0; });
}

// utf8_length's count for text with a non-ASCII byte, or npos when it is ill-formed.
[[nodiscard]] inline std::size_t utf8_count_slow(std::string_view text) noexcept {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n && static_cast<unsigned char>(text[i]) < 0x80) {
        ++i;
    }
    std::size_t count = i;
    while (i < n) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            return std::string_view::npos;
        }
        i += length;
        ++count;
    }
    return count;
}

// Whether `text` is well-formed UTF-8. Every string that reaches an entity passes
// through here first: nlohmann's dump() throws on ill-formed strings.
[[nodiscard]] inline bool is_utf8(std::string_view text) noexcept {
    return is_ascii(text) || utf8_count_slow(text) != std::string_view::npos;
}

// The number of code points in well-formed UTF-8 (G9 counts characters); nullopt
// for anything else.
[[nodiscard]] inline std::optional<std::size_t> utf8_length(std::string_view text) noexcept {
    const std::size_t count = is_ascii(text) ? text.size() : utf8_count_slow(text);
    if (count == std::string_view::npos) {
        return std::nullopt;
    }
    return count;
}

// `text` with every ill-formed byte replaced by U+FFFD, for reports about input
// that could not be stored (a report must itself be valid JSON).
[[nodiscard]] inline std::string to_well_formed_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            out.append("\xEF\xBF\xBD");
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

// The code point of the well-formed sequence of `length` bytes at text[i].
[[nodiscard]] inline char32_t code_point_at(std::string_view text, std::size_t i,
                                            std::size_t length) noexcept {
    const auto byte = [&](std::size_t k) {
        return static_cast<char32_t>(static_cast<unsigned char>(text[i + k]));
    };
    switch (length) {
        case 1:
            return byte(0);
        case 2:
            return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
        case 3:
            return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
        default:
            return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) |
                   (byte(3) & 0x3F);
    }
}

// Calls `visit(code point)` for each code point of `text` until it returns false.
// False when `text` is ill-formed UTF-8 or a visit said stop.
template <class Visit>
[[nodiscard]] bool each_code_point(std::string_view text, Visit visit) {
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {  // ASCII is its own code point
            if (!visit(char32_t{byte})) {
                return false;
            }
            ++i;
            continue;
        }
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0 || !visit(code_point_at(text, i, length))) {
            return false;
        }
        i += length;
    }
    return true;
}

// G12: C0 controls, DEL and C1 controls.
[[nodiscard]] constexpr bool is_control(char32_t c) noexcept {
    return c <= 0x1F || (c >= 0x7F && c <= 0x9F);
}

// E4, E7, G12: Unicode's White_Space property.
[[nodiscard]] constexpr bool is_white_space(char32_t c) noexcept {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

// G12: general category Cf (format characters), Unicode 15.
[[nodiscard]] constexpr bool is_format_character(char32_t c) noexcept {
    return c == 0xAD || (c >= 0x600 && c <= 0x605) || c == 0x61C || c == 0x6DD || c == 0x70F ||
           c == 0x890 || c == 0x891 || c == 0x8E2 || c == 0x180E || (c >= 0x200B && c <= 0x200F) ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
           (c >= 0x2066 && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB) ||
           c == 0x110BD || c == 0x110CD || (c >= 0x13430 && c <= 0x1343F) ||
           (c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A) || c == 0xE0001 ||
           (c >= 0xE0020 && c <= 0xE007F);
}

// E4: what a blank name consists of: White_Space and the zero-width characters.
[[nodiscard]] constexpr bool is_blank_character(char32_t c) noexcept {
    return is_white_space(c) || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

// G12: well-formed UTF-8 without a control character (identifier values, email,
// phone, URLs).
[[nodiscard]] inline bool is_control_free_text(std::string_view text) {
    return each_code_point(text, [](char32_t c) { return !is_control(c); });
}

// G12: well-formed UTF-8 without control, White_Space or format characters
// (source, type, identifier type: names that look alike must be alike).
[[nodiscard]] inline bool is_identifying_text(std::string_view text) {
    return each_code_point(text, [](char32_t c) {
        return !is_control(c) && !is_white_space(c) && !is_format_character(c);
    });
}

// Whether `word` is `shape` with each '0' of it any digit: each byte of word ^ shape
// is below 16, and below 10 ('0') or 0 (any other byte of the shape) by `bound`.
[[nodiscard]] inline bool fits_shape(std::uint64_t word, const char (&shape)[9],
                                     const char (&bound)[9]) noexcept {
    const std::uint64_t x = word ^ load_8_bytes(shape);
    return ((x | (x + load_8_bytes(bound))) & (byte_ones * 0xF0)) == 0;
}

// G2: an RFC 3339 UTC time, YYYY-MM-DDTHH:MM:SS[.fraction]Z, a real calendar date,
// seconds 00-60 (a leap second). Every operation checks `now`: its first 19 bytes
// are read as three words.
[[nodiscard]] inline bool is_rfc3339_utc(std::string_view t) noexcept {
    constexpr std::size_t fixed = 19;  // up to the seconds
    if (t.size() < fixed + 1 ||
        !fits_shape(load_8_bytes(t.data()), "0000-00-", "\6\6\6\6\17\6\6\17") ||
        !fits_shape(load_8_bytes(t.data() + 8), "00T00:00", "\6\6\17\6\6\17\6\6") ||
        !fits_shape(load_8_bytes(t.data() + 11), "00:00:00", "\6\6\17\6\6\17\6\6")) {
        return false;
    }
    std::size_t end = fixed;
    if (t[end] == '.') {
        const std::size_t first = ++end;
        while (end < t.size() && t[end] >= '0' && t[end] <= '9') {
            ++end;
        }
        if (end == first) {
            return false;
        }
    }
    if (end + 1 != t.size() || t[end] != 'Z') {
        return false;
    }
    const auto number = [&](std::size_t at, std::size_t n) {
        int out = 0;
        for (std::size_t k = at; k < at + n; ++k) {
            out = out * 10 + (t[k] - '0');
        }
        return out;
    };
    const int year = number(0, 4);
    const int month = number(5, 2);
    const int day = number(8, 2);
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    constexpr int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month >= 1 && month <= 12 && day >= 1 &&
           day <= month_days[month - 1] + (month == 2 && leap ? 1 : 0) && number(11, 2) <= 23 &&
           number(14, 2) <= 59 && number(17, 2) <= 60;
}

// N1, Q5: ASCII A-Z only, never locale-dependent.
[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline void ascii_lower_in_place(std::string& text) noexcept {
    for (char& c : text) {
        c = ascii_lower(c);
    }
}

[[nodiscard]] constexpr bool is_ascii_alphanumeric(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// The value of a hexadecimal digit, or -1.
[[nodiscard]] constexpr int hex_digit_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Whether `token` goes into a JSON Pointer as it is: ASCII, without '~' or '/'.
[[nodiscard]] inline bool is_plain_pointer_token(std::string_view token) noexcept {
    return every_word_passes(token, 0, [](std::uint64_t w) {
        return (w & byte_highs) == 0 && !has_zero_byte(w ^ (byte_ones * '~')) &&
               !has_zero_byte(w ^ (byte_ones * '/'));
    });
}

// A JSON Pointer being built, held inline up to a size that any usual path fits:
// the planners extend and cut one per request member, and copy it only into the
// report. A longer one moves to the heap once.
class pointer_buffer {
public:
    pointer_buffer() = default;
    pointer_buffer(const pointer_buffer&) = delete;
    pointer_buffer& operator=(const pointer_buffer&) = delete;
    ~pointer_buffer() = default;

    pointer_buffer& operator=(std::string_view text) {
        resize(0);
        append(text.data(), text.size());
        return *this;
    }
    void append(const char* text, std::size_t size) {
        if (heap_.empty() && size_ + size <= inline_.size()) {
            std::memcpy(inline_.data() + size_, text, size);
        } else {
            if (heap_.empty()) {
                heap_.assign(inline_.data(), size_);
            }
            heap_.append(text, size);
        }
        size_ += size;
    }
    void push_back(char c) { append(&c, 1); }
    void pop_back() noexcept { resize(size_ - 1); }
    void resize(std::size_t size) noexcept {  // only ever shorter
        size_ = size;
        if (!heap_.empty()) {
            heap_.resize(size);
        }
    }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::string_view view() const noexcept {
        return {heap_.empty() ? inline_.data() : heap_.data(), size_};
    }
    // NOLINTNEXTLINE(google-explicit-constructor): read as the text it holds
    operator std::string_view() const noexcept { return view(); }

private:
    std::array<char, 240>
        inline_;        // NOLINT(cppcoreguidelines-pro-type-member-init): size_ says what is set
    std::string heap_;  // in use once not empty
    std::size_t size_ = 0;
};

// Appends "/" and `token` to a JSON Pointer (RFC 6901): "~" becomes "~0" and "/"
// becomes "~1". Change reports write a pointer per changed member, so this is on
// PATCH's hot path; a key that could never be stored still gets a printable pointer.
// `Pointer` is a std::string or a pointer_buffer.
template <class Pointer>
void append_pointer_token(Pointer& pointer, std::string_view token) {
    const bool plain = is_plain_pointer_token(token);
    pointer.push_back('/');
    if (plain) {
        pointer.append(token.data(), token.size());
        return;
    }
    if (!is_utf8(token)) {
        const std::string well_formed = to_well_formed_utf8(token);
        pointer.pop_back();
        append_pointer_token(pointer, well_formed);
        return;
    }
    for (const char c : token) {
        if (c == '~') {
            pointer.append("~0", 2);
        } else if (c == '/') {
            pointer.append("~1", 2);
        } else {
            pointer.push_back(c);
        }
    }
}

template <class Pointer>
void append_pointer_token(Pointer& pointer, std::size_t index) {
    char digits[20];
    std::size_t n = 0;
    do {
        digits[n++] = static_cast<char>('0' + index % 10);
        index /= 10;
    } while (index != 0);
    pointer.push_back('/');
    while (n != 0) {
        pointer.push_back(digits[--n]);
    }
}

// The member name a JSON Pointer token stands for ("~1" is "/", "~0" is "~"): the
// token itself when it has no escape, else its text unescaped into `scratch`.
[[nodiscard]] inline std::string_view unescape_token(std::string_view token, std::string& scratch) {
    if (token.find('~') == std::string_view::npos) {
        return token;
    }
    scratch.clear();
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size()) {
            scratch.push_back(token[++i] == '1' ? '/' : '~');
        } else {
            scratch.push_back(token[i]);
        }
    }
    return scratch;
}

// A JSON Pointer one token deeper, as a new string.
[[nodiscard]] inline std::string pointer_append(std::string_view base, std::string_view token) {
    std::string out;
    out.reserve(base.size() + 1 + token.size());
    out.append(base);
    append_pointer_token(out, token);
    return out;
}

[[nodiscard]] inline std::string pointer_append(std::string_view base, std::size_t index) {
    std::string out(base);
    append_pointer_token(out, index);
    return out;
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
