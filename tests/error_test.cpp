// Error codes: G8's closed list and how errors decide an outcome.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/core.h>

#include "support.hpp"

TEST(Error, TheCodeListIsExactlyG8sAndThePolicyCodes) {  // G8, PL5
    const std::vector<std::string_view> g8{
        "invalid_envelope",      "invalid_type",      "invalid_value",
        "blank_value",           "missing_required",  "invalid_identifier_query",
        "reserved_source",       "limit_exceeded",    "read_only_field",
        "forbidden_field",       "shared_user",       "user_conflict",
        "precondition_failed",   "not_found",         "invalid_context",
        "invalid_stored_entity", "unknown_attribute", "schema_violation"};
    ASSERT_EQ(pm::detail::enum_names<pm::error_code>::values.size(), g8.size());
    for (const auto name : g8) {
        const auto code = pm::error_code_from_string(name);
        ASSERT_TRUE(code) << name;
        EXPECT_EQ(pm::to_string(*code), name);
        EXPECT_FALSE(pm::title(*code).empty());
    }
}

TEST(Error, TheMostSeriousErrorDecidesTheOutcome) {  // G7, G8
    using pm::error_code;
    const auto outcome = [](std::initializer_list<error_code> codes) {
        std::vector<pm::error> errors;
        for (auto code : codes)
            errors.push_back({code, pm::in_body{""}, ""});
        return pm::outcome_of(errors);
    };
    EXPECT_EQ(outcome({error_code::invalid_type, error_code::forbidden_field}),
              pm::outcome::forbidden);
    EXPECT_EQ(outcome({error_code::user_conflict, error_code::invalid_value}),
              pm::outcome::conflict);
    EXPECT_EQ(outcome({error_code::shared_user}), pm::outcome::forbidden);
    EXPECT_EQ(outcome({error_code::reserved_source, error_code::limit_exceeded}),
              pm::outcome::invalid);
    EXPECT_EQ(outcome({error_code::precondition_failed}), pm::outcome::precondition_failed);
    EXPECT_EQ(outcome({error_code::not_found}), pm::outcome::not_found);
}

// Messages are formatted by detail::format_message, which writes what fmt::format
// writes for the syntax messages use: "{}" in turn, "{{" and "}}" as braces.
TEST(Error, MessagesAreFormattedAsFmtFormatsThem) {  // G8
    EXPECT_EQ(pm::detail::format_message(PROFILE_MERGE_PATTERN("no arguments")), "no arguments");
    EXPECT_EQ(pm::detail::format_message(PROFILE_MERGE_PATTERN("")), "");
    EXPECT_EQ(pm::detail::format_message(PROFILE_MERGE_PATTERN("`{}` must be {}"),
                                         std::string("name"), "a string"),
              fmt::format("`{}` must be {}", std::string("name"), "a string"));
    EXPECT_EQ(pm::detail::format_message(
                  PROFILE_MERGE_PATTERN("identifiers must be {{type, value}}, not {}."), "null"),
              "identifiers must be {type, value}, not null.");
    EXPECT_EQ(
        pm::detail::format_message(PROFILE_MERGE_PATTERN("{{\"{}\"}}"), std::string_view("quoted")),
        R"({"quoted"})");
    EXPECT_EQ(pm::detail::format_message(PROFILE_MERGE_PATTERN("{} {} {} {}"), 0, -42,
                                         std::size_t{18446744073709551615u},
                                         std::int64_t{-9223372036854775807 - 1}),
              fmt::format("{} {} {} {}", 0, -42, std::size_t{18446744073709551615u},
                          std::int64_t{-9223372036854775807 - 1}));
    // An argument is text, never a pattern.
    EXPECT_EQ(pm::detail::format_message(PROFILE_MERGE_PATTERN("[{}]"), "{} {{"), "[{} {{]");
}

// A pattern whose "{}" and arguments disagree does not compile (format_message's
// static_assert on placeholder_count; the ctest messages.* compiles such calls).
static_assert(pm::detail::placeholder_count("no braces") == 0);
static_assert(pm::detail::placeholder_count("{} and {{}} and {}") == 2);
static_assert(pm::detail::placeholder_count("a lone { brace") == -1);
static_assert(pm::detail::placeholder_count("a lone } brace") == -1);
static_assert(pm::detail::placeholder_count("ends with {") == -1);
