include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(PROFILE_MERGE_CONFIG_DIR "${CMAKE_INSTALL_DATADIR}/cmake/profile_merge")

install(TARGETS profile_merge EXPORT profile_merge_targets FILE_SET HEADERS)
if(PROFILE_MERGE_WITH_VALIJSON)
  install(TARGETS profile_merge_schema EXPORT profile_merge_targets)
endif()
if(PROFILE_MERGE_SEPARATE_COMPILATION)
  install(TARGETS profile_merge_compiled EXPORT profile_merge_targets)
endif()
install(EXPORT profile_merge_targets NAMESPACE profile_merge:: DESTINATION "${PROFILE_MERGE_CONFIG_DIR}"
        FILE profile_mergeTargets.cmake)

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/profile_mergeConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/profile_mergeConfig.cmake"
                              INSTALL_DESTINATION "${PROFILE_MERGE_CONFIG_DIR}")
# Before 1.0 a minor version may break the API (0.x semantics), so a request for 0.2
# accepts 0.2.x only. Any architecture, unless the compiled library is installed too.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(PROFILE_MERGE_COMPATIBILITY SameMinorVersion)
else()
  set(PROFILE_MERGE_COMPATIBILITY SameMajorVersion)
endif()
if(PROFILE_MERGE_SEPARATE_COMPILATION)
  set(PROFILE_MERGE_ARCH "")
else()
  set(PROFILE_MERGE_ARCH ARCH_INDEPENDENT)
endif()
write_basic_package_version_file("${PROJECT_BINARY_DIR}/profile_mergeConfigVersion.cmake"
                                 COMPATIBILITY ${PROFILE_MERGE_COMPATIBILITY} ${PROFILE_MERGE_ARCH})
install(FILES "${PROJECT_BINARY_DIR}/profile_mergeConfig.cmake"
              "${PROJECT_BINARY_DIR}/profile_mergeConfigVersion.cmake"
        DESTINATION "${PROFILE_MERGE_CONFIG_DIR}")

configure_file("${PROJECT_SOURCE_DIR}/cmake/profile_merge.pc.in" "${PROJECT_BINARY_DIR}/profile_merge.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/profile_merge.pc" DESTINATION "${CMAKE_INSTALL_DATADIR}/pkgconfig")

# PL8: the Zendesk policy document, with the headers' data.
install(FILES "${PROJECT_SOURCE_DIR}/policies/zendesk.json"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/profile_merge/policies")
