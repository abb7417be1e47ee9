/* SPDX-License-Identifier: MIT */
/*
 * child.h - the child mode of the processes design: the command line a
 * parent starts its program again with, and what the child does with it
 * (srv_child_main in srv.h): dial the parent's channel, prove it is the
 * child meant by sending its one-time token, take the socket
 * (xs_handoff_recv) and serve that one client with the service named.
 */
#ifndef XS_SRV_CHILD_H
#define XS_SRV_CHILD_H

/* The hidden first argument of the child mode. */
#define CHILD_ARG "--xsock-child"
/* A token: 16 random bytes as 32 hex digits. */
#define CHILD_TOKEN_LEN 32
/* Arguments of the child mode, program name included. */
#define CHILD_ARGC 9

/* A new token into buf (CHILD_TOKEN_LEN + 1 bytes). 0 or -1. */
int child_make_token(char *buf);
/* The child's argv (CHILD_ARGC entries and a NULL) for a channel at
 * where, a token, a service name and the idle timeout in ms as text; the
 * log settings are the parent's. The strings must outlive argv. */
void child_argv(char **argv, const char *self, const char *where,
                const char *token, const char *service, const char *idle);

#endif /* XS_SRV_CHILD_H */
