# Fails when a rule id (docs/rules.md) has no GoogleTest test citing it (a `// ID`
# comment on the TEST line) or no line in docs/rules.md.
#   cmake -DROOT=<source dir> -P tools/check_rules.cmake
set(rule_ids G1 G2 G3 G4 G5 G6 G7 G8 G9 G10 G11 G12 G13 Q1 Q2 Q3 Q4 Q5 N1 N2 N3 N4 F1 NM1
             P1 P2 P3 P4 P5 P6 P7 P8 U1 U2 U3 U4 U5 U6 U7 U8 E1 E2 E3 E4 E5 E6 E7 E8 E9 R R2
             PL1 PL2 PL3 PL4 PL5 PL6 PL7 PL8 PL9 PL10)
file(GLOB test_files "${ROOT}/tests/*_test.cpp")
set(tests "")
foreach(file IN LISTS test_files)
  file(READ "${file}" content)
  string(APPEND tests "${content}")
endforeach()
file(READ "${ROOT}/docs/rules.md" doc)
set(problems "")
foreach(id IN LISTS rule_ids)
  if(NOT tests MATCHES "TEST\\([A-Za-z]+, [A-Za-z]+\\) {  //[^\n]*[ ,(]${id}[^0-9A-Za-z]")
    string(APPEND problems "  ${id}: no test cites it\n")
  endif()
  if(NOT doc MATCHES "\n\\| ${id} \\| ")
    string(APPEND problems "  ${id}: no line in docs/rules.md\n")
  endif()
endforeach()
if(problems)
  message(FATAL_ERROR "rule coverage:\n${problems}")
endif()
list(LENGTH rule_ids count)
message(STATUS "all ${count} rule ids are tested and documented")
