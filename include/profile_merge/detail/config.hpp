// SPDX-License-Identifier: MIT
#pragma once

// Header-only by default: every definition is inline and each header includes its
// impl/*.ipp. With PROFILE_MERGE_SEPARATE_COMPILATION defined in every translation
// unit, the headers declare only, and one .cpp that includes profile_merge/src.hpp
// compiles the definitions once (docs/architecture.md, "Compiling").
#if defined(PROFILE_MERGE_SEPARATE_COMPILATION)
#define PROFILE_MERGE_DECL
#else
#define PROFILE_MERGE_HEADER_ONLY
#define PROFILE_MERGE_DECL inline
#endif
