// One version: version.hpp agrees with CMake's project(VERSION).
#include "support.hpp"

TEST(Version, HeaderMatchesTheCMakeProjectVersion) {
    EXPECT_EQ(std::string(PROFILE_MERGE_VERSION_STRING), PROFILE_MERGE_PROJECT_VERSION);
    const auto v = pm::version();
    EXPECT_EQ(
        std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch),
        PROFILE_MERGE_PROJECT_VERSION);
}
