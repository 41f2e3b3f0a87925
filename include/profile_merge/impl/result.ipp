// SPDX-License-Identifier: MIT
// The definitions of profile_merge/result.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <algorithm>
#include <array>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "profile_merge/detail/compact_json.hpp"
#include "profile_merge/detail/json_value.hpp"
#include "profile_merge/result.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {

// A string member taken from `r`: moved when `r` is an rvalue, else copied.
template <class Result, class Text>
[[nodiscard]] decltype(auto) take(Text& text) {
    if constexpr (std::is_lvalue_reference_v<Result>) {
        return static_cast<const Text&>(text);
    } else {
        return std::move(text);
    }
}

// Shared by both to_json overloads: the entity and the strings are copied or moved
// as `r` allows. Members are emplaced one by one: an initializer list copies every
// value it holds (the CLI's batch writes one of these per line).
template <class Result>
[[nodiscard]] nlohmann::json result_to_json(Result&& r) {
    nlohmann::json out(nlohmann::json::value_t::object);
    out.emplace("outcome", to_string(r.outcome));
    out.emplace("status", r.status());
    if constexpr (std::is_lvalue_reference_v<Result>) {
        out.emplace(std::string(r.entity_name()), copy_json(r.entity));  // G13: any depth
    } else {
        out.emplace(std::string(r.entity_name()), std::move(r.entity));
    }
    nlohmann::json& effects = *out.emplace("effects", nlohmann::json::value_t::array).first;
    for (const effect& e : r.effects) {
        effects.push_back(to_json(e));
    }
    nlohmann::json& changes = *out.emplace("changes", nlohmann::json::value_t::array).first;
    changes.get_ref<nlohmann::json::array_t&>().reserve(r.changes.size());
    for (const change_view c : r.changes) {
        nlohmann::json& item = changes.emplace_back(nlohmann::json::value_t::object);
        item.emplace("op", to_string(c.op));
        item.emplace("path", c.path);
    }
    nlohmann::json& ignored = *out.emplace("ignored", nlohmann::json::value_t::array).first;
    for (auto& i : r.ignored) {
        nlohmann::json& item = ignored.emplace_back(nlohmann::json::value_t::object);
        item.emplace("pointer", take<Result>(i.pointer));
        item.emplace("reason", to_string(i.reason));
    }
    nlohmann::json& errors = *out.emplace("errors", nlohmann::json::value_t::array).first;
    for (const error& e : r.errors) {
        errors.push_back(to_json(e));
    }
    if (r.errors_omitted != 0) {
        out.emplace("errors_omitted", r.errors_omitted);
    }
    if (r.ignored_omitted != 0) {
        out.emplace("ignored_omitted", r.ignored_omitted);
    }
    if (r.changes_coarsened) {
        out.emplace("changes_coarsened", true);
    }
    return out;
}
// The members of to_json(operation_result), written one by one.
enum class result_member {
    changes,
    changes_coarsened,
    effects,
    errors,
    errors_omitted,
    ignored,
    ignored_omitted,
    outcome,
    entity,
    status
};

}  // namespace detail

namespace detail {
// G8: where an error is, as {"pointer": ...} or {"parameter": ...}; an empty object
// for no part of the request. Both wire forms of an error carry it.
[[nodiscard]] inline nlohmann::json location_members(const error& e) {
    nlohmann::json out(nlohmann::json::value_t::object);
    if (const auto pointer = e.pointer()) {
        out.emplace("pointer", *pointer);
    } else if (const auto parameter = e.parameter()) {
        out.emplace("parameter", *parameter);
    }
    return out;
}
}  // namespace detail

nlohmann::json to_json(const error& e) {
    nlohmann::json out = detail::location_members(e);
    out.emplace("code", to_string(e.code));
    out.emplace("message", e.message);
    return out;
}

nlohmann::json to_json(const operation_result& r) {
    return detail::result_to_json(r);
}

nlohmann::json to_json(operation_result&& r) {
    return detail::result_to_json(std::move(r));
}

void to_json(nlohmann::json& j, const operation_result& r) {
    j = detail::result_to_json(r);
}

void to_json(nlohmann::json& j, const error& e) {
    j = to_json(e);
}

void to_json(nlohmann::json& j, const change& c) {
    j = nlohmann::json{{"op", to_string(c.op)}, {"path", c.path}};
}

void to_json(nlohmann::json& j, const ignored_member& i) {
    j = nlohmann::json{{"pointer", i.pointer}, {"reason", to_string(i.reason)}};
}

namespace detail {

inline void append_result_member(compact_json_writer<nlohmann::json>& out,
                                 const operation_result& r, result_member member) {
    const auto append_list = [&out](const auto& list, const auto& append_item) {
        out.put('[');
        bool first = true;
        for (const auto& item : list) {
            if (!std::exchange(first, false)) {
                out.put(',');
            }
            append_item(item);
        }
        out.put(']');
    };
    switch (member) {
        case result_member::changes:
            append_list(r.changes, [&out](change_view c) {
                out.put(R"({"op":")");
                out.put(to_string(c.op));
                out.put(R"(","path":)");
                out.string(c.path);
                out.put('}');
            });
            break;
        case result_member::effects:
            append_list(r.effects, [&out](const effect& e) { out.value(to_json(e)); });
            break;
        case result_member::errors:
            append_list(r.errors, [&out](const error& e) { out.value(to_json(e)); });
            break;
        case result_member::ignored:
            append_list(r.ignored, [&out](const ignored_member& i) {
                out.put(R"({"pointer":)");
                out.string(i.pointer);
                out.put(R"(,"reason":")");
                out.put(to_string(i.reason));
                out.put(R"("})");
            });
            break;
        case result_member::outcome:
            out.put('"');
            out.put(to_string(r.outcome));
            out.put('"');
            break;
        case result_member::entity:
            out.value(r.entity);
            break;
        case result_member::status:
            out.integer(r.status());
            break;
        case result_member::errors_omitted:
            out.integer(r.errors_omitted);
            break;
        case result_member::ignored_omitted:
            out.integer(r.ignored_omitted);
            break;
        case result_member::changes_coarsened:
            out.put(std::string_view("true"));
            break;
    }
}

}  // namespace detail

