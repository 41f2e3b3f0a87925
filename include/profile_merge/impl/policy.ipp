// SPDX-License-Identifier: MIT
// The definitions of profile_merge/policy.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "profile_merge/detail/diagnostics.hpp"
#include "profile_merge/detail/json_value.hpp"
#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/policy.hpp"
#if defined(PROFILE_MERGE_WITH_VALIJSON)
#include "profile_merge/detail/json_schema.hpp"
#endif

namespace profile_merge {
inline namespace v1 {

namespace detail {

// PL8: the Zendesk rules as a policy document, every default written out.
inline constexpr std::string_view zendesk_policy_document = R"({
  "policy": 1,
  "entity": "profile",
  "limits": {
    "identifiers": 20,
    "source_length": 40,
    "type_length": 40,
    "identifier_type_length": 60,
    "identifier_value_length": 60,
    "attribute_depth": 32,
    "attribute_name_length": 256,
    "max_errors": 100
  },
  "fields": {"name": "writable", "attributes": "writable", "identifiers": "writable"},
  "identifier_types": {
    "email": {"normalize": ["ascii_lower"], "effect": "identity", "name": "{value}", "name_rank": 1},
    "external_id": {"normalize": [], "effect": "external_id", "name": "User {value}", "name_rank": 2},
    "phone_number": {"normalize": [], "effect": "identity", "name": "User {value}", "name_rank": 3},
    "twitter": {"normalize": ["ascii_lower"], "effect": "identity", "name": "Twitter user {value}", "name_rank": 4},
    "facebook": {"normalize": [], "effect": "identity", "name": "Facebook user {value}", "name_rank": 5},
    "sdk": {"normalize": [], "effect": "identity", "name": "SDK user {value}", "name_rank": 6}
  },
  "custom_identifier_types": "allow",
  "attributes": {},
  "unknown_attributes": "allow"
}
)";

// PL1: reads a policy document into a compiled_policy, collecting every problem.
// NOLINTNEXTLINE(bugprone-exception-escape): its members' defaults throw nothing
class policy_loader {
public:
    std::vector<policy_problem> problems;
    compiled_policy out;

    void load(const nlohmann::json& document) {
        out.document = copy_json(document);
        out.nodes.emplace_back();  // the root
        if (!document.is_object()) {
            problem("",
                    "A policy is a JSON object such as {\"policy\": 1, \"entity\": "
                    "\"profile\"}, not " +
                        std::string(json_type_name(document)) + ".");
            return;
        }
        const nlohmann::json* version = member_or_null(document, "policy");
        if (version == nullptr) {
            problem("/policy", "`policy`, the format version, is required: 1.");
        } else if (!(version->is_number_integer() && *version == 1)) {
            problem("/policy", "This library reads policy format 1; `policy` must be 1.");
        }
        const nlohmann::json* entity = member_or_null(document, "entity");
        if (entity == nullptr) {
            problem("/entity", "`entity` is required: \"profile\".");
        } else if (!(entity->is_string() && *entity == "profile")) {
            problem("/entity", "Policy format 1 is for profiles; `entity` must be \"profile\".");
        }
        for (const auto& [name, value] : document.items()) {
            const std::string at = pointer_append("", name);
            if (name == "policy" || name == "entity") {
            } else if (name == "limits") {
                read_limits(value, at);
            } else if (name == "fields") {
                read_fields(value, at);
            } else if (name == "identifier_types") {
                read_identifier_types(value, at);
            } else if (name == "custom_identifier_types") {
                read_enum(value, at, out.custom_identifier_types);
            } else if (name == "unknown_attributes") {
                read_enum(value, at, out.unknown_attributes);
            } else if (name == "attributes") {
                read_attributes(value, at);
            } else if (name == "attributes_schema") {
                read_schema(value, at);
            } else {
                problem(at, "`" + to_well_formed_utf8(name) +
                                "` is not a member of policy format 1 (policy, entity, limits, "
                                "fields, identifier_types, custom_identifier_types, attributes, "
                                "unknown_attributes, attributes_schema).");
            }
        }
    }

private:
    void problem(std::string pointer, std::string message) {
        problems.push_back({std::move(pointer), std::move(message)});
    }

    [[nodiscard]] bool expect_object(const nlohmann::json& value, const std::string& at,
                                     std::string_view what) {
        if (value.is_object()) {
            return true;
        }
        problem(at, std::string(what) + " must be an object, not " +
                        std::string(json_type_name(value)) + ".");
        return false;
    }

