// Options: defaults of G9 and the wire names of every choice.
#include "support.hpp"

TEST(Options, DefaultLimitsAreThoseOfG9) {  // G9
    const pm::profile_limits limits;
    EXPECT_EQ(limits.max_identifiers, 20u);
    EXPECT_EQ(limits.max_source_length, 40u);
    EXPECT_EQ(limits.max_identifier_length, 60u);
    EXPECT_EQ(limits.max_type_length, 40u);
    EXPECT_EQ(limits.max_identifier_value_length, 60u);
    EXPECT_EQ(limits.max_attribute_depth, 32u);
    EXPECT_EQ(limits.max_attribute_name_length, 256u);
    const auto off = pm::profile_limits::unlimited();
    EXPECT_EQ(off.max_identifiers + off.max_source_length + off.max_identifier_length +
                  off.max_attribute_depth + off.max_attribute_name_length + off.max_type_length +
                  off.max_identifier_value_length,
              0u);
}

TEST(Options, ChoicesParseFromTheirWireNames) {
    EXPECT_EQ(pm::option_from_string<pm::attribute_merge>("shallow"), pm::attribute_merge::shallow);
    EXPECT_EQ(pm::option_from_string<pm::read_only_policy>("reject"), pm::read_only_policy::reject);
    EXPECT_EQ(pm::option_from_string<pm::privileged_fields_policy>("ignore"),
              pm::privileged_fields_policy::ignore);
    EXPECT_FALSE(pm::option_from_string<pm::attribute_merge>("Deep"));
    EXPECT_EQ(pm::to_string(pm::attribute_merge::deep), "deep");
}

TEST(Options, DefaultsAreTheSafeChoices) {  // P3, G6, E3 (defaults)
    EXPECT_EQ(pm::patch_options{}.attributes, pm::attribute_merge::deep);
    EXPECT_EQ(pm::patch_options{}.read_only, pm::read_only_policy::ignore);
    EXPECT_EQ(pm::end_user_options{}.privileged_fields, pm::privileged_fields_policy::ignore);
    EXPECT_FALSE(pm::put_options{}.if_match);
}
