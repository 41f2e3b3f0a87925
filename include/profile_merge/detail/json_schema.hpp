// SPDX-License-Identifier: MIT
#pragma once

// PL5's JSON Schema (draft 7) with valijson: the optional part, empty unless
// PROFILE_MERGE_WITH_VALIJSON is defined (the target profile_merge::schema defines it).
#if defined(PROFILE_MERGE_WITH_VALIJSON)

#include <algorithm>
#include <exception>
#include <memory>
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

// A schema parsed once at load; validation only reads it, so operations share it.
inline std::shared_ptr<const void> compile_json_schema(const nlohmann::json& document,
                                                       std::string& problem) {
    if (!document.is_object() && !document.is_boolean()) {
        problem = "`attributes_schema` must be a JSON Schema (draft 7): an object or a boolean.";
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
    if (validator.validate(schema, target, &results)) {
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
