/* SPDX-License-Identifier: MIT */
/**
 * @file mac.h
 * @brief MAC-48 (EUI-48) hardware addresses: parse, format, and read their
 *        parts and flag bits.
 *
 * xs_mac is a plain value of six bytes in transmission order (b[0] is the
 * first byte on the wire and the first written in text). Copy it, compare
 * it with memcmp(), keep it on the stack.
 *
 * Text forms xs_mac_parse() reads, hex digits in either case:
 *  - "00:50:56:c0:00:01"   IEEE 802 / POSIX style, colons
 *  - "00-50-56-C0-00-01"   IEEE 802 canonical / Windows style, hyphens
 *  - "0050.56c0.0001"      Cisco style, three dotted groups of four digits
 *
 * Nothing else: every byte is exactly two hex digits (the "0:50:56:c0:0:1"
 * that some tools write is refused, so a text has exactly one meaning), one
 * kind of separator per text, no spaces, no leading or trailing characters.
 * xs_mac_format() writes the first form, lower case.
 *
 * An interface's hardware address (xs_interface.mac with mac_len 6) becomes
 * an xs_mac with xs_mac_from_bytes().
 *
 * Pure text and bit operations: no OS call, the same results everywhere.
 */
#ifndef XSOCK_MAC_H
#define XSOCK_MAC_H

#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A buffer of this many bytes holds the text xs_mac_format() writes
 * ("00:50:56:c0:00:01", 17 characters, and the terminating NUL).
 */
#define XS_MAC_STRLEN 18

/** A MAC-48 address: six bytes, in the order they are sent and written. */
typedef struct xs_mac {
  uint8_t b[6]; /**< the bytes; b[0] holds the I/G and U/L bits */
} xs_mac;

/**
 * @brief Parse a MAC-48 address in one of the three text forms above.
 *
 * @param out  receives the address; all zero on failure.
 * @param text NUL-terminated text.
 * @return 0; XS_EINVAL for a NULL argument, a wrong length, a byte that is
 *         not two hex digits, a separator out of place or of two kinds,
 *         or any other character (leading or trailing ones included).
 */
XS_EXTERN int xs_mac_parse(xs_mac *out, const char *text);

/**
 * @brief Write a MAC-48 address as text: lower-case hex pairs separated by
 *        colons ("00:50:56:c0:00:01"), which xs_mac_parse() reads back.
 *
 * @param mac  the address.
 * @param buf  output buffer; XS_MAC_STRLEN bytes always suffice.
 * @param size size of buf in bytes.
 * @return 0; XS_EINVAL for a NULL argument (buf then holds "" when it is
 *         not NULL and size > 0); XS_ENOSPC if size is below XS_MAC_STRLEN
 *         (buf then holds "" when size > 0: the text is never cut short).
 */
XS_EXTERN int xs_mac_format(const xs_mac *mac, char *buf, size_t size);

/**
 * @brief Make a MAC-48 address from six bytes, for example an interface's
 *        hardware address (xs_interface.mac and mac_len).
 *
 * @param out   receives the address; all zero on failure.
 * @param bytes the bytes, in transmission order.
 * @param len   number of bytes at bytes; must be 6.
 * @return 0; XS_EINVAL for a NULL argument or a length other than 6 (an
 *         interface without a hardware address has mac_len 0, a longer
 *         hardware address such as EUI-64 or InfiniBand is not a MAC-48).
 */
XS_EXTERN int xs_mac_from_bytes(xs_mac *out, const uint8_t *bytes, size_t len);

/**
 * @brief The Organizationally Unique Identifier: the first three bytes as a
 *        24-bit number, b[0] in the high byte (00:50:56:c0:00:01 gives
 *        0x005056). The I/G and U/L bits are part of it, as they are in b[0].
 * @param mac the address.
 * @return the OUI, 0 to 0xffffff; 0 for NULL.
 */
XS_EXTERN uint32_t xs_mac_oui(const xs_mac *mac);

/**
 * @brief The NIC-specific part: the last three bytes as a 24-bit number,
 *        b[3] in the high byte (00:50:56:c0:00:01 gives 0xc00001).
 * @param mac the address.
 * @return the NIC part, 0 to 0xffffff; 0 for NULL.
 */
XS_EXTERN uint32_t xs_mac_nic(const xs_mac *mac);

/**
 * @brief Whether the address is a group (multicast) address: the I/G bit,
 *        the least significant bit of b[0] (01:00:5e:00:00:01 is one). The
 *        broadcast address ff:ff:ff:ff:ff:ff is a group address too.
 * @param mac the address.
 * @return 1 for a group address, 0 for an individual one (or NULL).
 */
XS_EXTERN int xs_mac_is_multicast(const xs_mac *mac);

/**
 * @brief Whether the address is locally administered: the U/L bit, bit 1
 *        of b[0] (02:00:00:00:00:01 is one; so is the broadcast address).
 *        Virtual interfaces and randomized Wi-Fi addresses have it set;
 *        addresses assigned by a vendor under its OUI do not.
 * @param mac the address.
 * @return 1 if locally administered, 0 if universally administered (or
 *         NULL).
 */
XS_EXTERN int xs_mac_is_local(const xs_mac *mac);

/**
 * @brief Whether the address is the broadcast address ff:ff:ff:ff:ff:ff.
 * @param mac the address.
 * @return 1 for broadcast, 0 otherwise (or NULL).
 */
XS_EXTERN int xs_mac_is_broadcast(const xs_mac *mac);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_MAC_H */