    template <class Enum>
    bool read_enum(const nlohmann::json& value, const std::string& at, Enum& into) {
        std::optional<Enum> read;
        if (value.is_string()) {
            read = enum_from_string<Enum>(value.get_ref<const std::string&>());
        }
        if (!read) {
            std::string names;
            for (const std::string_view name : enum_names<Enum>::values) {
                names += names.empty() ? "" : ", ";
                names += name;
            }
            problem(at, "must be one of " + names + "; it is " + describe(value) + ".");
            return false;
        }
        into = *read;
        return true;
    }

    [[nodiscard]] static std::string describe(const nlohmann::json& value) {
        if (value.is_string()) {
            return "\"" + to_well_formed_utf8(value.get_ref<const std::string&>().substr(0, 64)) +
                   "\"";
        }
        return std::string(json_type_name(value));
    }

    [[nodiscard]] static bool is_count(const nlohmann::json& value) {
        return value.is_number_unsigned() ||
               (value.is_number_integer() && value.get<std::int64_t>() >= 0);
    }

    void read_limits(const nlohmann::json& value, const std::string& at) {  // PL9
        if (!expect_object(value, at, "`limits`")) {
            return;
        }
        static constexpr std::array<
            std::pair<std::string_view, std::optional<std::size_t> policy_limits::*>, 8>
            names{{{"identifiers", &policy_limits::identifiers},
                   {"source_length", &policy_limits::source_length},
                   {"type_length", &policy_limits::type_length},
                   {"identifier_type_length", &policy_limits::identifier_type_length},
                   {"identifier_value_length", &policy_limits::identifier_value_length},
                   {"attribute_depth", &policy_limits::attribute_depth},
                   {"attribute_name_length", &policy_limits::attribute_name_length},
                   {"max_errors", &policy_limits::max_errors}}};
        for (const auto& member : value.items()) {
            const std::string& name = member.key();
            const nlohmann::json& limit = member.value();
            const std::string where = pointer_append(at, name);
            const auto row = std::find_if(names.begin(), names.end(),
                                          [&](const auto& r) { return r.first == name; });
            if (row == names.end()) {
                problem(where, "`" + to_well_formed_utf8(name) +
                                   "` is not a limit (identifiers, source_length, type_length, "
                                   "identifier_type_length, identifier_value_length, "
                                   "attribute_depth, attribute_name_length, max_errors).");
            } else if (!is_count(limit) ||
                       limit.get<std::uint64_t>() > std::numeric_limits<std::size_t>::max()) {
                problem(where, "A limit is a non-negative integer (0 = unlimited); it is " +
                                   describe(limit) + ".");
            } else {
                out.limits.*(row->second) = static_cast<std::size_t>(limit.get<std::uint64_t>());
            }
        }
    }

    void read_fields(const nlohmann::json& value, const std::string& at) {  // PL10
        if (!expect_object(value, at, "`fields`")) {
            return;
        }
        constexpr const auto& writable_kinds = compiled_policy::field_names;
        static constexpr std::array<std::string_view, 6> managed{
            "id", "created_at", "updated_at", "source", "type", "user_id"};
        for (const auto& [name, access] : value.items()) {
            const std::string where = pointer_append(at, name);
            const auto row = std::find(writable_kinds.begin(), writable_kinds.end(), name);
            if (row != writable_kinds.end()) {
                field_access read = field_access::writable;
                if (access.is_string() && access == "privileged") {
                    problem(where, "must be writable or read_only; it is \"privileged\".");
                } else if (read_enum(access, where, read)) {
                    out.fields[static_cast<std::size_t>(row - writable_kinds.begin())] = read;
                }
            } else if (std::find(managed.begin(), managed.end(), name) != managed.end()) {
                problem(where, "`" + name +
                                   "` is managed by the server and stays read-only whatever a "
                                   "policy says; only name, attributes and identifiers can be "
                                   "set here.");
            } else {
                problem(where, "`" + to_well_formed_utf8(name) +
                                   "` is not a profile field a policy can set (name, "
                                   "attributes, identifiers).");
            }
        }
    }

