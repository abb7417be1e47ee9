/* SPDX-License-Identifier: MIT */
/**
 * @file xsock.h
 * @brief xsock: one socket API for POSIX and Windows. Include this header.
 */
#ifndef XSOCK_XSOCK_H
#define XSOCK_XSOCK_H

#include "export.h"
#include <xsock/version.h> /* generated into the build tree */
#include "error.h"
#include "types.h"
#include "byteorder.h"
#include "addr.h"
#include "iface.h"
#include "ipnet.h"
#include "mac.h"
#include "service.h"
#include "url.h"
#include "socket.h"
#include "handoff.h"
#include "io.h"
#include "sockopt.h"
#include "poll.h"
#include "poller.h"

#endif /* XSOCK_XSOCK_H */
