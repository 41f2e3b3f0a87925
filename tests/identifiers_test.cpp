// Identifiers: N3 de-duplication and the P4 append plan.
#include "support.hpp"

#include <vector>

TEST(Identifiers, AppendKeepsRequestOrderAndSkipsKnownOnes) {  // P4, N3
    const json stored =
        json::parse(R"([{"type":"email","value":"a@x.y"},{"type":"sdk","value":"S"}])");
    const std::vector<pm::identifier> incoming{
        {"email", "b@x.y"}, {"email", "a@x.y"}, {"sdk", "s"}, {"email", "b@x.y"}, {"sdk", "S"}};
    EXPECT_EQ(pm::identifiers_to_append(stored, incoming),
              (std::vector<pm::identifier>{{"email", "b@x.y"}, {"sdk", "s"}}));
}

TEST(Identifiers, StoredValuesAreComparedNormalised) {  // N1, N3
    const json stored =
        json::parse(R"([{"type":"email","value":"Legacy@X.Y"},{"type":"external_id","value":42}])");
    const std::vector<pm::identifier> incoming{{"email", "legacy@x.y"}, {"external_id", "42"}};
    EXPECT_TRUE(pm::identifiers_to_append(stored, incoming).empty());
}

TEST(Identifiers, TypeAndValueCannotBeConfusedAcrossTheBoundary) {  // N3
    pm::identifier_set set;
    EXPECT_TRUE(set.insert("ab", "c"));
    EXPECT_TRUE(set.insert("a", "bc"));
    EXPECT_FALSE(set.insert("ab", "c"));
    EXPECT_EQ(set.size(), 2u);
}

TEST(Identifiers, DeduplicationKeepsTheFirstOfEach) {  // U2, N3
    EXPECT_EQ(pm::deduplicate_identifiers({{"email", "a@x.y"}, {"sdk", "1"}, {"email", "a@x.y"}}),
              (std::vector<pm::identifier>{{"email", "a@x.y"}, {"sdk", "1"}}));
}

TEST(Identifiers, FiveThousandAgainstFiveThousandIsLinear) {  // P4 (no timing: a size check)
    json stored = json::array();
    std::vector<pm::identifier> incoming;
    for (int i = 0; i < 5000; ++i) {
        stored.push_back({{"type", "member"}, {"value", std::to_string(i)}});
        incoming.push_back({"member", std::to_string(i + 2500)});
    }
    EXPECT_EQ(pm::identifiers_to_append(stored, incoming).size(), 2500u);
}
