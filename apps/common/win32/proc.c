/* SPDX-License-Identifier: MIT */
/*
 * proc.c (Windows) - the executable's own path, child processes with
 * CreateProcessW (only the standard handles inherited, through
 * PROC_THREAD_ATTRIBUTE_HANDLE_LIST) and WaitForSingleObject, a temporary
 * folder and random bytes (RtlGenRandom) for the apps (see proc.h). Paths
 * and arguments are UTF-8 here and UTF-16 for the system.
 */
#include "proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <ntsecapi.h> /* RtlGenRandom: after windows.h */

#include <xsock/xsock.h>

/* The longest path GetModuleFileNameW can give, and the longest command
 * line CreateProcessW takes, in UTF-16 units with the terminating 0. */
#define LONG_PATH 32768u
#define MAX_CMDLINE 32767u

/* A UTF-8 string as a new UTF-16 one (free it), or NULL if s is not UTF-8
 * or memory is short. */
static WCHAR *to_wide(const char *s) {
  WCHAR *w;
  int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
  if (n <= 0 || (w = malloc((size_t)n * sizeof(WCHAR))) == NULL) {
    return NULL;
  }
  if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n) != n) {
    free(w);
    return NULL;
  }
  return w;
}

/* A UTF-16 string as UTF-8 into buf. 0, or -1 if it does not fit. */
static int to_utf8(const WCHAR *w, char *buf, size_t size) {
  int cap = size > 0x7fffffffu ? 0x7fffffff : (int)size;
  if (cap == 0) {
    return -1;
  }
  return WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, cap, NULL, NULL) > 0 ? 0
                                                                          : -1;
}

int app_self_path(char *buf, size_t size) {
  WCHAR *w = malloc(LONG_PATH * sizeof(WCHAR));
  DWORD n;
  int rc = -1;
  if (w == NULL || buf == NULL) {
    free(w);
    return -1;
  }
  n = GetModuleFileNameW(NULL, w, LONG_PATH);
  if (n > 0 && n < LONG_PATH) {
    rc = to_utf8(w, buf, size);
  }
  free(w);
  return rc;
}

/* Append arg to the command line at cmd + len, quoted so that
 * CommandLineToArgvW and the MSVCRT read it back as it is: bare when it
 * needs no quotes, else in quotes with 2n backslashes before the closing
 * quote and 2n+1 before a literal quote. argv[0] (first) is parsed by
 * other rules, up to the next quote: it is always quoted, and a quote in
 * it is refused. The new length, or 0 for such a refused argument. */
static size_t quote_arg(WCHAR *cmd, size_t len, const WCHAR *arg, int first) {
  size_t bs, i;
  if (first) {
    if (wcschr(arg, L'"') != NULL) {
      return 0;
    }
  } else if (arg[0] != L'\0' && wcspbrk(arg, L" \t\n\v\"") == NULL) {
    wcscpy(cmd + len, arg);
    return len + wcslen(arg);
  }
  cmd[len++] = L'"';
  for (;;) {
    for (bs = 0; *arg == L'\\'; arg++) {
      bs++;
    }
    if (!first && (*arg == L'\0' || *arg == L'"')) {
      bs = bs * 2 + (*arg == L'"' ? 1u : 0u);
    }
    for (i = 0; i < bs; i++) {
      cmd[len++] = L'\\';
    }
    if (*arg == L'\0') {
      break;
    }
    cmd[len++] = *arg++;
  }
  cmd[len++] = L'"';
  return len;
}

/* The command line for argv (free it) into *out. 0 or an XS_E... code. */
static int build_cmdline(char *const argv[], WCHAR **out) {
  size_t cap = 1, len = 0, i;
  WCHAR *cmd;
  *out = NULL;
  for (i = 0; argv[i] != NULL; i++) {
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, argv[i], -1,
                                NULL, 0);
    if (n <= 0) {
      return XS_EINVAL;
    }
    cap += 2 * (size_t)n + 3; /* each unit doubled at most, quotes, space */
  }
  if ((cmd = malloc(cap * sizeof(WCHAR))) == NULL) {
    return XS_ENOMEM;
  }
  for (i = 0; argv[i] != NULL; i++) {
    WCHAR *w = to_wide(argv[i]);
    if (w == NULL) {
      free(cmd);
      return XS_ENOMEM; /* checked as UTF-8 above */
    }
    if (i > 0) {
      cmd[len++] = L' ';
    }
    len = quote_arg(cmd, len, w, i == 0);
    free(w);
    if (len == 0 || len >= MAX_CMDLINE) {
      free(cmd);
      return XS_EINVAL;
    }
  }
  cmd[len] = L'\0';
  *out = cmd;
  return 0;
}

