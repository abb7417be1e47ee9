/* SPDX-License-Identifier: MIT */
/*
 * svc_discard.c - discard (RFC 863): whatever a client sends is read and
 * dropped, over TCP and UDP; nothing is ever sent back.
 */
#include "srv.h"

const srv_service srv_discard = {
    "discard", 9, NULL, NULL, NULL, NULL, NULL,
};
