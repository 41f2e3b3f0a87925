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
    EXPECT_EQ(pm::to_string(pm::ignore_reason::write_once), "write_once");  // PL2
}

TEST(ChangeReport, PutReportsRemovedAndAddedMembersByPath) {  // R, U2
    json stored = test_support::coolbikes_profile();
    stored["attributes"]["nested"] = {{"a", 1}, {"b", 2}};
    const auto r = pm::put_profile_by_query(
        stored, test_support::jdoe_query,
        test_support::profile_request(
            {{"name", "sunshine_user"},
             {"identifiers", stored["identifiers"]},
             {"attributes", {{"favorite_color", "blue"}, {"nested", {{"a", 1}}}}}}),
        test_support::at_later());
    EXPECT_EQ(r.changes, (pm::change_list{{pm::change_op::replace, "/attributes/favorite_color"},
                                          {pm::change_op::remove, "/attributes/nested/b"},
                                          {pm::change_op::remove, "/attributes/saddle_height"}}));
}

// A change owns its path: it outlives the result, the list, copies and moves.
TEST(ChangeReport, ChangesAreValuesTheCallerKeeps) {  // R
    const auto changes_of_a_patch = [] {
        json stored = test_support::coolbikes_profile();
        const auto r = pm::patch_profile_by_id(
            std::move(stored),
            test_support::profile_request(
                {{"attributes", {{"favorite_color", "blue"}, {"a-rather-long-key", 1}}}}),
            test_support::at_later());
        return std::vector<pm::change>(r.changes.begin(), r.changes.end());
    };
    std::vector<pm::change> kept = changes_of_a_patch();
    const std::vector<pm::change> expected{{pm::change_op::add, "/attributes/a-rather-long-key"},
                                           {pm::change_op::replace, "/attributes/favorite_color"}};
    EXPECT_EQ(kept, expected);
    std::vector<pm::change> moved = std::move(kept);
    const pm::change first = moved.front();
    moved.clear();
    moved.shrink_to_fit();
    EXPECT_EQ(first, expected.front());
}

// Paths are RFC 6901 pointers: a '~' or '/' at any position of a key of any length
// up to 24 is escaped.
TEST(ChangeReport, PathsEscapeTildeAndSlashAtEveryPosition) {  // R
    for (std::size_t length = 1; length <= 24; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (const auto& [raw, escaped] : {std::pair{'~', "~0"}, std::pair{'/', "~1"}}) {
                std::string key(length, 'k');
                key[at] = raw;
                const std::string expected =
                    "/attributes/" + key.substr(0, at) + escaped + key.substr(at + 1);
                EXPECT_EQ(pm::detail::pointer_append("/attributes", key), expected)
                    << length << " " << at;
            }
        }
    }
}

TEST(ChangeReport, PathsWriteIllFormedKeysAsWellFormedPointers) {  // R, G9
    EXPECT_EQ(pm::detail::pointer_append("", std::string_view("bad\xFF/", 5)),
              "/bad\xEF\xBF\xBD~1");
}
