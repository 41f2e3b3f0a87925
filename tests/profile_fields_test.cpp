// The F table as data.
#include "support.hpp"

TEST(ProfileFields, ReadOnlyFieldsAreTheSixOfP6) {  // P6, F
    std::vector<std::string_view> read_only;
    for (const auto& field : pm::profile_fields) {
        if (field.access == pm::field_access::read_only) {
            read_only.push_back(field.name);
            EXPECT_EQ(field.on_patch, pm::profile_patch_rule::ignore) << field.name;
        }
    }
    EXPECT_EQ(read_only, (std::vector<std::string_view>{"id", "created_at", "updated_at", "source",
                                                        "type", "user_id"}));
}

TEST(ProfileFields, WritableFieldsHaveTheirPatchAndPutRules) {  // F
    EXPECT_EQ(pm::find_profile_field("name")->on_patch, pm::profile_patch_rule::set_name);
    EXPECT_EQ(pm::find_profile_field("attributes")->on_patch,
              pm::profile_patch_rule::merge_attributes);
    EXPECT_EQ(pm::find_profile_field("identifiers")->on_patch,
              pm::profile_patch_rule::append_identifiers);
    EXPECT_EQ(pm::find_profile_field("identifiers")->on_put,
              pm::profile_put_rule::replace_identifiers);
    EXPECT_EQ(pm::find_profile_field("nickname"), nullptr);
}
