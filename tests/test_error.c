/* SPDX-License-Identifier: MIT */
/*
 * test_error.c - the error model: every XS_E... code from XS_ERRNO_MAP has a
 * distinct value, its own name and a message; unknown codes are reported as
 * such; and the platform's translation table is walked entry by entry in
 * both directions (xs__plat_native_code, then xs__plat_error back), with the
 * native code kept for xs_native_error(). Label: unit.
 */
#include "harness.h"

#include <limits.h>
#include <string.h>

#ifdef _WIN32
#  include <winsock2.h>
#  include <ws2tcpip.h>
#else
#  include <errno.h>
#  include <netdb.h>
#endif

#include "common/platform.h"

/* One row per code, generated from the same X-macro as the enum. */
typedef struct code_row {
  int code;         /* XS_<NAME> as the enum has it */
  int value;        /* the value the table gives */
  const char *name; /* "<NAME>", the symbol without XS_ */
  const char *msg;  /* the table's message */
} code_row;

#define ROW(name, value, msg) {XS_##name, value, #name, msg},
static const code_row rows[] = {XS_ERRNO_MAP(ROW)};
#undef ROW
#define NROWS (sizeof rows / sizeof rows[0])

/* The name-resolution family is translated by xs__plat_eai_error. */
static int is_eai(int code) {
  return code <= XS_EAI_NONAME && code >= XS_EAI_NODATA;
}

static void test_error_codes_distinct_and_negative(void **state) {
  (void)state;
  assert_true(NROWS > 0);
  for (size_t i = 0; i < NROWS; i++) {
    assert_int_equal(rows[i].code, rows[i].value);
    assert_true(rows[i].code < 0);
    for (size_t j = i + 1; j < NROWS; j++) {
      if (rows[i].code == rows[j].code)
        print_error("%s and %s share %d\n", rows[i].name, rows[j].name,
                    rows[i].code);
      assert_int_not_equal(rows[i].code, rows[j].code);
    }
  }
}

static void test_error_names_match_symbols(void **state) {
  (void)state;
  for (size_t i = 0; i < NROWS; i++) {
    const char *name = xs_err_name(rows[i].code);
    assert_non_null(name);
    assert_true(name[0] != '\0');
    assert_string_equal(name, rows[i].name);
  }
}

static void test_error_messages_match_table(void **state) {
  (void)state;
  for (size_t i = 0; i < NROWS; i++) {
    const char *msg = xs_strerror(rows[i].code);
    assert_non_null(msg);
    assert_true(msg[0] != '\0');
    assert_string_equal(msg, rows[i].msg);
    assert_string_not_equal(msg, "unrecognized error code");
  }
}

static void test_error_success_code(void **state) {
  (void)state;
  assert_string_equal(xs_err_name(0), "OK");
  assert_string_equal(xs_strerror(0), "success");
}

static void test_error_unknown_codes(void **state) {
  static const int unknown[] = {
      1, 2, 1000, -1000, INT_MIN, INT_MAX, XS__ERR_LAST - 1};
  (void)state;
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
    assert_string_equal(xs_err_name(unknown[i]), "EUNRECOGNIZED");
    assert_string_equal(xs_strerror(unknown[i]), "unrecognized error code");
  }
}

/* Walk the platform table both ways: each XS code that has a native code
 * translates back to itself and leaves that native for xs_native_error(). */
static void test_error_platform_table_round_trip(void **state) {
  size_t mapped = 0;
  (void)state;
  for (size_t i = 0; i < NROWS; i++) {
    int code = rows[i].code;
    int native = xs__plat_native_code(code);
    int back;
    if (native == 0)
      continue;
    mapped++;
    back = is_eai(code) ? xs__plat_eai_error(native) : xs__plat_error(native);
    if (back != code)
      print_error("%s -> native %d -> %s\n", rows[i].name, native,
                  xs_err_name(back));
    assert_int_equal(back, code);
    assert_int_equal(xs_native_error(), native);
  }
  assert_true(mapped > 0);
}

