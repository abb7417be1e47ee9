/* SPDX-License-Identifier: MIT */
/*
 * services.c - the table of the services the framework has, by name.
 */
#include <string.h>

#include "srv.h"

static const srv_service *const all[] = {&srv_echo, &srv_discard, &srv_chargen,
                                         &srv_daytime, &srv_time};

const srv_service *srv_service_named(const char *name) {
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (strcmp(all[i]->name, name) == 0)
      return all[i];
  return NULL;
}
