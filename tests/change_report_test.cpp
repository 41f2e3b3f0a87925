// The change report's vocabulary (section R).
#include "support.hpp"

TEST(ChangeReport, OperationsAndReasonsHaveTheirWireNames) {  // R
    EXPECT_EQ(pm::to_string(pm::change_op::add), "add");
    EXPECT_EQ(pm::to_string(pm::change_op::replace), "replace");
    EXPECT_EQ(pm::to_string(pm::change_op::remove), "remove");
    EXPECT_EQ(pm::to_string(pm::change_op::append), "append");
    EXPECT_EQ(pm::to_string(pm::ignore_reason::read_only), "read_only");
    EXPECT_EQ(pm::to_string(pm::ignore_reason::unknown_field), "unknown_field");
    EXPECT_EQ(pm::to_string(pm::ignore_reason::not_permitted), "not_permitted");
}

TEST(ChangeReport, PutReportsRemovedAndAddedMembersByPath) {  // R, U2
    json stored = test_support::coolbikes_profile();
    stored["attributes"]["nested"] = {{"a", 1}, {"b", 2}};
    const auto r =
        pm::put_profile(stored, test_support::jdoe_query,
                        test_support::profile_request(
                            {{"name", "sunshine_user"},
                             {"identifiers", stored["identifiers"]},
                             {"attributes", {{"favorite_color", "blue"}, {"nested", {{"a", 1}}}}}}),
                        test_support::at_later());
    EXPECT_EQ(r.changes,
              (std::vector<pm::change>{{pm::change_op::replace, "/attributes/favorite_color"},
                                       {pm::change_op::remove, "/attributes/nested/b"},
                                       {pm::change_op::remove, "/attributes/saddle_height"}}));
}
