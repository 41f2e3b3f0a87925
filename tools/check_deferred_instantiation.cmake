# Issue 6, target 6: including the umbrella header must compile none of the
# library's JSON code. Every function that touches JSON is declared
# `template <class = void>`, so its body is instantiated only where it is called.
# GCC's -fkeep-inline-functions emits every inline function a translation unit
# defines or instantiates; after a bare include, none may be a library function on
# JSON or a library template's <void> instance (a non-template inline caller would
# force both). Deterministic, unlike a compile-time measurement.
#   cmake -DCXX=<g++> -DNM=<nm> -DHEADERS=<include dir> -DWORK=<dir> -P tools/check_deferred_instantiation.cmake
file(MAKE_DIRECTORY "${WORK}")
file(WRITE "${WORK}/umbrella_only.cpp"
     "#include <profile_merge/profile_merge.hpp>\nint main() { return nlohmann::json::object().size(); }\n")
execute_process(COMMAND "${CXX}" -std=c++17 -O0 -fkeep-inline-functions "-I${HEADERS}" -c
                        "${WORK}/umbrella_only.cpp" -o "${WORK}/umbrella_only.o"
                RESULT_VARIABLE compiled ERROR_VARIABLE compiler_errors)
if(NOT compiled EQUAL 0)
  message(FATAL_ERROR "compiling the umbrella header failed:\n${compiler_errors}")
endif()
execute_process(COMMAND "${NM}" -C "${WORK}/umbrella_only.o" OUTPUT_VARIABLE symbols RESULT_VARIABLE listed)
if(NOT listed EQUAL 0)
  message(FATAL_ERROR "${NM} failed")
endif()
string(REGEX MATCHALL "[^\n]*profile_merge::[^\n]*(basic_json|<void>)[^\n]*" eager "${symbols}")
if(eager)
  list(LENGTH eager count)
  list(JOIN eager "\n" shown)
  message(FATAL_ERROR "${count} library functions on JSON are compiled by a bare include "
                      "(make them `template <class = void>`, and their callers too):\n${shown}")
endif()
message(STATUS "a bare include of the umbrella header compiles none of the library's JSON code")
