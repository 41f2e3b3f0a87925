// The CLI's JSON text: parsing input and writing result lines (append_json), in a
// translation unit of their own.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <profile_merge/profile_merge.hpp>

#include "cli_core.hpp"

namespace profile_merge_cli {

namespace {

// Line and column (1-based) of a byte offset, for JSON error messages.
std::pair<std::size_t, std::size_t> line_and_column(const std::string& text, std::size_t offset) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

// A message that is safe to print and to put in JSON: nlohmann's messages are ASCII
// but quote the offending input, which may not be UTF-8, so its other bytes become
// '?'. The "[json.exception.parse_error.101] parse error at line 1, column 2: "
// prefix goes.
std::string printable(std::string message) {
    if (const auto colon = message.find(": ", message.find("] "));
        colon != std::string::npos && message.rfind("[json.exception", 0) == 0) {
        message = message.substr(colon + 2);
    }
    for (char& c : message) {
        if (static_cast<unsigned char>(c) >= 0x80)
            c = '?';
    }
    return message;
}

// The offset at which `text` first nests deeper than `limit` levels, or npos: read
// from the text, so that a hostile document is refused before any tree is built.
// Brackets inside strings do not count.
std::size_t offset_deeper_than(const std::string& text, std::size_t limit) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) {
                return i;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::string::npos;
}
}  // namespace

json parse_json(const std::string& text, std::string_view source_kind, std::size_t line_number) {
    const auto source = [&] {
        return line_number == 0 ? std::string(source_kind)
                                : fmt::format("{} {}", source_kind, line_number);
    };
    // nlohmann's lexer takes a NUL byte for the end of the input and ignores the rest.
    if (const auto nul = text.find('\0'); nul != std::string::npos) {
        const auto [line, column] = line_and_column(text, nul);
        throw input_error{
            fmt::format("{}:{}:{}: malformed JSON: a NUL byte", source(), line, column)};
    }
    // Each level of nesting takes an opening and a closing bracket: shorter text
    // cannot nest too deep, and most batch lines skip the scan.
    if (text.size() / 2 > max_input_depth) {
        if (const auto at = offset_deeper_than(text, max_input_depth); at != std::string::npos) {
            const auto [line, column] = line_and_column(text, at);
            throw input_error{fmt::format("{}:{}:{}: JSON nested deeper than {} levels", source(),
                                          line, column, max_input_depth)};
        }
    }
    json value;
    try {
        value = json::parse(text);
    } catch (const json::parse_error& e) {
        const auto [line, column] = line_and_column(text, e.byte == 0 ? 0 : e.byte - 1);
        throw input_error{fmt::format("{}:{}:{}: malformed JSON: {}", source(), line, column,
                                      printable(e.what()))};
    } catch (const json::exception& e) {  // e.g. out_of_range: a number like 1e999
        throw input_error{fmt::format("{}: malformed JSON: {}", source(), printable(e.what()))};
    }
    return value;
}

void append_result_line(std::string& out, const pm::operation_result& r, const json& extra) {
    pm::append_json(out, r, extra);
}

}  // namespace profile_merge_cli
