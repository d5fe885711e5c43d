/* client: `podinit status`, the command-line side of the status API.  A
 * short-lived process of its own, so it may block (with a 5 s timeout). */
#ifndef PODINIT_CLIENT_H
#define PODINIT_CLIENT_H

#define CLIENT_TIMEOUT_SEC 5

/* podinit status [--socket PATH] [-o json|text] [--ready | --live] [--events]
 *
 * argv[0] is "status".  The socket is --socket, else $PODINIT_SOCKET, else
 * /run/podinit.sock.  Default output is the describe text (GET /describe);
 * -o json prints /status (/events with --events).  --ready / --live exit 0
 * when /readyz or /livez answer 200, else 1 (for a HEALTHCHECK).  Exit 2
 * when podinit cannot be reached or on a usage error. */
int	status_command_main(int argc, char **argv);

/* GET path over the unix socket sock.  Returns the HTTP status, -1 when
 * the server cannot be reached (message printed), -2 for a garbled answer.
 * *body is the answer's body, NUL-terminated (caller frees). */
#include <stdbool.h>
#include <stddef.h>
int	client_fetch(const char *sock, const char *path, char **body, size_t *body_len);
/* The status socket connected (a message said on failure: -1); timeout:
 * reads give up after CLIENT_TIMEOUT_SEC. */
int	client_connect(const char *sock, bool timeout);
/* Connected and "GET path" sent (User-Agent agent): the fd, or -1. */
int	client_get(const char *sock, const char *path, bool timeout, const char *agent);

/* The socket: $PODINIT_SOCKET, else API_DEFAULT_SOCKET. */
const char *client_socket(void);
/* "NAME VALUE" or "NAME=VALUE" at argv[*i] (*i moves past VALUE): true
 * with *val set, else false. */
bool	client_flag(int argc, char **argv, int *i, const char *name, const char **val);

/* podinit kubeconfig [--socket PATH] [--status-addr HOST:PORT] [--name NAME]
 *
 * SPEC §8: prints a kubeconfig for kubectl, asked of the running podinit
 * over its socket (GET /kubeconfig): the server its --status-addr (or
 * the one given), cluster, context and user named after the pod (or
 * NAME).  Exit 0, 1 on an error answer, 2 unreachable or usage.
 * src/cmd/kubeconfig.c. */
int	kubeconfig_command_main(int argc, char **argv);

#endif /* PODINIT_CLIENT_H */
