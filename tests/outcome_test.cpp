// Outcomes and HTTP statuses: G7.
#include "support.hpp"

TEST(Outcome, MapsToTheHttpStatusOfG7) {  // G7
    using pm::api;
    using pm::outcome;
    EXPECT_EQ(pm::http_status(outcome::updated, api::profiles), 200);
    EXPECT_EQ(pm::http_status(outcome::unchanged, api::profiles), 200);
    EXPECT_EQ(pm::http_status(outcome::replaced, api::profiles), 200);
    EXPECT_EQ(pm::http_status(outcome::created, api::profiles), 201);
    EXPECT_EQ(pm::http_status(outcome::not_found, api::profiles), 404);
    EXPECT_EQ(pm::http_status(outcome::invalid, api::profiles), 400);
    EXPECT_EQ(pm::http_status(outcome::invalid, api::end_users), 422);
    EXPECT_EQ(pm::http_status(outcome::forbidden, api::end_users), 403);
    EXPECT_EQ(pm::http_status(outcome::conflict, api::profiles), 409);
    EXPECT_EQ(pm::http_status(outcome::precondition_failed, api::profiles), 412);
}

TEST(Outcome, NamesRoundTrip) {
    for (const auto name : pm::detail::enum_names<pm::outcome>::values) {
        const auto parsed = pm::outcome_from_string(name);
        ASSERT_TRUE(parsed) << name;
        EXPECT_EQ(pm::to_string(*parsed), name);
    }
    EXPECT_FALSE(pm::outcome_from_string("ok"));
}

TEST(Outcome, OnlyTheFourSuccessesSucceed) {  // G7
    EXPECT_TRUE(pm::succeeded(pm::outcome::created));
    EXPECT_TRUE(pm::succeeded(pm::outcome::unchanged));
    EXPECT_FALSE(pm::succeeded(pm::outcome::invalid));
    EXPECT_FALSE(pm::succeeded(pm::outcome::not_found));
}
