# Fails when a header includes one from a higher layer, when a header has no layer,
# or when the examples (the CLI, the embedding example, the server) reach into detail/.
# Layers, lowest first (docs/architecture.md draws them):
#   0 base        text, JSON and enum helpers every layer uses
#   1 result      the values a caller keeps (field tables too), and the diagnostics
#   2 engine      the entity editor, the attribute planner and the field-table machinery
#   3 rules       building blocks, each a pure function of values
#   4 skeleton    the gates and the profile rules the operations share
#   5 operations  PATCH, PUT, the end-user update
#   6 umbrella
#   7 testing     opt-in, outside the umbrella
#   cmake -DROOT=<repository> -P tools/check_layers.cmake
cmake_minimum_required(VERSION 3.23)

set(layer_0 version detail/config detail/other_json detail/enum_names detail/small_vector detail/text detail/message
            detail/json_value detail/member_lookup detail/compact_json)
set(layer_1 identifier outcome error effect change_report options result field_access schema
            profile_schema end_user_schema policy
            detail/diagnostics detail/json_schema)
set(layer_2 detail/entity_editor detail/attribute_plan detail/field_table)
set(layer_3 normalize naming identifier_query identifiers attribute_merge etag)
set(layer_4 detail/operation detail/profile_rules detail/profile_fields)
set(layer_5 patch put end_user)
set(layer_6 profile_merge src)
set(layer_7 testing/conformance testing/matchers)

# impl/<name>.ipp, the definitions of <name>.hpp, is on that header's layer.
function(layer_of header result)
  string(REGEX REPLACE "^impl/" "" header "${header}")
  foreach(layer RANGE 7)
    if(header IN_LIST layer_${layer})
      set(${result} ${layer} PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${result} "" PARENT_SCOPE)
endfunction()

set(problems "")
file(GLOB_RECURSE headers RELATIVE "${ROOT}/include/profile_merge" "${ROOT}/include/profile_merge/*.hpp"
     "${ROOT}/include/profile_merge/*.ipp")
foreach(file IN LISTS headers)
  string(REGEX REPLACE "\\.(hpp|ipp)$" "" header "${file}")
  layer_of("${header}" own)
  if(own STREQUAL "")
    list(APPEND problems "${file} has no layer in tools/check_layers.cmake")
    continue()
  endif()
  file(STRINGS "${ROOT}/include/profile_merge/${file}" lines REGEX "^#include \"profile_merge/")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^#include \"profile_merge/(.*)\\.(hpp|ipp)\".*" "\\1" included "${line}")
    layer_of("${included}" theirs)
    if(theirs STREQUAL "")
      list(APPEND problems "${file} includes ${included}.hpp, which has no layer")
    elseif(theirs GREATER own)
      list(APPEND problems "${file} (layer ${own}) includes ${included}.hpp (layer ${theirs})")
    endif()
  endforeach()
endforeach()

file(GLOB_RECURSE example_sources "${ROOT}/examples/*.cpp" "${ROOT}/examples/*.hpp")
foreach(source IN LISTS example_sources)
  file(STRINGS "${source}" lines REGEX "detail::|profile_merge/detail/")
  if(lines)
    file(RELATIVE_PATH shown "${ROOT}" "${source}")
    list(APPEND problems "${shown} uses the library's detail/: a public function is missing")
  endif()
endforeach()

if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "layering:\n  ${text}")
endif()
list(LENGTH headers count)
message(STATUS "layering: ${count} headers, every include points down; the examples use public headers only")
