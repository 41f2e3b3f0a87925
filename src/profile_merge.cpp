// SPDX-License-Identifier: MIT
// The library compiled once: the target profile_merge::compiled.
#include <profile_merge/src.hpp>
