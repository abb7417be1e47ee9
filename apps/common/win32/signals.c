/* SPDX-License-Identifier: MIT */
/*
 * signals.c (Windows) - Ctrl-C, Ctrl-Break and closing the console window
 * request the stop (stop.c). Windows runs the console handler in a thread
 * of its own; logoff and shutdown keep their default handling.
 */
#include <windows.h>

#include <xsock/xsock.h>

#include "signals.h"

/* How long the close-window handler holds the process up so that the main
 * thread can shut down: Windows ends the process when the handler returns
 * (and at the latest after about 5 s). */
#define CLOSE_GRACE_MS 3000

static BOOL WINAPI on_console(DWORD type) {
  switch (type) {
  case CTRL_C_EVENT:
  case CTRL_BREAK_EVENT:
    app__stop_signal();
    return TRUE;
  case CTRL_CLOSE_EVENT:
    app__stop_signal();
    Sleep(CLOSE_GRACE_MS); /* the process exits from main meanwhile */
    return TRUE;
  default:
    return FALSE;
  }
}

int app__stop_install(void) {
  return SetConsoleCtrlHandler(on_console, TRUE) ? 0 : XS_EUNKNOWN;
}

void app__stop_uninstall(void) {
  (void)SetConsoleCtrlHandler(on_console, FALSE);
}
