// profile_merge: the update rules of customer-profile APIs as pure functions.
// SPDX-License-Identifier: MIT
#pragma once

// One version, three numbers; tests check them against CMake's project(VERSION).
#define PROFILE_MERGE_VERSION_MAJOR 0
#define PROFILE_MERGE_VERSION_MINOR 3
#define PROFILE_MERGE_VERSION_PATCH 0

#define PROFILE_MERGE_STRINGIFY_IMPL(x) #x
#define PROFILE_MERGE_STRINGIFY(x) PROFILE_MERGE_STRINGIFY_IMPL(x)
#define PROFILE_MERGE_VERSION_STRING                                                      \
    PROFILE_MERGE_STRINGIFY(PROFILE_MERGE_VERSION_MAJOR)                                  \
    "." PROFILE_MERGE_STRINGIFY(PROFILE_MERGE_VERSION_MINOR) "." PROFILE_MERGE_STRINGIFY( \
        PROFILE_MERGE_VERSION_PATCH)

namespace profile_merge {
inline namespace v1 {

struct library_version {
    int major;
    int minor;
    int patch;
};

/// The version of the headers in use (the same numbers as the macros).
[[nodiscard]] constexpr library_version version() noexcept {
    return {PROFILE_MERGE_VERSION_MAJOR, PROFILE_MERGE_VERSION_MINOR, PROFILE_MERGE_VERSION_PATCH};
}

}  // namespace v1
}  // namespace profile_merge
