# xs_add_test(<area> [LABELS l...] [TIMEOUT s] [LIBS lib...])
# Builds tests/test_<area>.c with tests/support into xsock_test_<area> and
# registers it as the CTest test "xsock.<area>". The program links the
# xsock_testing library (internals and fault seam reachable) unless LIBS
# names other xsock libraries. A test program that exits 77 is reported as
# skipped (SKIP_RETURN_CODE); it prints its reason first.
function(xs_add_test area)
  cmake_parse_arguments(T "" "TIMEOUT" "LABELS;LIBS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  if(NOT T_LIBS)
    set(T_LIBS xsock_testing)
  endif()
  set(exe xsock_test_${area})
  add_executable(${exe} test_${area}.c)
  target_link_libraries(${exe} PRIVATE xs_test_support ${T_LIBS})
  target_include_directories(${exe} PRIVATE
    ${PROJECT_SOURCE_DIR}/src ${CMAKE_CURRENT_SOURCE_DIR}/support)
  xs_target_warnings(${exe})
  if(NOT WIN32)
    target_compile_definitions(${exe} PRIVATE _GNU_SOURCE _DEFAULT_SOURCE)
  endif()
  if(XSOCK_TEST_WRAPPER)
    add_test(NAME xsock.${area} COMMAND ${XSOCK_TEST_WRAPPER} $<TARGET_FILE:${exe}>)
  else()
    add_test(NAME xsock.${area} COMMAND ${exe})
  endif()
  set_tests_properties(xsock.${area} PROPERTIES
    TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}" SKIP_RETURN_CODE 77
    ENVIRONMENT "XS_TEST_AREA=${area}")
endfunction()
