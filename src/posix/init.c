/* SPDX-License-Identifier: MIT */
/*
 * init.c - start-up and clean-up of the socket layer. POSIX sockets need
 * neither, so these only satisfy the port contract.
 */
#include "posix/posix.h"

int xs__plat_ensure(void) {
  return 0;
}

int xs__plat_init(void) {
  return 0;
}

int xs__plat_shutdown(void) {
  return 0;
}
