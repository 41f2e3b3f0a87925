// The CLI's bytes-to-result path, shared by profile-merge and its fuzzer: JSON
// text in (with the file, line and column of any error), a result object out.
// Both link json_text.cpp, which parses the text and writes result lines.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <profile_merge/profile_merge.hpp>
#include <profile_merge/testing/conformance.hpp>

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

// Parses JSON text; a syntax error or excessive nesting becomes an input_error
// naming the source, line and column. Defined in json_text.cpp, with the writing
// of result lines: see there why JSON text has a translation unit of its own.
// `source` names the text in messages; a batch passes "line" and the line's number
// (the name is formatted only for a message).
json parse_json(const std::string& text, std::string_view source, std::size_t line_number = 0);

// Appends pm::append_json(r, extra) to `out` (one compact result line, no newline).
void append_result_line(std::string& out, const pm::operation_result& r, const json& extra);

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
// (append_json), never built as a second document.
// `new_id` makes the id of a profile a PUT creates; only put_profile lines call it.
// `policy` is the policy of a profile operation that names none of its own.
inline bool run_batch_line(const std::string& line, std::size_t number, const std::string& now,
                           const std::function<std::string()>& new_id, std::string& out,
                           const pm::policy& policy = {}) {
    json reply(json::value_t::object);  // line and id: what the result line adds
    reply.emplace("line", number);
    // Lines that are not an entity operation's result are written from `reply`.
    const auto write_reply = [&] {
        out += reply.dump(-1, ' ', false, json::error_handler_t::replace);
    };
    const auto fail = [&](const char* code, std::string message) {
        reply["error"] = {{"code", code}, {"message", std::move(message)}};
        write_reply();
        return true;
    };
    json operation;
    try {
        operation = parse_json(line, "line", number);
    } catch (const input_error& e) {
        return fail("malformed_json", e.message);
    }
    const json* op_member = nullptr;  // stays valid: map nodes do not move
    if (operation.is_object()) {
        auto& members = operation.get_ref<json::object_t&>();
        members.try_emplace("now", now);
        if (const auto op = members.find("op"); op != members.end()) {
            op_member = &op->second;
            if (op_member->is_string() && op_member->get_ref<const std::string&>() == "put_profile")
                members.try_emplace("new_id", new_id());
        }
    }
    const auto problems = pm::operation_format_problems(operation);  // its messages name the id
    if (operation.is_object()) {  // then nothing reads the id: it moves to the reply
        auto& members = operation.get_ref<json::object_t&>();
        if (const auto id = members.find("id"); id != members.end())
            reply.emplace("id", std::move(id->second));
    }
    if (!problems.empty())
        return fail("malformed_operation", problems.front());
    const std::string_view op = op_member->get_ref<const std::string&>();  // checked: a string
    if (pm::is_entity_operation(op)) {  // the stored entity is moved through, never copied
        append_result_line(out, pm::run_entity_operation(std::move(operation), policy), reply);
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
