/* SPDX-License-Identifier: MIT */
/**
 * @file url.h
 * @brief Host names and the addressing part of URLs: check that a text is
 *        a valid host name; split "scheme://host:port/path" into what a
 *        program needs to connect.
 *
 * Neither makes a DNS query: they tell whether a text is well formed, not
 * whether the host exists; pass the host to xs_resolve() (or
 * xs_addr_parse_ip() for a literal) to get addresses. xs_hostname_check()
 * is pure text code. xs_url_parse() is too, except that it asks the
 * services database for a scheme's default port (xs_service_by_name(),
 * <xsock/service.h>: the system's database, then a built-in table).
 *
 * xs_url_parse() is an addressing tool, not a general URL library: it
 * reads the URLs a network program is given to connect to (http, https,
 * ftp, ssh, ws...), with a host, and leaves the path to the protocol. It
 * never decodes or re-encodes percent escapes, never resolves "." or ".."
 * path segments, and refuses what it cannot represent without loss
 * rather than guess (see xs_url_parse() for each rule).
 */
#ifndef XSOCK_URL_H
#define XSOCK_URL_H

#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Check that a text is a valid Internet host name.
 *
 * The rules are RFC 952's as amended by RFC 1123 section 2.1:
 *  - the name is one or more labels separated by dots;
 *  - a label is 1 to 63 characters: ASCII letters (either case), digits
 *    and hyphens, neither starting nor ending with a hyphen; it may start
 *    with a digit ("3com.com");
 *  - the last label is not all digits: RFC 1123 says a host name never
 *    has the dotted-decimal form, and "1.2.3", "256.1.1.1" or "127.1"
 *    are what inet_aton() reads as IPv4 addresses, so such a text is
 *    never taken for a name (IPv4 literals are checked with
 *    xs_addr_parse_ip() instead);
 *  - at most 253 characters in all; one trailing dot (the DNS root,
 *    "example.com.") is allowed and not counted.
 *
 * Internationalized names are accepted in their ASCII (punycode) form
 * ("xn--bcher-kva.example"); the Unicode form is refused. The underscore
 * of some DNS record names ("_sip._tcp") is not a host name character.
 *
 * @param name NUL-terminated text.
 * @return 0 for a valid host name; XS_EINVAL for NULL, an empty text, an
 *         empty label (".", "a..b", ".a"), a character outside letters,
 *         digits, hyphens and dots (spaces, underscores, non-ASCII bytes),
 *         a hyphen at either end of a label, more than one trailing dot, or
 *         an all-digit last label; otherwise XS_ENAMETOOLONG for a label
 *         longer than 63 characters or a name longer than 253. (A text
 *         that is both malformed and too long is XS_EINVAL: shortening it
 *         would not make it valid.)
 */
XS_EXTERN int xs_hostname_check(const char *name);

/**
 * Size of xs_url.scheme: a scheme of at most 31 characters and its NUL.
 */
#define XS_URL_SCHEME_MAX 32

/**
 * Size of xs_url.host: a host of at most 255 characters and its NUL (a
 * host name of 253 characters and its trailing dot fit, and so does any
 * IPv6 literal with a zone of up to 200 characters).
 */
#define XS_URL_HOST_MAX 256

/**
 * Size of xs_url.path: a path (with its query and fragment) of at most
 * 2047 characters and its NUL.
 */
#define XS_URL_PATH_MAX 2048

/** What kind of host an xs_url holds. */
typedef enum xs_url_host_type {
  XS_URL_HOST_NONE = 0, /**< no host (a zeroed or failed xs_url) */
  XS_URL_HOST_NAME = 1, /**< a host name (xs_hostname_check() passes) */
  XS_URL_HOST_IPV4 = 2, /**< an IPv4 literal ("192.0.2.1") */
  XS_URL_HOST_IPV6 = 3  /**< an IPv6 literal, written without brackets */
} xs_url_host_type;

/**
 * The addressing parts of a URL, as xs_url_parse() fills them. Every text
 * field is NUL-terminated; unused bytes are zero.
 */