/* CreateProcessW's failure as an XS_E... code. */
static int spawn_error(DWORD err) {
  switch (err) {
  case ERROR_FILE_NOT_FOUND:
  case ERROR_PATH_NOT_FOUND:
  case ERROR_INVALID_DRIVE:
  case ERROR_BAD_NETPATH:
    return XS_ENOENT;
  case ERROR_ACCESS_DENIED:
    return XS_EACCES;
  case ERROR_NOT_ENOUGH_MEMORY:
  case ERROR_OUTOFMEMORY:
  case ERROR_COMMITMENT_LIMIT:
    return XS_ENOMEM;
  case ERROR_TOO_MANY_OPEN_FILES:
    return XS_EMFILE;
  case ERROR_FILENAME_EXCED_RANGE:
    return XS_ENAMETOOLONG;
  case ERROR_BAD_EXE_FORMAT:
  case ERROR_EXE_MACHINE_TYPE_MISMATCH:
  case ERROR_INVALID_PARAMETER:
  case ERROR_INVALID_NAME:
  case ERROR_DIRECTORY:
    return XS_EINVAL;
  default:
    return XS_EUNKNOWN;
  }
}

/* An inheritable duplicate of the standard handle std into *out, or NULL
 * there if the process has none (the child then has none either). */
static BOOL dup_std(DWORD std, HANDLE *out) {
  HANDLE h = GetStdHandle(std);
  HANDLE self = GetCurrentProcess();
  *out = NULL;
  if (h == NULL || h == INVALID_HANDLE_VALUE) {
    return TRUE;
  }
  if (!DuplicateHandle(self, h, self, out, 0, TRUE, DUPLICATE_SAME_ACCESS)) {
    *out = NULL;
    return FALSE;
  }
  return TRUE;
}

/* The child's standard handles, all inheritable (NUL, and duplicates of
 * ours), into std[3] (NULL for none). FALSE with GetLastError() set on a
 * failure; close them with close_std() either way. */
static BOOL open_std(HANDLE std[3]) {
  SECURITY_ATTRIBUTES sa;
  memset(&sa, 0, sizeof(sa));
  sa.nLength = sizeof(sa);
  sa.bInheritHandle = TRUE;
  std[1] = std[2] = NULL;
  std[0] = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
                       &sa, OPEN_EXISTING, 0, NULL);
  if (std[0] == INVALID_HANDLE_VALUE) {
    std[0] = NULL;
    return FALSE;
  }
  return dup_std(STD_OUTPUT_HANDLE, &std[1]) &&
         dup_std(STD_ERROR_HANDLE, &std[2]);
}

static void close_std(HANDLE std[3]) {
  int i;
  for (i = 0; i < 3; i++) {
    if (std[i] != NULL) {
      (void)CloseHandle(std[i]);
    }
  }
}

/* CreateProcessW with the handle list made of the non-NULL std[]. */
static BOOL create(WCHAR *path, WCHAR *cmd, HANDLE std[3],
                   PROCESS_INFORMATION *pi) {
  STARTUPINFOEXW si;
  HANDLE list[3];
  SIZE_T size = 0, n = 0;
  LPPROC_THREAD_ATTRIBUTE_LIST attrs;
  DWORD err;
  BOOL ok;
  int i;
  for (i = 0; i < 3; i++) {
    if (std[i] != NULL) {
      list[n++] = std[i];
    }
  }
  (void)InitializeProcThreadAttributeList(NULL, 1, 0, &size);
  if (size == 0 || (attrs = malloc(size)) == NULL) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return FALSE;
  }
  if (!InitializeProcThreadAttributeList(attrs, 1, 0, &size)) {
    free(attrs);
    return FALSE;
  }
  memset(&si, 0, sizeof(si));
  si.StartupInfo.cb = sizeof(si);
  si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  si.StartupInfo.hStdInput = std[0];
  si.StartupInfo.hStdOutput = std[1];
  si.StartupInfo.hStdError = std[2];
  si.lpAttributeList = attrs;
  ok = UpdateProcThreadAttribute(attrs, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST,
                                 list, n * sizeof(HANDLE), NULL, NULL) &&
       CreateProcessW(path, cmd, NULL, NULL, TRUE, EXTENDED_STARTUPINFO_PRESENT,
                      NULL, NULL, &si.StartupInfo, pi);
  err = GetLastError(); /* kept across the clean-up */
  DeleteProcThreadAttributeList(attrs);
  free(attrs);
  SetLastError(err);
  return ok;
}