/* Codes every platform must be able to produce from a native code. */
static void test_error_must_map_codes(void **state) {
  static const int must[] = {
      XS_EAGAIN,       XS_EINTR,         XS_EINPROGRESS,  XS_EALREADY,
      XS_ECONNREFUSED, XS_ECONNRESET,    XS_ECONNABORTED, XS_ETIMEDOUT,
      XS_EADDRINUSE,   XS_EADDRNOTAVAIL, XS_EAFNOSUPPORT, XS_EACCES,
      XS_EMFILE,       XS_ENOBUFS,       XS_ENOTCONN,     XS_EISCONN,
      XS_EHOSTUNREACH, XS_ENETUNREACH,   XS_EMSGSIZE,     XS_EINVAL,
      XS_ENOMEM,       XS_ENOTSUP,       XS_EPIPE};
  (void)state;
  for (size_t i = 0; i < sizeof must / sizeof must[0]; i++) {
    int native = xs__plat_native_code(must[i]);
    if (native == 0)
      print_error("no native code for %s\n", xs_err_name(must[i]));
    assert_int_not_equal(native, 0);
    assert_int_equal(xs__plat_error(native), must[i]);
    assert_int_equal(xs_native_error(), native);
  }
}

/* The system's own native names for some codes, from the system headers:
 * several natives fold into one XS code (would-block is one code). */
typedef struct native_row {
  int native;
  int code;
  const char *what;
} native_row;

#define NATIVE(n, c)                                                           \
  { n, c, #n }
static const native_row natives[] = {
#ifdef _WIN32
    NATIVE(WSAEWOULDBLOCK, XS_EAGAIN),
    NATIVE(WSAEINTR, XS_EINTR),
    NATIVE(WSAEALREADY, XS_EALREADY),
    NATIVE(WSAECONNREFUSED, XS_ECONNREFUSED),
    NATIVE(WSAECONNRESET, XS_ECONNRESET),
    NATIVE(WSAECONNABORTED, XS_ECONNABORTED),
    NATIVE(WSAETIMEDOUT, XS_ETIMEDOUT),
    NATIVE(WSAEADDRINUSE, XS_EADDRINUSE),
    NATIVE(WSAEADDRNOTAVAIL, XS_EADDRNOTAVAIL),
    NATIVE(WSAEAFNOSUPPORT, XS_EAFNOSUPPORT),
    NATIVE(WSAEACCES, XS_EACCES),
    NATIVE(WSAEMFILE, XS_EMFILE),
    NATIVE(WSAENOBUFS, XS_ENOBUFS),
    NATIVE(WSAENOTCONN, XS_ENOTCONN),
    NATIVE(WSAEISCONN, XS_EISCONN),
    NATIVE(WSAEHOSTUNREACH, XS_EHOSTUNREACH),
    NATIVE(WSAENETUNREACH, XS_ENETUNREACH),
    NATIVE(WSAEMSGSIZE, XS_EMSGSIZE),
    NATIVE(WSAEINVAL, XS_EINVAL),
    NATIVE(WSAEOPNOTSUPP, XS_ENOTSUP),
    NATIVE(WSAENOTSOCK, XS_EBADF),
    NATIVE(WSAENETRESET, XS_ENETRESET),
    NATIVE(WSAENOPROTOOPT, XS_ENOPROTOOPT),
#else
    NATIVE(EAGAIN, XS_EAGAIN),
    NATIVE(EWOULDBLOCK, XS_EAGAIN),
    NATIVE(EINTR, XS_EINTR),
    NATIVE(EINPROGRESS, XS_EINPROGRESS),
    NATIVE(EALREADY, XS_EALREADY),
    NATIVE(ECONNREFUSED, XS_ECONNREFUSED),
    NATIVE(ECONNRESET, XS_ECONNRESET),
    NATIVE(ECONNABORTED, XS_ECONNABORTED),
    NATIVE(ETIMEDOUT, XS_ETIMEDOUT),
    NATIVE(EADDRINUSE, XS_EADDRINUSE),
    NATIVE(EADDRNOTAVAIL, XS_EADDRNOTAVAIL),
    NATIVE(EAFNOSUPPORT, XS_EAFNOSUPPORT),
    NATIVE(EACCES, XS_EACCES),
    NATIVE(EMFILE, XS_EMFILE),
    NATIVE(ENOBUFS, XS_ENOBUFS),
    NATIVE(ENOTCONN, XS_ENOTCONN),
    NATIVE(EISCONN, XS_EISCONN),
    NATIVE(EHOSTUNREACH, XS_EHOSTUNREACH),
    NATIVE(ENETUNREACH, XS_ENETUNREACH),
    NATIVE(EMSGSIZE, XS_EMSGSIZE),
    NATIVE(EINVAL, XS_EINVAL),
    NATIVE(ENOMEM, XS_ENOMEM),
    NATIVE(ENOTSUP, XS_ENOTSUP),
    NATIVE(EOPNOTSUPP, XS_ENOTSUP),
    NATIVE(EPIPE, XS_EPIPE),
    NATIVE(EBADF, XS_EBADF),
    NATIVE(ENOTSOCK, XS_ENOTSOCK),
    NATIVE(ENOENT, XS_ENOENT),
    NATIVE(ENFILE, XS_ENFILE),
    NATIVE(ENOPROTOOPT, XS_ENOPROTOOPT),
#endif
};
#undef NATIVE

static void test_error_system_natives(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof natives / sizeof natives[0]; i++) {
    int got = xs__plat_error(natives[i].native);
    if (got != natives[i].code)
      print_error("%s (%d) -> %s, expected %s\n", natives[i].what,
                  natives[i].native, xs_err_name(got),
                  xs_err_name(natives[i].code));
    assert_int_equal(got, natives[i].code);
    assert_int_equal(xs_native_error(), natives[i].native);
  }
}

