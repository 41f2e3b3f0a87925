// SPDX-License-Identifier: MIT
#pragma once

// The separately compiled mode: include this header in exactly one .cpp of the
// program, and define PROFILE_MERGE_SEPARATE_COMPILATION in every translation unit
// (the CMake target profile_merge::compiled does both). The other headers then
// declare only, and the library's definitions are compiled here, once. Without the
// macro every definition is inline and this header adds nothing.
#include "profile_merge/impl/attribute_merge.ipp"
#include "profile_merge/impl/effect.ipp"
#include "profile_merge/impl/end_user.ipp"
#include "profile_merge/impl/end_user_schema.ipp"
#include "profile_merge/impl/error.ipp"
#include "profile_merge/impl/etag.ipp"
#include "profile_merge/impl/identifier.ipp"
#include "profile_merge/impl/identifier_query.ipp"
#include "profile_merge/impl/identifiers.ipp"
#include "profile_merge/impl/naming.ipp"
#include "profile_merge/impl/normalize.ipp"
#include "profile_merge/impl/patch.ipp"
#include "profile_merge/impl/policy.ipp"
#include "profile_merge/impl/profile_schema.ipp"
#include "profile_merge/impl/put.ipp"
#include "profile_merge/impl/result.ipp"
