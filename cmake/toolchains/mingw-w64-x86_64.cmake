# SPDX-License-Identifier: MIT
# Cross-compile for 64-bit Windows with Debian's MinGW-w64 (package
# mingw-w64). Tests run under wine through CMAKE_CROSSCOMPILING_EMULATOR.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(XS_MINGW_PREFIX x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${XS_MINGW_PREFIX}-gcc)
set(CMAKE_RC_COMPILER ${XS_MINGW_PREFIX}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${XS_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Programs must run on a Windows machine with nothing else installed:
# link the GCC runtime statically (the win32 thread model needs no
# winpthread DLL).
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static-libgcc")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc")

if(NOT DEFINED CMAKE_CROSSCOMPILING_EMULATOR)
  find_program(XS_WINE NAMES wine wine64)
  if(XS_WINE)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${XS_WINE})
  endif()
endif()
