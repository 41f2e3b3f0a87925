// SPDX-License-Identifier: MIT
#pragma once

// PL5's JSON Schema (draft 7) with valijson: the optional part, empty unless
// PROFILE_MERGE_WITH_VALIJSON is defined (the target profile_merge::schema defines it).
#if defined(PROFILE_MERGE_WITH_VALIJSON)

#include <algorithm>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "profile_merge/policy.hpp"

namespace profile_merge {
inline namespace v1 {
namespace detail {

// What valijson cannot be trusted with, or "": `$ref` (it follows a reference to
// itself without end), `pattern` and `patternProperties` (std::regex recurses per
// character of the value), and nesting past 64 levels (its parser recurses).
// Iterative; member names under `properties` and the like are names, not keywords.
[[nodiscard]] inline std::string unsafe_schema_keyword(const nlohmann::json& document) {
    struct frame {
        const nlohmann::json* node;
        bool names;  // its members are names, not keywords
        std::size_t depth;
    };
    std::vector<frame> stack{{&document, false, 1}};
    while (!stack.empty()) {
        const frame top = stack.back();
        stack.pop_back();
        if (top.depth > 64) {
            return "nesting deeper than 64 levels";
        }
        if (top.node->is_array()) {
            for (const nlohmann::json& element : *top.node) {
                stack.push_back({&element, false, top.depth + 1});
            }
            continue;
        }
        if (!top.node->is_object()) {
            continue;
        }
        for (const auto& [key, value] : top.node->items()) {
            if (!top.names && (key == "$ref" || key == "pattern" || key == "patternProperties")) {
                return "`" + key + "`";
            }
            const bool names = !top.names && (key == "properties" || key == "definitions" ||
                                              key == "$defs" || key == "dependencies");
            stack.push_back({&value, names, top.depth + 1});
        }
    }
    return {};
}

// A schema parsed once at load; validation only reads it, so operations share it.
inline std::shared_ptr<const void> compile_json_schema(const nlohmann::json& document,
                                                       std::string& problem) {
    if (!document.is_object() && !document.is_boolean()) {
        problem = "`attributes_schema` must be a JSON Schema (draft 7): an object or a boolean.";
        return nullptr;
    }
    if (const std::string unsafe = unsafe_schema_keyword(document); !unsafe.empty()) {
        problem = "`attributes_schema` may not use " + unsafe +
                  " (references can loop and patterns recurse per character in the validator "
                  "this library uses).";
        return nullptr;
    }
    auto schema = std::make_shared<valijson::Schema>();
    try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        const valijson::adapters::NlohmannJsonAdapter adapter(document);
        parser.populateSchema(adapter, *schema);
    } catch (const std::exception& e) {
        problem =
            std::string("`attributes_schema` is not a valid JSON Schema (draft 7): ") + e.what();
        return nullptr;
    }
    return schema;
}

// The violations of `attributes` against a compiled schema: the deepest ones (valijson
// also reports each enclosing member that failed because of them), each as the result
// path's tokens and what failed.
inline void check_json_schema(const void* compiled, const nlohmann::json& attributes,
                              std::vector<schema_violation_found>& out) {
    const auto& schema = *static_cast<const valijson::Schema*>(compiled);
    valijson::Validator validator;
    valijson::ValidationResults results;
    const valijson::adapters::NlohmannJsonAdapter target(attributes);
    try {
        if (validator.validate(schema, target, &results)) {
            return;
        }
    } catch (const std::bad_alloc&) {
        throw;  // memory, not the policy: the operation undoes its writes (G3)
    } catch (const std::exception& e) {  // an operation never throws for its policy
        out.push_back({{}, std::string("the schema could not be applied: ") + e.what()});
        return;
    }
    std::vector<valijson::ValidationResults::Error> errors(results.begin(), results.end());
    const auto encloses = [](const std::vector<std::string>& outer,
                             const std::vector<std::string>& inner) {
        return outer.size() < inner.size() && std::equal(outer.begin(), outer.end(), inner.begin());
    };
    for (const auto& error : errors) {
        const bool enclosing = std::any_of(errors.begin(), errors.end(), [&](const auto& other) {
            return encloses(error.context, other.context);
        });
        if (enclosing) {
            continue;
        }
        schema_violation_found found;
        for (std::size_t i = 1; i < error.context.size(); ++i) {  // [0] is "<root>"
            const std::string& step = error.context[i];           // "[name]" or "[index]"
            found.path.push_back(step.size() >= 2 ? step.substr(1, step.size() - 2) : step);
        }
        found.message = error.description;
        out.push_back(std::move(found));
    }
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge

#endif  // PROFILE_MERGE_WITH_VALIJSON
