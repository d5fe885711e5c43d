/* hosts: turn a probe's host into a socket address without DNS.
 *
 * IPv4 and IPv6 literals (an IPv6 zone as "fe80::1%eth0") are used as they
 * are; any other name is looked up in /etc/hosts (first match, IPv4 lines
 * preferred over IPv6 as Go's resolver orders them), and "localhost" falls
 * back to 127.0.0.1.  Never getaddrinfo(): it may block on DNS and needs NSS
 * in a static binary.  Reading /etc/hosts is a bounded local file read. */
#ifndef PODINIT_HOSTS_H
#define PODINIT_HOSTS_H
#include <stdbool.h>
#include <sys/socket.h>

#define HOSTS_DEFAULT_PATH "/etc/hosts"

/* Resolve host (a name or a literal: defaulting an unset one is the
 * spec's, SPEC_DEFAULT_HOST) and set the port; 0, or -1 when the name is
 * unknown or the file cannot be read (errno ENOENT for "no such host"). */
int	hosts_resolve(const char *host, int port, struct sockaddr_storage *ss,
	    socklen_t *sslen);
/* True when host is an IP literal (no lookup needed). */
bool	hosts_is_literal(const char *host);
/* Format "127.0.0.1:8080" / "[::1]:8080" (Go's net.JoinHostPort). */
void	hosts_join(char *out, size_t outsz, const char *host, int port);
/* Tests: read this file instead of /etc/hosts (NULL restores the default). */
void	hosts_set_path(const char *path);

#endif /* PODINIT_HOSTS_H */
