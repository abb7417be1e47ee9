# SPDX-License-Identifier: MIT
# Warning flags for the project's own targets: xs_target_warnings(<target>).
# XSOCK_WERROR turns them into errors (CI sets it in every preset).
function(xs_target_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4)
    if(XSOCK_WERROR)
      target_compile_options(${target} PRIVATE /WX)
    endif()
    return()
  endif()
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wstrict-prototypes -Wmissing-prototypes -Wundef -Wformat=2
    -Wcast-qual -Wwrite-strings -Wvla)
  if(XSOCK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
