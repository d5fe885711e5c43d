/* probe_io: one read or one write on a probe's connection, a plain socket
 * or a TLS session over it, with one set of answers: the bytes moved, 0 at
 * EOF (reads), PROBE_IO_WANT_READ, PROBE_IO_WANT_WRITE or PROBE_IO_ERROR.
 * The plain path is the recv(2)/send(2) it stands for: no extra syscall.
 * Private to src/probe/ (implemented in probe_io.c). */
#ifndef PODINIT_PROBE_IO_H
#define PODINIT_PROBE_IO_H
#include <stddef.h>
#include <sys/types.h>

#include "probe_tls.h"

#define PROBE_IO_ERROR		PROBE_TLS_ERROR
#define PROBE_IO_WANT_READ	PROBE_TLS_WANT_READ
#define PROBE_IO_WANT_WRITE	PROBE_TLS_WANT_WRITE

/* tls NULL: the plain socket fd (EINTR retried; on PROBE_IO_ERROR errno
 * says why).  Otherwise the TLS session over it. */
ssize_t	probe_io_read(int fd, struct probe_tls *tls, void *buf, size_t len);
ssize_t	probe_io_write(int fd, struct probe_tls *tls, const void *buf, size_t len);
/* The text of a PROBE_IO_ERROR as Go prints it: the TLS session's own
 * error, or "OP: <errno text>" ("read: connection reset by peer"). */
void	probe_io_error(struct probe_tls *tls, const char *op, int err, char *out, size_t outsz);

#endif /* PODINIT_PROBE_IO_H */
