// Attribute merge: P3 (RFC 7396, and the shallow decision) and the G9 depth limit.
#include "support.hpp"

using test_support::nested_objects;

#include <vector>

namespace {

json merged(json target, const json& patch, pm::attribute_merge mode = pm::attribute_merge::deep) {
    pm::merge_attributes(target, patch, mode);
    return target;
}

}  // namespace

// RFC 7396 Appendix A, every case whose target and patch are objects.
TEST(AttributeMerge, FollowsEveryObjectExampleOfRfc7396AppendixA) {  // P3
    const std::vector<std::array<const char*, 3>> examples{{
        {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
        {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
        {R"({"a":"b"})", R"({"a":null})", R"({})"},
        {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
        {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
        {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
        {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
        {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
        {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
        {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
    }};
    for (const auto& [target, patch, expected] : examples) {
        EXPECT_EQ(merged(json::parse(target), json::parse(patch)), json::parse(expected))
            << target << " + " << patch;
    }
}

TEST(AttributeMerge, AgreesWithNlohmannMergePatch) {  // P3
    const json target = json::parse(R"({"a":{"b":{"c":1,"d":[1,2]},"e":"x"},"f":null,"g":2})");
    const json patch = json::parse(
        R"({"a":{"b":{"c":null,"z":{"y":null,"w":3}},"e":{"n":1}},"g":null,"h":[null]})");
    json expected = target;
    expected.merge_patch(patch);
    EXPECT_EQ(merged(target, patch), expected);
}

TEST(AttributeMerge, KeysNotInThePatchAreUntouched) {  // P3
    EXPECT_EQ(merged(json::parse(R"({"x":1,"y":{"z":2}})"), json::parse(R"({"w":3})")),
              json::parse(R"({"x":1,"y":{"z":2},"w":3})"));
}

TEST(AttributeMerge, ShallowReplacesNestedObjectsWhole) {  // P3 [decision]
    const json target = json::parse(R"({"a":{"b":1,"c":2},"d":1})");
    EXPECT_EQ(merged(target, json::parse(R"({"a":{"b":3}})"), pm::attribute_merge::shallow),
              json::parse(R"({"a":{"b":3},"d":1})"));
    EXPECT_EQ(merged(target, json::parse(R"({"d":null})"), pm::attribute_merge::shallow),
              json::parse(R"({"a":{"b":1,"c":2}})"));
}

TEST(AttributeMerge, ReportsEachChangeWithAnEscapedPath) {  // P3, R
    json target = json::parse(R"({"a/b":1,"t~":{"x":1},"gone":1})");
    pm::change_list changes;
    const bool changed = pm::merge_attributes(
        target, json::parse(R"({"a/b":2,"t~":{"x":1,"y":2},"gone":null,"new":{"n":null}})"),
        pm::attribute_merge::deep, "/attributes", &changes);
    EXPECT_TRUE(changed);
    EXPECT_EQ(changes, (pm::change_list{{pm::change_op::replace, "/attributes/a~1b"},
                                        {pm::change_op::remove, "/attributes/gone"},
                                        {pm::change_op::add, "/attributes/new"},
                                        {pm::change_op::add, "/attributes/t~0/y"}}));
}

TEST(AttributeMerge, APatchThatChangesNothingSaysSo) {  // P3, P8
    json target = json::parse(R"({"a":{"b":1},"c":[1]})");
    pm::change_list changes;
    EXPECT_FALSE(pm::merge_attributes(target, json::parse(R"({"a":{"b":1},"c":[1],"zz":null})"),
                                      pm::attribute_merge::deep, "/attributes", &changes));
    EXPECT_TRUE(changes.empty());
}

TEST(AttributeMerge, DepthCountsTheAttributesObjectAsOne) {  // G9
    // nested_objects(n) has n levels of objects; as attributes, the member "k" of
    // the outermost sits at depth 2 when it is an object.
    EXPECT_FALSE(pm::find_attribute_problem(nested_objects(32), "/profile/attributes", 32));
    const auto problem = pm::find_attribute_problem(nested_objects(33), "/profile/attributes", 32);
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->code, pm::error_code::limit_exceeded);
    std::string expected = "/profile/attributes";
    for (int i = 0; i < 32; ++i)
        expected += "/k";
    EXPECT_EQ(problem->pointer, expected);
}

TEST(AttributeMerge, ArraysCountAsLevelsAndPointersNameTheirIndex) {  // G9
    const json attributes = json::parse(R"({"a":[0,[1,[2]]]})");
    EXPECT_FALSE(pm::find_attribute_problem(attributes, "/profile/attributes", 4));
    const auto problem = pm::find_attribute_problem(attributes, "/profile/attributes", 3);
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->pointer, "/profile/attributes/a/1/1");
}

TEST(AttributeMerge, AHundredThousandLevelsAreRejectedWithoutRecursion) {  // G9, hostile input
    const json hostile = nested_objects(100000);
    const auto problem = pm::find_attribute_problem(hostile, "/profile/attributes", 32);
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->code, pm::error_code::limit_exceeded);
    EXPECT_FALSE(pm::find_attribute_problem(hostile, "/profile/attributes", 0)) << "0 = unlimited";
}

// The UTF-8 check reads words, short strings as two overlapping ones: a bad byte
// is found, and a good multi-byte character accepted, at every position of every
// length up to 24, in keys and in values.
TEST(AttributeMerge, IllFormedUtf8IsFoundAtEveryPositionOfShortAndLongStrings) {  // F1
    for (std::size_t length = 1; length <= 24; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            std::string bad(length, 'a');
            bad[at] = '\xFF';
            const json bad_value{{"k", bad}};
            const json bad_key{{bad, 1}};
            EXPECT_TRUE(pm::find_attribute_problem(bad_value, "/a", 32)) << length << " " << at;
            EXPECT_TRUE(pm::find_attribute_problem(bad_key, "/a", 32)) << length << " " << at;
            if (at + 2 <= length) {
                std::string good(length, 'a');
                good.replace(at, 2, "\xC3\xA9");  // U+00E9
                EXPECT_FALSE(pm::find_attribute_problem(json{{"k", good}}, "/a", 32));
                EXPECT_FALSE(pm::find_attribute_problem(json{{good, 1}}, "/a", 32));
            }
        }
    }
}

// Member names are compared a word at a time: a name that differs from a stored
// one in a single byte, at any position and on either side of it, is another member.
TEST(AttributeMerge, KeysThatDifferInOneByteAnywhereAreDifferentMembers) {  // P3
    for (std::size_t length = 1; length <= 24; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (const char differing : {'j', 'l'}) {
                const std::string key(length, 'k');
                std::string other = key;
                other[at] = differing;
                json target{{key, 1}};
                pm::change_list changes;
                pm::merge_attributes(target, json{{other, 3}, {key, 4}}, pm::attribute_merge::deep,
                                     "", &changes);
                EXPECT_EQ(target, (json{{key, 4}, {other, 3}})) << length << " " << at;
                EXPECT_EQ(changes.size(), 2U);
                EXPECT_EQ(changes[differing == 'j' ? 0 : 1],
                          (pm::change{pm::change_op::add, "/" + other}));
            }
        }
    }
}

TEST(AttributeMerge, IllFormedUtf8InKeysOrStringsIsFound) {  // F1, hostile input
    json bad_value = json::object();
    bad_value["ok"] = {{"x", std::string("\xFF")}};
    auto problem = pm::find_attribute_problem(bad_value, "/profile/attributes", 32);
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->code, pm::error_code::invalid_value);
    EXPECT_EQ(problem->pointer, "/profile/attributes/ok/x");

    json bad_key = json::object();
    bad_key[std::string("k\xC0\xAF")] = 1;
    problem = pm::find_attribute_problem(bad_key, "/profile/attributes", 32);
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->code, pm::error_code::invalid_value);
}
