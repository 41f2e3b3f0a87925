# Compiles SOURCE once per value of OPERATION in OPERATIONS: each must fail with a
# message matching EXPECT; OPERATION=0, the control, must compile.
#   cmake -DCXX=<c++> -DHEADERS=<include dir> -DSOURCE=<file> -DOPERATIONS="1;2" -DEXPECT=<regex> -DWORK=<dir> -P tools/expect_compile_error.cmake
file(MAKE_DIRECTORY "${WORK}")
foreach(operation 0 ${OPERATIONS})
  execute_process(COMMAND "${CXX}" -std=c++17 -fsyntax-only "-I${HEADERS}" -DOPERATION=${operation} "${SOURCE}"
                  RESULT_VARIABLE result ERROR_VARIABLE errors)
  if(operation EQUAL 0)
    if(NOT result EQUAL 0)
      message(FATAL_ERROR "the control (OPERATION=0) does not compile:\n${errors}")
    endif()
  elseif(result EQUAL 0)
    message(FATAL_ERROR "OPERATION=${operation} compiles; it must not")
  elseif(NOT errors MATCHES "${EXPECT}")
    message(FATAL_ERROR "OPERATION=${operation} fails without the expected message:\n${errors}")
  endif()
endforeach()
message(STATUS "each call fails to compile with the expected message; the control compiles")