typedef struct xs_url {
  /** The scheme, lower case: "http", "https", "ssh", "svn+ssh". */
  char scheme[XS_URL_SCHEME_MAX];
  /** The host, in the form xs_resolve() and xs_addr_parse_ip() take: a
   * host name in lower case ("example.com", a trailing dot kept), an IPv4
   * literal ("192.0.2.1"), or an IPv6 literal without brackets in the RFC
   * 5952 form ("2001:db8::1"), with its zone after a '%' when the URL has
   * one ("fe80::1%eth0"; the zone's case is kept). */
  char host[XS_URL_HOST_MAX];
  /** The path with the query and fragment, exactly as written
   * ("/a/b?x=1#top"); "/" when the URL has none; "/?x" for a URL whose
   * query follows the host directly ("http://h?x"). Percent escapes are
   * kept as they are. */
  char path[XS_URL_PATH_MAX];
  /** The kind of host: an xs_url_host_type value. */
  int host_type;
  /** The port, host byte order: the URL's own, else the scheme's default
   * port; 0 when port_known is 0. */
  uint16_t port;
  /** 1 when port holds a port (given in the URL or known for the scheme),
   * 0 when the URL gives none and the scheme has no known default. */
  int port_known;
} xs_url;

/**
 * @brief Split a URL of the form scheme://host[:port][path] into its
 *        parts.
 *
 * - scheme: RFC 3986: a letter, then letters, digits, '+', '-' or '.';
 *   at most 31 characters; any case, stored in lower case. It must be
 *   followed by "://": a URL without an authority ("mailto:a@b",
 *   "file:/x", "urn:x") names no host and is refused.
 * - host: a host name that passes xs_hostname_check(); or an IPv4 literal
 *   (four decimal parts 0 to 255 without leading zeros, as
 *   xs_addr_parse_ip() reads it); or an IPv6 literal in brackets (required:
 *   "http://::1/" is refused), stored without them. An IPv6 zone is
 *   written as RFC 6874 says, with the '%' itself escaped: "[fe80::1%25eth0]"
 *   gives host "fe80::1%eth0". The zone is 1 or more letters, digits, '-',
 *   '.', '_' or '~' and is not looked up (that happens when the host is
 *   used). A bare '%' ("[fe80::1%eth0]") is refused: in a URL '%' starts an
 *   escape, and "[fe80::1%25]" would otherwise mean two things. IPvFuture
 *   ("[v1.x]") is refused.
 * - port: after a ':', decimal digits only, 0 to 65535 (leading zeros
 *   allowed, no sign, no spaces). An empty port ("http://host:/") is the
 *   same as none, as RFC 3986 section 6.2.3 says.
 * - default port: with no port in the URL, the scheme's TCP port from the
 *   services database, xs_service_by_name(scheme, "tcp", ...): 80 for
 *   http, 443 for https, 21 for ftp, 22 for ssh, 23 for telnet on every
 *   system (the built-in table of service.h holds them); other schemes as
 *   the system's database says ("imap" is 143 where /etc/services lists
 *   it). A scheme that is not known gives port 0 and port_known 0, and the
 *   parse still succeeds: the caller decides.
 * - path: everything after the host and port, from the first '/', '?' or
 *   '#', up to the end (with "/" put in front when it starts with '?' or
 *   '#'); "/" when there is nothing. It must be RFC 3986 text: letters,
 *   digits and - . _ ~ ! $ & ' ( ) * + , ; = : @ / ? and at most one '#',
 *   and '%' only followed by two hex digits. Spaces, control characters
 *   (CR and LF included), non-ASCII bytes, and " < > [ \ ] ^ ` { | } are
 *   refused: they are never valid unescaped, and a CR LF could smuggle a
 *   second line into a protocol request.
 * - userinfo ("http://user:pass@host/") is refused. A password in a URL
 *   leaks into logs and process lists, "http://good.example@evil.example/"
 *   is a known way to make a link look like another host, and connecting
 *   needs only host and port.
 *
 * Nothing is ever cut short: a component too long for its field is an
 * error.
 *
 * @param out  receives the parts; all zero on failure.
 * @param text NUL-terminated URL.
 * @return 0; XS_EINVAL for NULL arguments or a text that breaks a rule
 *         above (no scheme or no "://", an empty or malformed host,
 *         userinfo, a port that is not 0 to 65535 in decimal, a bad path
 *         character); XS_ENAMETOOLONG for a scheme of more than 31
 *         characters, a host of more than 255, a host name with a label of
 *         more than 63 characters or more than 253 in all, or a path of
 *         more than 2047.
 */
XS_EXTERN int xs_url_parse(xs_url *out, const char *text);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_URL_H */
