# SPDX-License-Identifier: MIT
# Cross-compile for 64-bit Windows with clang (--target=x86_64-w64-mingw32)
# over Debian's MinGW-w64 gcc packages (mingw-w64): their headers and import
# libraries, their libgcc and crtbegin/crtend, and their binutils linker
# x86_64-w64-mingw32-ld (lld is not needed). Tests run under wine through
# CMAKE_CROSSCOMPILING_EMULATOR.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(XS_MINGW_PREFIX x86_64-w64-mingw32)
set(CMAKE_C_COMPILER clang)
set(CMAKE_C_COMPILER_TARGET ${XS_MINGW_PREFIX})
set(CMAKE_RC_COMPILER ${XS_MINGW_PREFIX}-windres)
set(CMAKE_AR ${XS_MINGW_PREFIX}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${XS_MINGW_PREFIX}-ranlib CACHE FILEPATH "")
set(CMAKE_LINKER ${XS_MINGW_PREFIX}-ld CACHE FILEPATH "")

# The sysroot keeps the host's /usr/include and /usr/lib off the search
# paths that clang would otherwise add.
set(CMAKE_SYSROOT /usr/${XS_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH /usr/${XS_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# clang 14 does not find GCC's own library folder, because Debian names it
# after the thread model (lib/gcc/x86_64-w64-mingw32/12-win32). Ask the
# MinGW gcc where its libgcc is: -L finds libgcc/libgcc_eh there (linked
# statically, as -static-libgcc does for gcc), -B takes its crtbegin.o and
# crtend.o, as gcc does. -fuse-ld=bfd runs x86_64-w64-mingw32-ld.bfd.
execute_process(
  COMMAND ${XS_MINGW_PREFIX}-gcc -print-libgcc-file-name
  OUTPUT_VARIABLE XS_MINGW_LIBGCC
  OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE XS_MINGW_RC)
if(NOT XS_MINGW_RC EQUAL 0 OR NOT EXISTS "${XS_MINGW_LIBGCC}")
  message(FATAL_ERROR "${XS_MINGW_PREFIX}-gcc not found (Debian: mingw-w64)")
endif()
get_filename_component(XS_MINGW_GCC_LIBDIR "${XS_MINGW_LIBGCC}" DIRECTORY)
set(XS_MINGW_LINK "-fuse-ld=bfd -B${XS_MINGW_GCC_LIBDIR} -L${XS_MINGW_GCC_LIBDIR}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${XS_MINGW_LINK}")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "${XS_MINGW_LINK}")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "${XS_MINGW_LINK}")

if(NOT DEFINED CMAKE_CROSSCOMPILING_EMULATOR)
  find_program(XS_WINE NAMES wine wine64)
  if(XS_WINE)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${XS_WINE})
  endif()
endif()