/* getaddrinfo() codes, by the system headers' EAI_* names (on Windows these
 * are WSA values; on POSIX small negative or positive numbers). */
#define EAI_ROW(n, c)                                                          \
  { n, c, #n }
static const native_row eai_natives[] = {
    EAI_ROW(EAI_NONAME, XS_EAI_NONAME),
    EAI_ROW(EAI_AGAIN, XS_EAI_AGAIN),
    EAI_ROW(EAI_FAIL, XS_EAI_FAIL),
    EAI_ROW(EAI_FAMILY, XS_EAI_FAMILY),
    EAI_ROW(EAI_SOCKTYPE, XS_EAI_SOCKTYPE),
    EAI_ROW(EAI_SERVICE, XS_EAI_SERVICE),
    EAI_ROW(EAI_MEMORY, XS_EAI_MEMORY),
#if defined(EAI_NODATA)
    EAI_ROW(EAI_NODATA, XS_EAI_NODATA),
#endif
};
#undef EAI_ROW

static void test_error_eai_family(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof eai_natives / sizeof eai_natives[0]; i++) {
    int got = xs__plat_eai_error(eai_natives[i].native);
    if (got != eai_natives[i].code)
      print_error("%s (%d) -> %s, expected %s\n", eai_natives[i].what,
                  eai_natives[i].native, xs_err_name(got),
                  xs_err_name(eai_natives[i].code));
    assert_int_equal(got, eai_natives[i].code);
    assert_int_equal(xs_native_error(), eai_natives[i].native);
  }
}

static void test_error_unmapped_native_kept(void **state) {
  (void)state;
  assert_int_equal(xs__plat_error(987654), XS_EUNKNOWN);
  assert_int_equal(xs_native_error(), 987654);
  /* A later failure replaces it. */
  assert_int_equal(xs__plat_error(987655), XS_EUNKNOWN);
  assert_int_equal(xs_native_error(), 987655);
}

static void test_error_argument_error_records_zero(void **state) {
  (void)state;
  assert_int_equal(xs__plat_error(987654), XS_EUNKNOWN);
  /* A failure found by xsock itself (NULL out) records native 0. */
  XS_ERR_(XS_EINVAL, xs_socket_open(XS_AF_INET, XS_SOCK_STREAM, NULL));
  assert_int_equal(xs_native_error(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_error_codes_distinct_and_negative),
      cmocka_unit_test(test_error_names_match_symbols),
      cmocka_unit_test(test_error_messages_match_table),
      cmocka_unit_test(test_error_success_code),
      cmocka_unit_test(test_error_unknown_codes),
      cmocka_unit_test(test_error_platform_table_round_trip),
      cmocka_unit_test(test_error_must_map_codes),
      cmocka_unit_test(test_error_system_natives),
      cmocka_unit_test(test_error_eai_family),
      cmocka_unit_test(test_error_unmapped_native_kept),
      cmocka_unit_test(test_error_argument_error_records_zero),
  };
  return XS_RUN(tests);
}