    void read_identifier_types(const nlohmann::json& value, const std::string& at) {  // PL6
        if (!expect_object(value, at, "`identifier_types`")) {
            return;
        }
        for (const auto& [type, declared] : value.items()) {
            const std::string where = pointer_append(at, type);
            if (type.empty() || !is_identifying_text(type)) {
                problem(where,
                        "An identifier type is a non-empty name without control "
                        "characters or blanks at either end.");
                continue;
            }
            if (!expect_object(declared, where, "An identifier type's rule")) {
                continue;
            }
            identifier_type_rule rule;
            rule.type = type;
            for (const auto& [name, member] : declared.items()) {
                const std::string member_at = pointer_append(where, name);
                if (name == "normalize") {
                    if (!member.is_array()) {
                        problem(member_at,
                                "`normalize` is an array of steps (trim, ascii_lower, "
                                "ascii_upper, e164).");
                        continue;
                    }
                    std::vector<normalize_step> steps;
                    for (std::size_t i = 0; i < member.size(); ++i) {
                        normalize_step step{};
                        if (read_enum(member[i], pointer_append(member_at, i), step)) {
                            steps.push_back(step);
                        }
                    }
                    rule.normalize = std::move(steps);
                } else if (name == "effect") {
                    identifier_effect_kind effect{};
                    if (read_enum(member, member_at, effect)) {
                        rule.effect = effect;
                    }
                } else if (name == "name") {
                    if (!member.is_string() || !is_utf8(member.get_ref<const std::string&>())) {
                        problem(member_at,
                                "`name` is a template string such as \"Customer "
                                "{value}\".");
                    } else if (const std::string why = template_problem(member.get<std::string>());
                               !why.empty()) {
                        problem(member_at, why);
                    } else {
                        rule.name = member.get<std::string>();
                    }
                } else if (name == "name_rank") {
                    if (!is_count(member) || member.get<std::uint64_t>() == 0) {
                        problem(member_at, "`name_rank` is a positive integer; it is " +
                                               describe(member) + ".");
                    } else {
                        rule.rank = member.get<std::uint64_t>();
                    }
                } else {
                    problem(member_at, "`" + to_well_formed_utf8(name) +
                                           "` is not a member of an identifier type's rule "
                                           "(normalize, effect, name, name_rank).");
                }
            }
            out.identifier_types.push_back(std::move(rule));
        }
        std::sort(out.identifier_types.begin(), out.identifier_types.end(),
                  [](const identifier_type_rule& a, const identifier_type_rule& b) {
                      return a.type < b.type;
                  });
    }

