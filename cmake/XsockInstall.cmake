# SPDX-License-Identifier: MIT
# Install the headers, the libraries and a CMake package, so that another
# project can find_package(xsock CONFIG) and link xsock::xsock.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY include/xsock DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS ${XSOCK_INSTALL_TARGETS} EXPORT xsockTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT xsockTargets NAMESPACE xsock::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/xsock)
configure_package_config_file(cmake/xsockConfig.cmake.in
  ${PROJECT_BINARY_DIR}/xsockConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/xsock)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/xsockConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/xsockConfig.cmake
  ${PROJECT_BINARY_DIR}/xsockConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/xsock)
# The license travels with every installed copy.
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})
