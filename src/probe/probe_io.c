/* probe_io: reads and writes over a plain socket or TLS with the same
 * answers, so the httpGet and grpc runners have one I/O path each. */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

#include "probe_io.h"
#include "probe_net.h"

ssize_t
probe_io_read(int fd, struct probe_tls *tls, void *buf, size_t len)
{
	ssize_t n;

	if (tls != NULL)
		return probe_tls_read(tls, buf, len);
	do
		n = recv(fd, buf, len, 0);
	while (n == -1 && errno == EINTR);
	if (n >= 0)
		return n;
	return errno == EAGAIN || errno == EWOULDBLOCK ? PROBE_IO_WANT_READ : PROBE_IO_ERROR;
}

ssize_t
probe_io_write(int fd, struct probe_tls *tls, const void *buf, size_t len)
{
	ssize_t n;

	if (tls != NULL)
		return probe_tls_write(tls, buf, len);
	do
		n = send(fd, buf, len, MSG_NOSIGNAL);
	while (n == -1 && errno == EINTR);
	if (n >= 0)
		return n;
	return errno == EAGAIN || errno == EWOULDBLOCK ? PROBE_IO_WANT_WRITE : PROBE_IO_ERROR;
}

void
probe_io_error(struct probe_tls *tls, const char *op, int err, char *out, size_t outsz)
{
	char tmp[128];

	if (tls != NULL)
		probe_tls_error(tls, out, outsz);
	else
		snprintf(out, outsz, "%s: %s", op, probe_net_strerror(err, tmp, sizeof tmp));
}
