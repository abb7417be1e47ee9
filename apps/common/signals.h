/* SPDX-License-Identifier: MIT */
/*
 * signals.h - the system's part of the stop event (stop.c): install and
 * remove the handlers that call app__stop_signal(). posix/signals.c
 * handles SIGINT and SIGTERM; win32/signals.c Ctrl-C, Ctrl-Break and the
 * console window being closed.
 */
#ifndef XS_APP_SIGNALS_H
#define XS_APP_SIGNALS_H

/* Request the stop: safe in a signal handler and in any thread. */
void app__stop_signal(void);
/* 0, or an XS_E... code if the handlers cannot be installed. */
int app__stop_install(void);
void app__stop_uninstall(void);

#endif /* XS_APP_SIGNALS_H */
