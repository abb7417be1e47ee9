/* SPDX-License-Identifier: MIT */
/*
 * stop.h - SIGINT/SIGTERM (POSIX) and Ctrl-C/Ctrl-Break/close (Windows
 * console) turned into one "stop" event that any poll loop can wait on.
 *
 * app_stop_init() makes a socket pair; the signal or console handler
 * writes one byte into it, so app_stop_socket() becomes readable and stays
 * readable (the byte is never read): every thread that includes it in its
 * xs_poll set wakes up, however many there are.
 */
#ifndef XS_APP_STOP_H
#define XS_APP_STOP_H

#include <xsock/xsock.h>

/* Install the handlers. 0 or an XS_E... code. Call once, before threads. */
int app_stop_init(void);
/* The socket that becomes readable once a stop was requested. */
xs_socket_t app_stop_socket(void);
/* 1 once a stop was requested. */
int app_stop_requested(void);
/* Request a stop from the program itself (also safe in any thread). */
void app_stop_request(void);
/* At exit: remove the handlers and close the read end. The write end is
 * left for the system to close at exit, since a handler already running
 * in another thread (the Windows console handler) may still send on it. */
void app_stop_close(void);

#endif /* XS_APP_STOP_H */
