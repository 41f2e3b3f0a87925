// Identifier queries: Q1-Q5 and the G9 limits of their parts.
#include "support.hpp"

#include <vector>

using namespace test_support;

namespace {

pm::error_code only_error(std::string_view text) {
    auto result = pm::parse_identifier_query(text);
    EXPECT_FALSE(result.ok()) << text;
    EXPECT_EQ(result.errors.size(), 1u) << text;
    return result.errors.empty() ? pm::error_code::not_found : result.errors.front().code;
}

// A PUT or PATCH body that is valid, so that only the address can fail.
json sdk_body() {
    return profile_request({{"identifiers", {{{"type", "sdk"}, {"value", "S1"}}}}});
}

}  // namespace

TEST(IdentifierQuery, SplitsIntoFourPartsAtTheFirstThreeColons) {  // Q1
    EXPECT_EQ(parsed_query("coolbikes:rider:email:jdoe@example.com"),
              (pm::identifier_query{"coolbikes", "rider", "email", "jdoe@example.com"}));
}

TEST(IdentifierQuery, ValueKeepsFurtherColons) {  // Q1
    EXPECT_EQ(parsed_query("src:t:urn:a:b").identifier_value, "a:b");
    EXPECT_EQ(parsed_query("src:t:urn:a:b:c").identifier_value, "a:b:c");
}

TEST(IdentifierQuery, PercentEscapesAreDecodedBeforeSplitting) {  // Q2
    EXPECT_EQ(parsed_query("coolbikes%3Arider%3Aemail%3Ajdoe%40example.com"),
              parsed_query("coolbikes:rider:email:jdoe@example.com"));
}

TEST(IdentifierQuery, PercentEscapesAreDecodedExactlyOnce) {  // Q2
    EXPECT_EQ(parsed_query("s:t:custom:100%2541").identifier_value, "100%41");
}

TEST(IdentifierQuery, PlusStaysPlusSoPlusAddressedEmailsSurvive) {  // Q2
    EXPECT_EQ(parsed_query("s:t:email:jane+bikes@example.com").identifier_value,
              "jane+bikes@example.com");
}

TEST(IdentifierQuery, MalformedEscapesAreInvalid) {  // Q2
    EXPECT_EQ(only_error("s:t:email:a%4"), pm::error_code::invalid_identifier_query);
    EXPECT_EQ(only_error("s:t:email:a%G1"), pm::error_code::invalid_identifier_query);
    EXPECT_EQ(only_error("s:t:email:a%"), pm::error_code::invalid_identifier_query);
    EXPECT_EQ(only_error("s:t:email:a%4G"), pm::error_code::invalid_identifier_query);
    EXPECT_EQ(only_error("s:t:email:a%G4"), pm::error_code::invalid_identifier_query);
    EXPECT_EQ(parsed_query("s:t:email:a%4A").identifier_value, "aJ");
}

TEST(IdentifierQuery, NulBytesAndOverlongEscapesAreInvalid) {  // Q2, hostile input
    EXPECT_EQ(only_error("s:t:email:a%00b"), pm::error_code::invalid_identifier_query);
    EXPECT_EQ(only_error(std::string_view("s:t:email:a\0b", 13)),
              pm::error_code::invalid_identifier_query);
    EXPECT_EQ(only_error("s:t:email:%C0%AF"), pm::error_code::invalid_identifier_query);
    EXPECT_EQ(only_error("s:t:email:%ED%A0%80"), pm::error_code::invalid_identifier_query);
}

TEST(IdentifierQuery, AllFourPartsAreRequired) {  // Q3
    EXPECT_EQ(only_error("coolbikes:rider"), pm::error_code::invalid_identifier_query);
    EXPECT_EQ(only_error("coolbikes:rider:email"), pm::error_code::invalid_identifier_query);
    EXPECT_EQ(only_error(""), pm::error_code::invalid_identifier_query);
}

TEST(IdentifierQuery, EveryEmptyPartIsReported) {  // Q3, G8
    auto result = pm::parse_identifier_query(":rider::");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.errors.size(), 3u);
    for (const auto& e : result.errors) {
        EXPECT_EQ(e.code, pm::error_code::invalid_identifier_query);
        EXPECT_EQ(e.parameter(), "identifier");
    }
}

