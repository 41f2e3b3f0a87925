// The 0.1 names stay one release as deprecated aliases of the 0.2 ones.
#include "support.hpp"

using namespace test_support;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

TEST(DeprecatedNames, PatchProfileIsPatchProfileById) {  // P1
    const json request = profile_request({{"name", "x"}});
    EXPECT_EQ(pm::to_json(pm::patch_profile(coolbikes_profile(), request, at_later())),
              pm::to_json(pm::patch_profile_by_id(coolbikes_profile(), request, at_later())));
    const json stored = coolbikes_profile();
    EXPECT_EQ(pm::to_json(pm::patch_profile(stored, request, at_later())),
              pm::to_json(pm::patch_profile_by_id(stored, request, at_later())));
}

TEST(DeprecatedNames, PutProfileIsPutProfileByQuery) {  // U1
    const json request = profile_request({{"identifiers", coolbikes_profile()["identifiers"]}});
    EXPECT_EQ(pm::to_json(pm::put_profile(coolbikes_profile(), jdoe_query, request, at_later())),
              pm::to_json(
                  pm::put_profile_by_query(coolbikes_profile(), jdoe_query, request, at_later())));
    const json stored = coolbikes_profile();
    EXPECT_EQ(pm::to_json(pm::put_profile(stored, jdoe_query, request, at_later())),
              pm::to_json(pm::put_profile_by_query(stored, jdoe_query, request, at_later())));
}

// An effect's identities are identifiers: the one {type, value} type.
TEST(DeprecatedNames, IdentityIsIdentifier) {  // U3
    static_assert(std::is_same_v<pm::identity, pm::identifier>);
    const pm::identity id{"email", "jdoe@example.com"};
    const pm::resolve_user resolve{{id}, "jdoe@example.com"};
    EXPECT_EQ(resolve.identifiers.front(), (pm::identifier{"email", "jdoe@example.com"}));
}

#pragma GCC diagnostic pop
