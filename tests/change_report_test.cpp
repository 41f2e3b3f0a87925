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

// A few changes live inside the list, more on the heap: every path stays right
// across that move, when a parent or token is read from the list itself, and in
// copies and moves of either kind of list (checked against a list of strings).
TEST(ChangeReport, ChangeListKeepsItsPathsInsideItselfThenOnTheHeap) {  // R
    pm::change_list changes;
    std::vector<std::string> expected;
    changes.push_back(pm::change_op::add, "/attributes", "a");
    expected.emplace_back("/attributes/a");
    const pm::change_list small = changes;
    for (std::size_t i = 0; i < 40; ++i) {
        const pm::change last = changes.back();
        if (i % 3 == 0) {  // parent and token both read from the list
            changes.push_back(pm::change_op::add, last.path, last.path.substr(1, 5));
            expected.push_back(expected.back() + "/" + expected.back().substr(1, 5));
        } else if (i % 3 == 1) {
            changes.push_back(pm::change_op::append, last.path.substr(0, 11), i);
            expected.push_back(expected.back().substr(0, 11) + "/" + std::to_string(i));
        } else {
            changes.push_back(last);
            expected.push_back(expected.back());
        }
    }
    const auto paths_of = [](const pm::change_list& list) {
        std::vector<std::string> paths;
        for (const pm::change c : list) {
            paths.emplace_back(c.path);
        }
        return paths;
    };
    ASSERT_EQ(paths_of(changes), expected);

    pm::change_list copy = changes;
    EXPECT_EQ(copy, changes);
    pm::change_list moved = std::move(copy);
    EXPECT_EQ(paths_of(moved), expected);
    EXPECT_TRUE(copy.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
    pm::change_list small_moved = small;
    pm::change_list from_small = std::move(small_moved);
    EXPECT_EQ(from_small, small);
    from_small = moved;  // a heap list over an inline one
    EXPECT_EQ(paths_of(from_small), expected);
    moved = small;  // and back
    EXPECT_EQ(moved, small);
    from_small = std::move(moved);
    EXPECT_EQ(from_small, small);
    pm::change_list& same = from_small;
    from_small = same;
    EXPECT_EQ(from_small, small);
    from_small.push_back(pm::change_op::remove, "/x");
    EXPECT_EQ(from_small.size(), 2U);
    EXPECT_EQ(small.size(), 1U) << "copies share nothing";
}

// Plain keys are copied as they are, checked a word at a time: a '~' or '/' at any
// position of a key of any length up to 24 is still escaped.
TEST(ChangeReport, ChangeListEscapesTildeAndSlashAtEveryPosition) {  // R
    for (std::size_t length = 1; length <= 24; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (const auto& [raw, escaped] : {std::pair{'~', "~0"}, std::pair{'/', "~1"}}) {
                std::string key(length, 'k');
                key[at] = raw;
                pm::change_list changes;
                changes.push_back(pm::change_op::add, "/attributes", key);
                const std::string expected =
                    "/attributes/" + key.substr(0, at) + escaped + key.substr(at + 1);
                EXPECT_EQ(changes[0].path, expected) << length << " " << at;
            }
        }
    }
}

TEST(ChangeReport, ChangeListWritesIllFormedKeysAsWellFormedPointers) {  // R, G9
    pm::change_list changes;
    changes.push_back(pm::change_op::add, "", std::string_view("bad\xFF/", 5));
    EXPECT_EQ(changes[0].path, "/bad\xEF\xBF\xBD~1");
}