// G11 (1) reports every error of the address: a control character does not stop the
// parts' limits from being checked, nor a malformed escape the rest.
TEST(IdentifierQuery, EveryErrorOfEveryPartIsReported) {  // G8, G11, Q2, Q3, G9, G12
    const auto codes = [](std::string_view text) {
        std::vector<pm::error_code> out;
        for (const auto& e : pm::parse_identifier_query(text).errors) {
            out.push_back(e.code);
        }
        return out;
    };
    using code = pm::error_code;
    EXPECT_EQ(codes("coolbikes:" + std::string(41, 'a') + ":email:x%01"),
              (std::vector{code::limit_exceeded, code::invalid_identifier_query}));
    EXPECT_EQ(codes(std::string(41, 's') + ":r\x01:e mail:" + std::string(61, 'v')),
              (std::vector{code::limit_exceeded, code::invalid_identifier_query,
                           code::invalid_identifier_query, code::limit_exceeded}));
    EXPECT_EQ(codes("s%G1:" + std::string(41, 't') + ":email:v"),
              (std::vector{code::invalid_identifier_query, code::limit_exceeded}));
    EXPECT_EQ(codes(std::string(41, 's') + ":t"),
              (std::vector{code::invalid_identifier_query, code::limit_exceeded}));
}

// Q1: a query given as parts says what its text would, so a key part holding the
// separator is refused, as are the other errors of each part.
TEST(IdentifierQuery, APartThatHoldsAColonIsRefusedInAParsedQuery) {  // Q1, G8
    for (const pm::identifier_query& query : {pm::identifier_query{"s:x", "t", "email", "v"},
                                              pm::identifier_query{"s", "t:x", "email", "v"},
                                              pm::identifier_query{"s", "t", "e:mail", "v"}}) {
        const auto r = pm::put_profile_by_query(json(nullptr), query, sdk_body(), at_later());
        EXPECT_EQ(r.outcome, pm::outcome::invalid) << pm::to_json(r).dump();
        ASSERT_EQ(r.errors.size(), 1u);
        EXPECT_TRUE(has_unplaced_error(r, pm::error_code::invalid_identifier_query, "identifier"));
    }
    const auto r = pm::put_profile_by_query(
        json(nullptr), pm::identifier_query{"s", "t", "email", "urn:a:b"}, sdk_body(), at_later());
    EXPECT_EQ(r.outcome, pm::outcome::created) << "the value may hold colons";
    const auto all = pm::put_profile_by_query(
        json(nullptr), pm::identifier_query{"zen:desk", "", "e mail", "x\x01"}, sdk_body(),
        at_later());
    EXPECT_EQ(all.errors.size(), 4u) << pm::to_json(all).dump();
}

// Q5 is checked on the query's source whatever else is wrong with the query.
TEST(IdentifierQuery, TheReservedSourceIsReportedBesideTheQuerysOtherErrors) {  // Q5, G11, G8
    for (const std::string& query :
         std::vector<std::string>{"zendesk:rider:sdk:1%01", "zEnDeSk:Rider:member id:1",
                                  "zendesk:" + std::string(41, 'a') + ":sdk:1", "zendesk:rider",
                                  "zendesk:rider:sdk:%4G"}) {
        const auto r = pm::put_profile_by_query(json(nullptr), query, sdk_body(), at_later());
        EXPECT_EQ(r.errors.size(), 2u) << query << ": " << pm::to_json(r).dump();
        EXPECT_TRUE(has_unplaced_error(r, pm::error_code::reserved_source, "identifier")) << query;
    }
    const auto parsed = pm::patch_profile_by_query(
        coolbikes_profile(), pm::identifier_query{"ZENDESK", "rider", "e mail", "x"}, sdk_body(),
        at_later());
    EXPECT_EQ(parsed.errors.size(), 2u) << pm::to_json(parsed).dump();
    EXPECT_TRUE(has_unplaced_error(parsed, pm::error_code::reserved_source, "identifier"));
}

TEST(IdentifierQuery, PartsRespectTheLimitsInCodePoints) {  // Q3, G9
    const std::string forty_e_acute = [] {
        std::string s;
        for (int i = 0; i < 40; ++i)
            s += "\xC3\xA9";
        return s;
    }();
    EXPECT_TRUE(pm::parse_identifier_query(forty_e_acute + ":t:email:a").ok());
    EXPECT_EQ(only_error(std::string(41, 's') + ":t:email:a"), pm::error_code::limit_exceeded);
    EXPECT_EQ(only_error("s:" + std::string(41, 't') + ":email:a"), pm::error_code::limit_exceeded);
    EXPECT_EQ(only_error("s:t:" + std::string(61, 'x') + ":a"), pm::error_code::limit_exceeded);
    EXPECT_EQ(only_error("s:t:email:" + std::string(61, 'a')), pm::error_code::limit_exceeded);
    EXPECT_TRUE(pm::parse_identifier_query("s:t:email:" + std::string(61, 'a'),
                                           pm::profile_limits::unlimited())
                    .ok());
}

