/* probe_net: socket helpers shared by the tcp, http and grpc runners
 * (implemented in probe_tcp.c).  Private to src/probe/. */
#ifndef PODINIT_PROBE_NET_H
#define PODINIT_PROBE_NET_H
#include <stdbool.h>
#include <stddef.h>

/* probe_net_connect flags. */
#define PROBE_NET_NODELAY	1u	/* TCP_NODELAY: the caller writes in pieces */
#define PROBE_NET_LOOK		2u	/* poll(0) once: did the handshake complete? */
/* Start a non-blocking connect to host:port.  0 with *fd set and
 * *connected telling whether it is known to have completed (connect(2)
 * returned 0, or PROBE_NET_LOOK saw it writable); -1 with errno (ENOENT:
 * the name is not an IP literal and not in /etc/hosts) and *fd == -1. */
int	probe_net_connect(const char *host, int port, unsigned int flags, int *fd,
	    bool *connected);
/* The pending error of a connecting socket (SO_ERROR), 0 when connected. */
int	probe_net_so_error(int fd);
/* Go's error text for a failed dial, as kubelet prints it:
 * "dial tcp 127.0.0.1:8080: connect: connection refused",
 * "dial tcp: lookup foo: no such host". */
void	probe_net_dial_error(char *out, size_t outsz, const char *host, int port, int err);
/* Go's lower-case errno text ("connection reset by peer"). */
const char *probe_net_strerror(int err, char *tmp, size_t tmpsz);

#endif /* PODINIT_PROBE_NET_H */
