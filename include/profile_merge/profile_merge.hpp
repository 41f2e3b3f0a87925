// profile_merge: the update rules of customer-profile APIs (Zendesk Sunshine
// Profiles and End Users) applied to in-memory JSON, as pure functions.
//
// Header-only by default. To compile the library once instead, define
// PROFILE_MERGE_SEPARATE_COMPILATION everywhere and include profile_merge/src.hpp in
// one .cpp (docs/architecture.md, "Compiling").
// SPDX-License-Identifier: MIT
#pragma once

#include "profile_merge/version.hpp"

#include "profile_merge/change_report.hpp"
#include "profile_merge/effect.hpp"
#include "profile_merge/error.hpp"
#include "profile_merge/identifier.hpp"
#include "profile_merge/options.hpp"
#include "profile_merge/outcome.hpp"
#include "profile_merge/policy.hpp"
#include "profile_merge/result.hpp"

#include "profile_merge/attribute_merge.hpp"
#include "profile_merge/etag.hpp"
#include "profile_merge/identifier_query.hpp"
#include "profile_merge/identifiers.hpp"
#include "profile_merge/naming.hpp"
#include "profile_merge/normalize.hpp"

#include "profile_merge/end_user.hpp"
#include "profile_merge/end_user_schema.hpp"
#include "profile_merge/patch.hpp"
#include "profile_merge/profile_schema.hpp"
#include "profile_merge/put.hpp"
#include "profile_merge/schema.hpp"
