# In the separately compiled mode, a caller compiles none of the library's code on
# JSON: the headers declare, src.hpp defines once. GCC's -fkeep-inline-functions
# emits every inline function a translation unit defines, so any library function
# on JSON that a header still defines shows up as a defined symbol. Each operation
# must show up as undefined instead: the caller uses it, the library defines it.
# Deterministic, unlike a compile-time measurement (tools/include_cost.sh).
#   cmake -DCXX=<g++> -DNM=<nm> -DHEADERS=<include dir> -DSOURCE=<.cpp> -DWORK=<dir> -P tools/check_separate_compilation.cmake
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${CXX}" -std=c++17 -O0 -fkeep-inline-functions -DPROFILE_MERGE_SEPARATE_COMPILATION
                        "-I${HEADERS}" -c "${SOURCE}" -o "${WORK}/caller.o"
                RESULT_VARIABLE compiled ERROR_VARIABLE compiler_errors)
if(NOT compiled EQUAL 0)
  message(FATAL_ERROR "compiling ${SOURCE} in the separately compiled mode failed:\n${compiler_errors}")
endif()
execute_process(COMMAND "${NM}" -C "${WORK}/caller.o" OUTPUT_VARIABLE symbols RESULT_VARIABLE listed)
if(NOT listed EQUAL 0)
  message(FATAL_ERROR "${NM} failed")
endif()
string(REGEX MATCHALL "[^\n]* [TWtw] [^\n]*profile_merge::[^\n]*basic_json[^\n]*" defined "${symbols}")
if(defined)
  list(LENGTH defined count)
  list(JOIN defined "\n" shown)
  message(FATAL_ERROR "${count} library functions on JSON are compiled in the caller (declare them "
                      "PROFILE_MERGE_DECL and define them in impl/*.ipp):\n${shown}")
endif()
foreach(operation patch_profile_by_id patch_profile_by_query put_profile_by_query put_profile_by_id
                  update_end_user append_json error_body to_json etag)
  if(NOT symbols MATCHES " U profile_merge::v1::${operation}(\\[abi:cxx11\\])?\\(")
    message(FATAL_ERROR "the caller does not use ${operation} from the library")
  endif()
endforeach()
message(STATUS "in the separately compiled mode, the caller compiles none of the library's code on JSON")
