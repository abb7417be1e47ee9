# SPDX-License-Identifier: MIT
# XSOCK_SANITIZER=address;undefined (or thread): applied to every target
# defined after this file is included, library, tests and apps alike, so
# the runtime sees the whole program.
if(XSOCK_SANITIZER)
  if(MSVC)
    message(FATAL_ERROR "XSOCK_SANITIZER is for GCC and Clang")
  endif()
  string(REPLACE ";" "," xs_san "${XSOCK_SANITIZER}")
  add_compile_options(-fsanitize=${xs_san} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${xs_san})
  unset(xs_san)
endif()
