# SPDX-License-Identifier: MIT
# Installs xsock (included when XSOCK_INSTALL is on) and exports it three
# ways, all naming the same library xsock::xsock:
#   - a CMake package in <libdir>/cmake/xsock: find_package(xsock CONFIG);
#   - the same package in the build tree: -Dxsock_DIR=<build folder>;
#   - a pkg-config file in <libdir>/pkgconfig: pkg-config xsock.
# A static and a shared build may be installed into the same prefix: each
# writes its own targets file (xsock-static-targets.cmake,
# xsock-shared-targets.cmake) and xsockConfig.cmake picks one the way
# add_subdirectory does (see cmake/xsockConfig.cmake.in).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(xs_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/xsock)
if(XSOCK_SHARED)
  set(xs_flavour shared)
else()
  set(xs_flavour static)
endif()

install(DIRECTORY include/xsock DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/include/xsock/version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/xsock)
install(TARGETS xsock EXPORT xsockTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT xsockTargets NAMESPACE xsock::
  FILE xsock-${xs_flavour}-targets.cmake DESTINATION ${xs_cmake_dir})
export(EXPORT xsockTargets NAMESPACE xsock::
  FILE ${PROJECT_BINARY_DIR}/xsock-${xs_flavour}-targets.cmake)

configure_package_config_file(cmake/xsockConfig.cmake.in
  ${PROJECT_BINARY_DIR}/xsockConfig.cmake INSTALL_DESTINATION ${xs_cmake_dir})
# Minor releases only add, in 0.x too (include/xsock/version.h.in): any
# release of the same major version serves a request for an older minor.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/xsockConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/xsockConfig.cmake
  ${PROJECT_BINARY_DIR}/xsockConfigVersion.cmake DESTINATION ${xs_cmake_dir})

# pkg-config: the prefix is found from the .pc file's own place, so an
# install moved or made with `cmake --install --prefix` stays right.
# A static library needs the Windows system libraries it uses
# (Libs.private, for `pkg-config --static`); a program using the DLL
# declares its imports (XS_USING_SHARED).
set(XS_PC_LIBS_PRIVATE "")
set(XS_PC_CFLAGS "")
if(WIN32)
  set(XS_PC_LIBS_PRIVATE "-lws2_32 -liphlpapi -lntdll")
  if(XSOCK_SHARED)
    set(XS_PC_CFLAGS " -DXS_USING_SHARED")
  endif()
endif()
set(xs_pc_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(XS_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(XS_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(XS_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  file(RELATIVE_PATH xs_up /x/${xs_pc_dir} /x)
  string(REGEX REPLACE "/$" "" xs_up "${xs_up}")
  set(XS_PC_PREFIX "\${pcfiledir}/${xs_up}")
  set(XS_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(XS_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(cmake/xsock.pc.in ${PROJECT_BINARY_DIR}/xsock.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/xsock.pc DESTINATION ${xs_pc_dir})

# What a user reads: the license travels with every installed copy.
install(FILES LICENSE README.md CHANGELOG.md docs/porting.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR})
if(XSOCK_BUILD_APPS)
  install(FILES man/xsock-echo-server.1 man/xsock-echo-client.1
    man/xsock-addr.1 man/xsock-time.1 man/xsock-services.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()