    // NM1's template: text with {value} and {type}; any other brace is a mistake.
    [[nodiscard]] static std::string template_problem(std::string_view text) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '{') {
                const std::string_view rest = text.substr(i);
                if (rest.substr(0, 7) == "{value}") {
                    i += 6;
                    continue;
                }
                if (rest.substr(0, 6) == "{type}") {
                    i += 5;
                    continue;
                }
                return "A name template may hold {value} and {type}, and no other braces.";
            }
            if (text[i] == '}') {
                return "A name template may hold {value} and {type}, and no other braces.";
            }
        }
        return {};
    }

    // A trie being built, one map per level; flattened once every path is in.
    struct building_node {
        std::map<std::string, building_node, std::less<>> literals;
        std::unique_ptr<building_node> wildcard;
        const attribute_rule* rule = nullptr;
        std::string path;  // the pointer as written, for messages
    };

    // An RFC 6901 pointer's tokens, or nullopt.
    [[nodiscard]] static std::optional<std::vector<std::string>> split_pointer(
        std::string_view pointer) {
        if (pointer.empty() || pointer.front() != '/' || !is_utf8(pointer)) {
            return std::nullopt;
        }
        std::vector<std::string> tokens(1);
        for (std::size_t i = 1; i < pointer.size(); ++i) {
            const char c = pointer[i];
            if (c == '/') {
                tokens.emplace_back();
            } else if (c == '~') {
                if (i + 1 == pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) {
                    return std::nullopt;
                }
                tokens.back().push_back(pointer[++i] == '0' ? '~' : '/');
            } else {
                tokens.back().push_back(c);
            }
        }
        return tokens;
    }

    void read_attributes(const nlohmann::json& value, const std::string& at) {  // PL1-PL5
        if (!expect_object(value, at, "`attributes`")) {
            return;
        }
        std::vector<attribute_rule> rules;
        rules.reserve(value.size());  // never reallocated: building nodes point into it
        building_node root;
        for (const auto& [path, declared] : value.items()) {
            const std::string where = pointer_append(at, path);
            const auto tokens = split_pointer(path);
            if (path.empty()) {
                problem(where, "The path \"\" names `attributes` itself, not an attribute.");
                continue;
            }
            if (!tokens) {
                problem(where,
                        "An attribute path is a JSON Pointer into `attributes` such as "
                        "\"/prefs/theme\": \"/\" before each token, \"~0\" for ~ and "
                        "\"~1\" for /.");
                continue;
            }
            attribute_rule rule;
            if (!read_rule(declared, where, rule)) {
                continue;
            }
            rules.push_back(std::move(rule));
            building_node* node = &root;
            for (const std::string& token : *tokens) {
                if (token == "*") {
                    if (!node->wildcard) {
                        node->wildcard = std::make_unique<building_node>();
                    }
                    node = node->wildcard.get();
                } else {
                    node = &node->literals[token];
                }
            }
            node->rule = &rules.back();
            node->path = path;
        }
        check_below_whole_values(root, root);
        flatten(root);
    }

    [[nodiscard]] bool read_rule(const nlohmann::json& declared, const std::string& where,
                                 attribute_rule& rule) {
        if (!expect_object(declared, where, "An attribute rule")) {
            return false;
        }
        const std::size_t before = problems.size();
        for (const auto& [name, member] : declared.items()) {
            const std::string member_at = pointer_append(where, name);
            if (name == "mutability") {
                attribute_mutability read{};
                if (read_enum(member, member_at, read)) {
                    rule.mutability = read;
                }
            } else if (name == "merge") {
                merge_strategy read{};
                if (read_enum(member, member_at, read)) {
                    rule.merge = read;
                }
            } else if (name == "null") {
                null_handling read{};
                if (read_enum(member, member_at, read)) {
                    rule.null = read;
                }
            } else if (name == "key") {
                if (!member.is_string() || member.get_ref<const std::string&>().empty() ||
                    !is_utf8(member.get_ref<const std::string&>())) {
                    problem(member_at,
                            "`key` is the name of the member that identifies an "
                            "element (a non-empty string).");
                } else {
                    rule.key = member.get<std::string>();
                }
            } else if (name == "type") {
                read_types(member, member_at, rule.types);
            } else {
                problem(member_at, "`" + to_well_formed_utf8(name) +
                                       "` is not a member of an attribute rule (mutability, "
                                       "merge, key, null, type).");
            }
        }
        const bool by_key = rule.merge == merge_strategy::union_by_key;
        if (by_key && rule.key.empty() && member_or_null(declared, "key") == nullptr) {
            problem(pointer_append(where, "key"),
                    "`merge: union_by_key` needs `key`, the member that identifies an element.");
        } else if (!by_key && member_or_null(declared, "key") != nullptr) {
            problem(pointer_append(where, "key"), "`key` goes with `merge: union_by_key` only.");
        }
        if (rule.merge && rule.types != 0) {
            std::uint8_t fits = 0;
            switch (*rule.merge) {
                case merge_strategy::increment:
                    fits = type_number | type_integer;
                    break;
                case merge_strategy::set_union:
                case merge_strategy::union_by_key:
                    fits = type_array;
                    break;
                default:
                    fits = 0xff;
            }
            if ((rule.types & ~fits) != 0) {
                problem(
                    pointer_append(where, "type"),
                    "This type cannot hold what `merge: " + std::string(to_string(*rule.merge)) +
                        "` needs (increment: number or integer; union and union_by_key: "
                        "array).");
            }
        }
        return problems.size() == before;
    }

    void read_types(const nlohmann::json& member, const std::string& at, std::uint8_t& types) {
        static constexpr std::array<std::pair<std::string_view, std::uint8_t>, 6> names{
            {{"string", type_string},
             {"number", type_number},
             {"integer", type_integer},
             {"boolean", type_boolean},
             {"object", type_object},
             {"array", type_array}}};
        const auto read_one = [&](const nlohmann::json& name, const std::string& where) {
            for (const auto& [text, bit] : names) {
                if (name.is_string() && name == text) {
                    types |= bit;
                    return;
                }
            }
            problem(where, "A type is string, number, integer, boolean, object or array; it is " +
                               describe(name) + ".");
        };
        if (member.is_array() && !member.empty()) {
            for (std::size_t i = 0; i < member.size(); ++i) {
                read_one(member[i], pointer_append(at, i));
            }
        } else {
            read_one(member, at);
        }
    }

    // PL1: a path that can match below a member whose merge is not deep can never apply.
    // For each such rule, every node its path can match is looked for deeper paths.
    void check_below_whole_values(const building_node& root, const building_node& node) {
        if (node.rule != nullptr && node.rule->merge && *node.rule->merge != merge_strategy::deep) {
            const auto tokens = split_pointer(node.path);
            std::vector<const building_node*> level{&root};
            for (const std::string& token : *tokens) {
                std::vector<const building_node*> next;
                for (const building_node* at : level) {
                    if (token == "*") {
                        for (const auto& child : at->literals) {
                            next.push_back(&child.second);
                        }
                    } else if (const auto it = at->literals.find(token); it != at->literals.end()) {
                        next.push_back(&it->second);
                    }
                    if (at->wildcard) {
                        next.push_back(at->wildcard.get());
                    }
                }
                level = std::move(next);
            }
            for (const building_node* at : level) {
                report_rules_below(*at, node.path);
            }
        }
        for (const auto& child : node.literals) {
            check_below_whole_values(root, child.second);
        }
        if (node.wildcard) {
            check_below_whole_values(root, *node.wildcard);
        }
    }

    void report_rules_below(const building_node& node, const std::string& whole) {
        const auto report = [&](const building_node& below) {
            if (below.rule != nullptr) {
                problem(pointer_append("/attributes", below.path),
                        "This path lies below \"" + whole + "\", whose merge is " +
                            std::string(to_string(*rules_merge(whole))) +
                            ": that value is not merged member by member, so this rule could "
                            "never apply.");
            }
            report_rules_below(below, whole);
        };
        for (const auto& child : node.literals) {
            report(child.second);
        }
        if (node.wildcard) {
            report(*node.wildcard);
        }
    }

    [[nodiscard]] std::optional<merge_strategy> rules_merge(const std::string& path) const {
        const nlohmann::json* attributes = member_or_null(out.document, "attributes");
        const nlohmann::json* rule =
            attributes != nullptr ? member_or_null(*attributes, path) : nullptr;
        const nlohmann::json* merge = rule != nullptr ? member_or_null(*rule, "merge") : nullptr;
        return merge != nullptr && merge->is_string()
                   ? enum_from_string<merge_strategy>(merge->get_ref<const std::string&>())
                   : std::nullopt;
    }

    // Breadth first, so that each node's literal children are contiguous and sorted.
    void flatten(const building_node& root) {
        std::vector<const building_node*> queue{&root};
        out.nodes.assign(1, path_node{});
        for (std::size_t i = 0; i < queue.size(); ++i) {
            const building_node& from = *queue[i];
            if (from.rule != nullptr) {
                out.nodes[i].has_rule = true;
                out.nodes[i].rule = *from.rule;
            }
            out.nodes[i].first_literal = static_cast<std::uint32_t>(queue.size());
            out.nodes[i].literal_count = static_cast<std::uint32_t>(from.literals.size());
            for (const auto& [token, child] : from.literals) {
                queue.push_back(&child);
                out.nodes.emplace_back().token = token;
            }
            if (from.wildcard) {
                out.nodes[i].wildcard = static_cast<std::int32_t>(queue.size());
                queue.push_back(from.wildcard.get());
                out.nodes.emplace_back().token = "*";
            }
        }
    }

    // PL5: the schema, compiled once; a build without valijson cannot.
    void read_schema(const nlohmann::json& value, const std::string& at) {
#if defined(PROFILE_MERGE_WITH_VALIJSON)
        std::string why;
        out.schema = compile_json_schema(value, why);
        if (out.schema == nullptr) {
            problem(at, why);
        } else {
            out.check_schema = &check_json_schema;
        }
#else
        (void)value;
        problem(at,
                "`attributes_schema` needs JSON Schema support, which this build of "
                "profile_merge does not have: it needs valijson (the CMake target "
                "profile_merge::schema, or PROFILE_MERGE_WITH_VALIJSON defined).");
#endif
    }
};

}  // namespace detail

const nlohmann::json& policy::document() const {
    static const nlohmann::json zendesk = {{"policy", 1}, {"entity", "profile"}};
    return rules_ != nullptr ? rules_->document : zendesk;
}

policy load_policy(const nlohmann::json& document) {
    detail::policy_loader loader;
    loader.load(document);
    if (!loader.problems.empty()) {
        throw policy_error(std::move(loader.problems));
    }
    return policy(std::make_shared<const detail::compiled_policy>(std::move(loader.out)));
}

std::string_view zendesk_policy_text() noexcept {
    return detail::zendesk_policy_document;
}

const policy& zendesk_policy() {
    static const policy loaded =
        load_policy(nlohmann::json::parse(detail::zendesk_policy_document));
    return loaded;
}

}  // namespace v1
}  // namespace profile_merge
