/**
 * @file xsock.h
 * @brief xsock: one socket API for POSIX and Windows. Include this header.
 */
#ifndef XSOCK_XSOCK_H
#define XSOCK_XSOCK_H

#include "addr.h"
#include "byteorder.h"
#include "error.h"
#include "export.h"
#include "io.h"
#include "poll.h"
#include "socket.h"
#include "sockopt.h"
#include "types.h"
#include "version.h"

#endif /* XSOCK_XSOCK_H */
