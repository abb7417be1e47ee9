# SPDX-License-Identifier: MIT
# xs_add_test(<area> [LABELS l...] [TIMEOUT s] [LIBS lib...] [NOHARNESS])
# Builds tests/test_<area>.c into xsock_test_<area> and registers it as the
# CTest test "xsock.<area>". The program links the test harness and the
# xsock_testing library (internals and fault seam reachable), or with
# NOHARNESS only cmocka and LIBS (to test a library as users link it).
# A program that exits 77 is reported as skipped (SKIP_RETURN_CODE); it
# prints its reason first. XSOCK_TEST_WRAPPER (valgrind ...) runs in front.
function(xs_add_test area)
  cmake_parse_arguments(T "NOHARNESS" "TIMEOUT" "LABELS;LIBS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  set(exe xsock_test_${area})
  add_executable(${exe} test_${area}.c)
  if(T_NOHARNESS)
    target_link_libraries(${exe} PRIVATE ${T_LIBS} cmocka::cmocka)
  else()
    target_link_libraries(${exe} PRIVATE xs_test_support xsock_testing ${T_LIBS})
    target_include_directories(${exe} PRIVATE
      ${PROJECT_SOURCE_DIR}/src ${CMAKE_CURRENT_SOURCE_DIR}/support)
  endif()
  xs_target_warnings(${exe})
  if(NOT WIN32)
    target_compile_definitions(${exe} PRIVATE _GNU_SOURCE _DEFAULT_SOURCE)
  endif()
  if(XSOCK_TEST_WRAPPER)
    add_test(NAME xsock.${area} COMMAND ${XSOCK_TEST_WRAPPER} $<TARGET_FILE:${exe}>)
  else()
    # A bare target name, so CMake puts the cross-compiling emulator (wine)
    # in front.
    add_test(NAME xsock.${area} COMMAND ${exe})
  endif()
  set_tests_properties(xsock.${area} PROPERTIES
    TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}" SKIP_RETURN_CODE 77)
endfunction()