int app_spawn(app_proc *p, const char *path, char *const argv[]) {
  PROCESS_INFORMATION pi;
  HANDLE std[3];
  WCHAR *wpath, *cmd;
  int rc;
  if (p == NULL || path == NULL || argv == NULL || argv[0] == NULL) {
    return XS_EINVAL;
  }
  memset(p, 0, sizeof(*p));
  if ((wpath = to_wide(path)) == NULL) {
    return XS_EINVAL;
  }
  if ((rc = build_cmdline(argv, &cmd)) != 0) {
    free(wpath);
    return rc;
  }
  if (open_std(std) && create(wpath, cmd, std, &pi)) {
    (void)CloseHandle(pi.hThread);
    p->handle = pi.hProcess;
    p->id = pi.dwProcessId;
  } else {
    rc = spawn_error(GetLastError());
  }
  close_std(std);
  free(cmd);
  free(wpath);
  return rc;
}

unsigned long app_proc_id(const app_proc *p) {
  return p->id;
}

int app_proc_wait(app_proc *p, int timeout_ms, int *status) {
  DWORD r, code = 0;
  if (p == NULL || p->handle == NULL) {
    return XS_EINVAL;
  }
  r = WaitForSingleObject((HANDLE)p->handle,
                          timeout_ms < 0 ? INFINITE : (DWORD)timeout_ms);
  if (r == WAIT_TIMEOUT) {
    return XS_ETIMEDOUT;
  }
  if (r != WAIT_OBJECT_0 || !GetExitCodeProcess((HANDLE)p->handle, &code)) {
    return XS_EUNKNOWN;
  }
  (void)CloseHandle((HANDLE)p->handle);
  p->handle = NULL;
  p->id = 0;
  if (status != NULL) {
    *status = (int)code;
  }
  return 0;
}

void app_proc_kill(app_proc *p) {
  if (p != NULL && p->handle != NULL) {
    (void)TerminateProcess((HANDLE)p->handle, 1);
  }
}

int app_temp_dir(char *buf, size_t size) {
  static volatile LONG counter;
  WCHAR base[MAX_PATH + 1];
  char dir[4 * MAX_PATH + 1];
  DWORD n = GetTempPathW(MAX_PATH + 1, base);
  int tries;
  if (buf == NULL || n == 0 || n > MAX_PATH ||
      to_utf8(base, dir, sizeof(dir)) != 0) {
    return -1;
  }
  for (tries = 0; tries < 100; tries++) {
    unsigned rnd = 0;
    WCHAR *w;
    BOOL ok;
    int len;
    if (app_random(&rnd, sizeof(rnd)) != 0) {
      return -1;
    }
    len = snprintf(buf, size, "%sxsock-%lu-%ld-%08x", dir,
                   (unsigned long)GetCurrentProcessId(),
                   (long)InterlockedIncrement(&counter), rnd);
    if (len < 0 || (size_t)len >= size || (w = to_wide(buf)) == NULL) {
      return -1;
    }
    ok = CreateDirectoryW(w, NULL);
    free(w);
    if (ok) {
      return 0;
    }
    if (GetLastError() != ERROR_ALREADY_EXISTS) {
      return -1;
    }
  }
  return -1;
}

int app_remove_dir(const char *path) {
  WCHAR *w;
  BOOL ok;
  if (path == NULL || (w = to_wide(path)) == NULL) {
    return -1;
  }
  ok = RemoveDirectoryW(w);
  free(w);
  return ok ? 0 : -1;
}

int app_random(void *buf, size_t n) {
  unsigned char *out = buf;
  while (n > 0) {
    ULONG chunk = n > 0x40000000u ? 0x40000000u : (ULONG)n;
    if (!RtlGenRandom(out, chunk)) {
      return -1;
    }
    out += chunk;
    n -= chunk;
  }
  return 0;
}

unsigned long app_self_id(void) {
  return (unsigned long)GetCurrentProcessId();
}
