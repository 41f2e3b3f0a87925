include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(PROFILE_MERGE_CONFIG_DIR "${CMAKE_INSTALL_DATADIR}/cmake/profile_merge")

install(TARGETS profile_merge EXPORT profile_merge_targets FILE_SET HEADERS)
install(EXPORT profile_merge_targets NAMESPACE profile_merge:: DESTINATION "${PROFILE_MERGE_CONFIG_DIR}"
        FILE profile_mergeTargets.cmake)

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/profile_mergeConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/profile_mergeConfig.cmake"
                              INSTALL_DESTINATION "${PROFILE_MERGE_CONFIG_DIR}")
# A header-only library: any architecture. Before 1.0 a minor version may break the
# API (0.x semantics), so a request for 0.1 accepts 0.1.x only.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(PROFILE_MERGE_COMPATIBILITY SameMinorVersion)
else()
  set(PROFILE_MERGE_COMPATIBILITY SameMajorVersion)
endif()
write_basic_package_version_file("${PROJECT_BINARY_DIR}/profile_mergeConfigVersion.cmake"
                                 COMPATIBILITY ${PROFILE_MERGE_COMPATIBILITY} ARCH_INDEPENDENT)
install(FILES "${PROJECT_BINARY_DIR}/profile_mergeConfig.cmake"
              "${PROJECT_BINARY_DIR}/profile_mergeConfigVersion.cmake"
        DESTINATION "${PROFILE_MERGE_CONFIG_DIR}")

configure_file("${PROJECT_SOURCE_DIR}/cmake/profile_merge.pc.in" "${PROJECT_BINARY_DIR}/profile_merge.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/profile_merge.pc" DESTINATION "${CMAKE_INSTALL_DATADIR}/pkgconfig")
