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
    EXPECT_EQ(r.changes, (pm::change_list{{pm::change_op::replace, "/attributes/favorite_color"},
                                          {pm::change_op::remove, "/attributes/nested/b"},
                                          {pm::change_op::remove, "/attributes/saddle_height"}}));
}

TEST(ChangeReport, ChangeListKeepsEveryPathInOrderAndEscapesTokens) {  // R
    pm::change_list changes;
    EXPECT_TRUE(changes.empty());
    changes.reserve(4, 16);  // fewer bytes than the paths need: the buffer grows
    changes.push_back(pm::change_op::replace, "/name");
    changes.push_back(pm::change_op::add, "/attributes", "a/b~c");
    changes.push_back(pm::change_op::append, "/identifiers", std::size_t{12});
    changes.push_back(
        {pm::change_op::remove, "/attributes/a-rather-long-key-that-moves-the-buffer"});
    ASSERT_EQ(changes.size(), 4u);
    EXPECT_EQ(changes[1], (pm::change{pm::change_op::add, "/attributes/a~1b~0c"}));
    EXPECT_EQ(changes.front().path, "/name");
    EXPECT_EQ(changes.back().op, pm::change_op::remove);
    std::vector<std::string> paths;
    for (const pm::change c : changes) {
        paths.emplace_back(c.path);
    }
    EXPECT_EQ(paths,
              (std::vector<std::string>{"/name", "/attributes/a~1b~0c", "/identifiers/12",
                                        "/attributes/a-rather-long-key-that-moves-the-buffer"}));
    EXPECT_EQ(changes.end() - changes.begin(), 4);
    EXPECT_EQ(*(changes.begin() + 2), (pm::change{pm::change_op::append, "/identifiers/12"}));
}

TEST(ChangeReport, ChangeListComparesOpsAndPaths) {  // R
    const pm::change_list a{{pm::change_op::add, "/x"}, {pm::change_op::remove, "/y"}};
    EXPECT_EQ(a, (pm::change_list{{pm::change_op::add, "/x"}, {pm::change_op::remove, "/y"}}));
    EXPECT_NE(a, (pm::change_list{{pm::change_op::add, "/x"}, {pm::change_op::replace, "/y"}}));
    EXPECT_NE(a, (pm::change_list{{pm::change_op::add, "/x"}, {pm::change_op::remove, "/z"}}));
    EXPECT_NE(a, (pm::change_list{{pm::change_op::add, "/x"}}));
    pm::change_list copy = a;
    copy.push_back(copy[0]);  // a path read from the list itself, while the buffer may move
    EXPECT_EQ(copy[2], (pm::change{pm::change_op::add, "/x"}));
    copy.clear();
    EXPECT_TRUE(copy.empty());
}

TEST(ChangeReport, ChangeListWritesIllFormedKeysAsWellFormedPointers) {  // R, G9
    pm::change_list changes;
    changes.push_back(pm::change_op::add, "", std::string_view("bad\xFF/", 5));
    EXPECT_EQ(changes[0].path, "/bad\xEF\xBF\xBD~1");
}
