// The CLI's bytes-to-result path, shared by profile-merge and its fuzzer: JSON
// text in (with the file, line and column of any error), a result object out.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <profile_merge/profile_merge.hpp>

namespace profile_merge_cli {

namespace pm = profile_merge;
using nlohmann::json;

// Deep enough for any real profile; shallow enough that nothing recursive in
// nlohmann/json (copy, compare, dump) can exhaust the stack on hostile input.
inline constexpr std::size_t max_input_depth = 512;

// An input problem: unreadable file, malformed JSON. Reported with exit status 2.
struct input_error {
    std::string message;
};

// Line and column (1-based) of a byte offset, for JSON error messages.
inline std::pair<std::size_t, std::size_t> line_and_column(const std::string& text,
                                                           std::size_t offset) {
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
inline std::string printable(std::string message) {
    if (const auto colon = message.find(": ", message.find("] "));
        colon != std::string::npos && message.rfind("[json.exception", 0) == 0) {
        message = message.substr(colon + 2);
    }
    if (!pm::detail::utf8_length(message)) {
        for (char& c : message) {
            if (static_cast<unsigned char>(c) >= 0x80)
                c = '?';
        }
    }
    return message;
}

// Whether `value` nests deeper than `limit` levels. Iterative, so a hostile
// document is measured without recursion; only containers are stacked, and their
// members are read through the underlying map and vector (every batch line pays
// for this walk).
inline bool nests_deeper_than(const json& value, std::size_t limit) {
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

// Parses JSON text; a syntax error or excessive nesting becomes an input_error
// naming the source, line and column. nlohmann's parser and destructor are
// iterative, so the depth is checked after parsing (a per-token parse callback
// would cost more than the walk).
inline json parse_json(const std::string& text, const std::string& source) {
    json value;
    try {
        value = json::parse(text);
    } catch (const json::parse_error& e) {
        const auto [line, column] = line_and_column(text, e.byte == 0 ? 0 : e.byte - 1);
        throw input_error{
            fmt::format("{}:{}:{}: malformed JSON: {}", source, line, column, printable(e.what()))};
    } catch (const json::exception& e) {  // e.g. out_of_range: a number like 1e999
        throw input_error{fmt::format("{}: malformed JSON: {}", source, printable(e.what()))};
    }
    if (nests_deeper_than(value, max_input_depth)) {
        throw input_error{
            fmt::format("{}: JSON nested deeper than {} levels", source, max_input_depth)};
    }
    return value;
}

// The result of parsing a query: {outcome: ok|invalid, query?, errors}.
inline json query_result(const pm::query_parse_result& parsed) {
    json out{{"outcome", parsed.ok() ? "ok" : "invalid"}, {"errors", json::array()}};
    if (parsed.ok()) {
        out["query"] = pm::to_json(*parsed.query);
    }
    for (const auto& e : parsed.errors) {
        out["errors"].push_back(pm::to_json(e));
    }
    return out;
}

// Runs one batch line and appends its result line (no newline) to `out`: the
// result object, or an error object for a bad line. True when the line was bad.
// An entity operation's result is written straight from the operation_result
// (append_json), never built as a second document (issue 6, target 7).
inline bool run_batch_line(const std::string& line, std::size_t number, const std::string& now,
                           const std::string& new_id, std::string& out) {
    json reply(json::value_t::object);  // line and id: what the result line adds
    reply.emplace("line", number);
    // Lines that are not an entity operation's result are written from `reply`.
    const auto write_reply = [&] { out += pm::detail::dump_compact(reply); };
    const auto fail = [&](const char* code, std::string message) {
        reply["error"] = {{"code", code}, {"message", std::move(message)}};
        write_reply();
        return true;
    };
    json operation;
    try {
        operation = parse_json(line, fmt::format("line {}", number));
    } catch (const input_error& e) {
        return fail("malformed_json", e.message);
    }
    if (operation.is_object()) {
        auto& members = operation.get_ref<json::object_t&>();
        members.try_emplace("now", now);
        const auto op = members.find("op");
        if (op != members.end() && op->second.is_string() &&
            op->second.get_ref<const std::string&>() == "put_profile") {
            members.try_emplace("new_id", new_id);
        }
        if (const auto id = members.find("id"); id != members.end())
            reply.emplace("id", id->second);
    }
    const auto problems = pm::operation_format_problems(operation);
    if (!problems.empty())
        return fail("malformed_operation", problems.front());
    const std::string op = operation["op"].get<std::string>();
    if (pm::is_entity_operation(op)) {  // the stored entity is moved through, never copied
        pm::append_json(out, pm::run_entity_operation(std::move(operation)), reply);
        return false;
    }
    if (op == "parse_identifier_query") {
        reply.update(
            query_result(pm::parse_identifier_query(operation["query"].get<std::string>())));
    } else {
        const auto name = pm::derive_profile_name(operation["identifiers"]);
        reply["outcome"] = "ok";
        reply["name"] = name ? json(*name) : json(nullptr);
    }
    write_reply();
    return false;
}

}  // namespace profile_merge_cli