// The parser skips the code-point checks for printable ASCII: for it, they must say
// valid, control-free, and identifying unless it is a space.
TEST(IdentifierQuery, PrintableAsciiAgreesWithTheCodePointChecks) {  // Q2, G12
    for (char c = 0x20; c <= 0x7E; ++c) {
        const std::string text(1, c);
        EXPECT_TRUE(pm::detail::is_utf8(text)) << int{c};
        EXPECT_TRUE(pm::detail::is_control_free_text(text)) << int{c};
        EXPECT_EQ(pm::detail::is_identifying_text(text), c != ' ') << int{c};
        EXPECT_EQ(pm::detail::utf8_length(text), 1u) << int{c};
        if (c != ':' && c != '%') {
            EXPECT_EQ(pm::parse_identifier_query(std::string("s") + c + ":t:email:v" + c).ok(),
                      c != ' ')
                << int{c};
        }
    }
    // Outside printable ASCII the code-point checks decide: a control, a Cf, a blank.
    EXPECT_EQ(only_error("s\x7F:t:email:v"), pm::error_code::invalid_identifier_query);
    EXPECT_EQ(only_error("s\xE2\x80\x8B:t:email:v"), pm::error_code::invalid_identifier_query);
    EXPECT_EQ(only_error("s\xC2\xA0:t:email:v"), pm::error_code::invalid_identifier_query);
    EXPECT_TRUE(pm::parse_identifier_query("s:t:email:v\xC2\xA0w").ok());
}

TEST(IdentifierQuery, FormatsSoThatParsingGivesItBack) {  // Q1, Q2
    const pm::identifier_query query{"coolbikes", "rider", "email", "jdoe+x@example.com"};
    EXPECT_EQ(pm::format_identifier_query(query), "coolbikes:rider:email:jdoe+x@example.com");
    EXPECT_EQ(pm::format_identifier_query(query, pm::query_encoding::percent_encoded),
              "coolbikes%3Arider%3Aemail%3Ajdoe%2Bx%40example.com");
    for (auto encoding : {pm::query_encoding::raw, pm::query_encoding::percent_encoded}) {
        for (const auto& q : {query, pm::identifier_query{"s", "t", "urn", "a:b%41"}}) {
            EXPECT_EQ(parsed_query(*pm::format_identifier_query(q, encoding)), q);
        }
    }
}

TEST(IdentifierQuery, CannotFormatWhatNoQueryCanSay) {  // Q1, Q3
    EXPECT_FALSE(pm::format_identifier_query({"a:b", "t", "email", "v"}));
    EXPECT_FALSE(pm::format_identifier_query({"s", "t", "", "v"}));
}

TEST(IdentifierQuery, ZendeskIsAReservedSourceInAnyCase) {  // Q5
    EXPECT_TRUE(pm::is_reserved_source("zendesk"));
    EXPECT_TRUE(pm::is_reserved_source("ZenDesk"));
    EXPECT_FALSE(pm::is_reserved_source("zendesk2"));
    EXPECT_FALSE(pm::is_reserved_source("coolbikes"));
}

TEST(IdentifierQuery, MatchesSourceTypeAndANormalisedIdentifier) {  // Q4, N1
    const json profile = coolbikes_profile();
    EXPECT_TRUE(pm::matches(profile, parsed_query("coolbikes:rider:email:JDoe@Example.COM")));
    EXPECT_FALSE(pm::matches(profile, parsed_query("Coolbikes:rider:email:jdoe@example.com")));
    EXPECT_FALSE(pm::matches(profile, parsed_query("coolbikes:Rider:email:jdoe@example.com")));
    EXPECT_FALSE(pm::matches(profile, parsed_query("coolbikes:rider:email:other@example.com")));
    EXPECT_FALSE(
        pm::matches(profile, parsed_query("coolbikes:rider:external_id:jdoe@example.com")));
    EXPECT_FALSE(pm::matches(json(nullptr), parsed_query(jdoe_query)));
}

TEST(IdentifierQuery, CustomTypesMatchCaseSensitively) {  // Q4, N1
    json profile = coolbikes_profile();
    profile["identifiers"].push_back({{"type", "member"}, {"value", "AbC"}});
    EXPECT_TRUE(pm::matches(profile, parsed_query("coolbikes:rider:member:AbC")));
    EXPECT_FALSE(pm::matches(profile, parsed_query("coolbikes:rider:member:abc")));
}

TEST(IdentifierQuery, FindsTheMatchingProfileInARange) {  // Q4
    json other = coolbikes_profile();
    other["type"] = "mechanic";
    const std::vector<json> profiles{other, coolbikes_profile()};
    const auto found = pm::find_profile(profiles, parsed_query(jdoe_query));
    ASSERT_NE(found, profiles.end());
    EXPECT_EQ((*found)["type"], "rider");
    EXPECT_EQ(pm::find_profile(profiles, parsed_query("coolbikes:rider:email:nobody@example.com")),
              profiles.end());
}
