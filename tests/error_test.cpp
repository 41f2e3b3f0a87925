// Error codes: G8's closed list and how errors decide an outcome.
#include "support.hpp"

TEST(Error, TheCodeListIsExactlyG8s) {  // G8
    const std::vector<std::string_view> g8{
        "invalid_envelope",    "invalid_type",     "invalid_value",
        "blank_value",         "missing_required", "invalid_identifier_query",
        "reserved_source",     "limit_exceeded",   "read_only_field",
        "forbidden_field",     "shared_user",      "user_conflict",
        "precondition_failed", "not_found"};
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
            errors.push_back({code, "", "", ""});
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
