# SPDX-License-Identifier: MIT
# Finds cmocka and defines the imported target cmocka::cmocka.
# XSOCK_CMOCKA_ROOT (a prefix with include/ and lib/) is searched first and
# outside any cross-compiling root: ci/cmocka-mingw.sh installs the MinGW
# build of cmocka there.
set(_cm_hints "")
if(XSOCK_CMOCKA_ROOT)
  set(_cm_hints NO_CMAKE_FIND_ROOT_PATH NO_DEFAULT_PATH
      PATHS ${XSOCK_CMOCKA_ROOT})
endif()
find_path(CMOCKA_INCLUDE_DIR cmocka.h PATH_SUFFIXES include ${_cm_hints})
find_library(CMOCKA_LIBRARY NAMES cmocka-static cmocka PATH_SUFFIXES lib ${_cm_hints})
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CMocka DEFAULT_MSG CMOCKA_LIBRARY CMOCKA_INCLUDE_DIR)
if(CMocka_FOUND AND NOT TARGET cmocka::cmocka)
  add_library(cmocka::cmocka UNKNOWN IMPORTED)
  set_target_properties(cmocka::cmocka PROPERTIES
    IMPORTED_LOCATION ${CMOCKA_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${CMOCKA_INCLUDE_DIR})
endif()
unset(_cm_hints)
