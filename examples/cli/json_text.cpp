// The CLI's JSON text: parsing input and writing result lines. nlohmann's lexer and
// the result writer (append_json) are compiled here, in a translation unit of their
// own, because GCC compiles them worse next to the rules: in one unit with the whole
// CLI it left the lexer's get() out of line, and a batch line's parse took 17% longer
// than in a plain parse-and-dump program (issue 6, target 7; measured with callgrind).
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

// A message that is safe to print and to put in JSON: nlohmann's messages quote
// the offending input, which may not be UTF-8; such bytes become '?'. The
// "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix goes.
std::string printable(std::string message) {
    if (const auto colon = message.find(": ", message.find("] "));
        colon != std::string::npos && message.rfind("[json.exception", 0) == 0) {
        message = message.substr(colon + 2);
    }
    if (!pm::detail::is_utf8(message)) {
        for (char& c : message) {
            if (static_cast<unsigned char>(c) >= 0x80)
                c = '?';
        }
    }
    return message;
}

// Whether `value` nests deeper than `limit` levels. Iterative, so a hostile
// document is measured without recursion; only containers are stacked, and their
// members are read through the underlying map and vector.
bool nests_deeper_than(const json& value, std::size_t limit) {
    if (!value.is_structured())
        return false;
    std::vector<std::pair<const json*, std::size_t>> stack{{&value, 1}};
    const auto push_containers = [&stack](const json& child, std::size_t depth) {
        if (child.is_structured())
            stack.emplace_back(&child, depth);
    };
    while (!stack.empty()) {
        const auto [node, depth] = stack.back();
        stack.pop_back();
        if (depth > limit)
            return true;
        if (node->is_object()) {
            for (const auto& member : node->get_ref<const json::object_t&>())
                push_containers(member.second, depth + 1);
        } else {
            for (const json& element : node->get_ref<const json::array_t&>())
                push_containers(element, depth + 1);
        }
    }
    return false;
}

}  // namespace

// nlohmann's parser and destructor are iterative, so the depth is checked after
// parsing (a per-token parse callback would cost more than the walk).
json parse_json(const std::string& text, std::string_view source_kind, std::size_t line_number) {
    const auto source = [&] {
        return line_number == 0 ? std::string(source_kind)
                                : fmt::format("{} {}", source_kind, line_number);
    };
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
    // Each level of nesting takes an opening and a closing bracket: shorter text
    // cannot nest too deep, and most batch lines skip the walk.
    if (text.size() / 2 > max_input_depth && nests_deeper_than(value, max_input_depth)) {
        throw input_error{
            fmt::format("{}: JSON nested deeper than {} levels", source(), max_input_depth)};
    }
    return value;
}

void append_result_line(std::string& out, const pm::operation_result& r, const json& extra) {
    pm::append_json(out, r, extra);
}

}  // namespace profile_merge_cli