std::string& append_json(std::string& out, const operation_result& r, const nlohmann::json& extra) {
    using detail::result_member;
    if (!extra.is_null() && !extra.is_object()) {
        throw std::invalid_argument("append_json: extra members must be null or an object");
    }
    // The result's members in key order (the counts of R2 and G8 only when there is
    // something to count); the entity's name ("profile" or "user") is moved to its
    // place among them.
    std::array<std::pair<std::string_view, result_member>, 10> all{};
    std::size_t count = 0;
    const auto add = [&](std::string_view name, result_member member, bool present = true) {
        if (present) {
            all[count++] = {name, member};
        }
    };
    add("changes", result_member::changes);
    add("changes_coarsened", result_member::changes_coarsened, r.changes_coarsened);
    add("effects", result_member::effects);
    add("errors", result_member::errors);
    add("errors_omitted", result_member::errors_omitted, r.errors_omitted != 0);
    add("ignored", result_member::ignored);
    add("ignored_omitted", result_member::ignored_omitted, r.ignored_omitted != 0);
    add("outcome", result_member::outcome);
    add("status", result_member::status);
    add(r.entity_name(), result_member::entity);
    const auto members = std::pair{all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count)};
    const auto by_name = [](const auto& a, const auto& b) { return a.first < b.first; };
    std::rotate(std::upper_bound(members.first, members.second - 1, *(members.second - 1), by_name),
                members.second - 1, members.second);

    static const nlohmann::json::object_t no_extra;
    const auto& extras =
        extra.is_object() ? extra.get_ref<const nlohmann::json::object_t&>() : no_extra;
    auto next_extra = extras.begin();
    detail::compact_json_writer<nlohmann::json> writer(out);
    bool first = true;
    const auto open_member = [&writer, &first](std::string_view name) {
        writer.put(first ? '{' : ',');
        first = false;
        writer.string(name);
        writer.put(':');
    };
    for (auto it = members.first; it != members.second; ++it) {
        const auto& [name, member] = *it;
        for (; next_extra != extras.end() && next_extra->first <= name; ++next_extra) {
            open_member(next_extra->first);
            writer.value(next_extra->second);
        }
        if (next_extra != extras.begin() && std::prev(next_extra)->first == name) {
            continue;  // replaced by the extra member of the same name
        }
        open_member(name);
        detail::append_result_member(writer, r, member);
    }
    for (; next_extra != extras.end(); ++next_extra) {
        open_member(next_extra->first);
        writer.value(next_extra->second);
    }
    writer.put('}');
    writer.flush();
    return out;
}

namespace detail {

// E9: the field an end-user error belongs to: the first pointer token after the
// envelope ("/user/phone" -> "phone"); "base" for the body or the envelope itself.
[[nodiscard]] inline std::string classic_field_of(const error& e) {
    if (const auto parameter = e.parameter()) {
        return std::string(*parameter);
    }
    const std::string_view pointer = e.pointer().value_or("");
    const auto second = pointer.find('/', 1);
    if (pointer.empty() || second == std::string_view::npos) {
        return "base";
    }
    const auto third = pointer.find('/', second + 1);
    return std::string(pointer.substr(
        second + 1, third == std::string_view::npos ? std::string_view::npos : third - second - 1));
}

[[nodiscard]] inline std::string_view classic_title(outcome value) noexcept {
    switch (value) {
        case outcome::not_found:
            return "RecordNotFound";
        case outcome::forbidden:
            return "Forbidden";
        case outcome::conflict:
            return "Conflict";
        case outcome::precondition_failed:
            return "PreconditionFailed";
        case outcome::server_error:
            return "InternalServerError";
        default:
            return "RecordInvalid";
    }
}

}  // namespace detail

nlohmann::json error_body(const operation_result& r) {
    if (r.ok()) {
        return nullptr;
    }
    if (r.api == api::profiles) {
        nlohmann::json list = nlohmann::json::array();
        for (const error& e : r.errors) {
            nlohmann::json item{
                {"code", to_string(e.code)}, {"title", title(e.code)}, {"detail", e.message}};
            nlohmann::json source = detail::location_members(e);
            if (!source.empty()) {  // G8: an error about no part of the request has none
                item.emplace("source", std::move(source));
            }
            list.push_back(std::move(item));
        }
        return {{"errors", std::move(list)}};
    }
    if (r.outcome == outcome::invalid) {
        nlohmann::json details = nlohmann::json::object();
        for (const error& e : r.errors) {
            details[detail::classic_field_of(e)].push_back(
                {{"error", to_string(e.code)}, {"description", e.message}});
        }
        return {{"error", "RecordInvalid"},
                {"description", "Record validation errors"},
                {"details", std::move(details)}};
    }
    std::string description;
    for (const error& e : r.errors) {
        if (outcome_of(e.code) == r.outcome) {
            description += description.empty() ? e.message : "; " + e.message;
        }
    }
    return {{"error", detail::classic_title(r.outcome)}, {"description", description}};
}

}  // namespace v1
}  // namespace profile_merge
