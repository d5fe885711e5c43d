/* probe_tcp: the tcpSocket prober (connect, then close at once) and the
 * non-blocking connect helpers every network runner shares.
 * K8S: pkg/probe/tcp/tcp.go DoTCPProbe: no data is sent or read; a peer
 * that accepts and closes at once is healthy. */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include "podinit/fdx.h"
#include "podinit/hosts.h"
#include "probe_internal.h"
#include "probe_net.h"

const char *
probe_net_strerror(int err, char *tmp, size_t tmpsz)
{
	const char *s = strerror(err);

	/* Go's syscall.Errno strings are glibc's, lower-cased first letter. */
	snprintf(tmp, tmpsz, "%s", s);
	if (tmp[0] != '\0')
		tmp[0] = (char)tolower((unsigned char)tmp[0]);
	return tmp;
}

int
probe_net_connect(const char *host, int port, unsigned int flags, int *fd, bool *connected)
{
	struct sockaddr_storage ss;
	struct pollfd pfd;
	socklen_t sslen;
	int s, one = 1;

	*fd = -1;
	*connected = false;
	if (hosts_resolve(host, port, &ss, &sslen) == -1) {
		errno = ENOENT;
		return -1;
	}
	s = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s == -1)
		return -1;
	if (flags & PROBE_NET_NODELAY)
		(void)setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(s, (struct sockaddr *)&ss, sslen) == 0) {
		*connected = true;
	} else if (errno != EINPROGRESS && errno != EINTR) {
		fdx_close(&s);
		return -1;
	} else if (flags & PROBE_NET_LOOK) {
		/* On loopback the handshake has usually completed by the time
		 * connect returns (the kernel runs both ends before it does):
		 * one look now spares a loop wake-up and two epoll_ctl. */
		pfd.fd = s;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) == 1 && pfd.revents == POLLOUT)
			*connected = true;
	}
	*fd = s;
	return 0;
}

int
probe_net_so_error(int fd)
{
	int err = 0;
	socklen_t len = sizeof err;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		return errno;
	return err;
}

void
probe_net_dial_error(char *out, size_t outsz, const char *host, int port, int err)
{
	char addr[300], tmp[128];

	if (err == ENOENT) {
		snprintf(out, outsz, "dial tcp: lookup %s: no such host", host);
		return;
	}
	hosts_join(addr, sizeof addr, host, port);
	if (err == ETIMEDOUT)
		snprintf(out, outsz, "dial tcp %s: i/o timeout", addr);
	else if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM)
		snprintf(out, outsz, "dial tcp %s: socket: %s", addr,
		    probe_net_strerror(err, tmp, sizeof tmp));
	else
		snprintf(out, outsz, "dial tcp %s: connect: %s", addr,
		    probe_net_strerror(err, tmp, sizeof tmp));
}

static void
tcp_fail(struct probe_run *r, int err)
{
	char msg[PROBE_MESSAGE_MAX];

	probe_net_dial_error(msg, sizeof msg, r->h->host, r->h->port, err);
	probe_finish(r, PROBE_FAILURE, false, "%s", msg);
}

static void
on_connect(struct loop *l, struct watcher *w, uint32_t events)
{
	struct probe_run *r = w->arg;
	int err = probe_net_so_error(r->fd);

	(void)l;
	/* Connected is healthy, even if the peer has hung up since. */
	(void)events;
	if (err == 0) {
		probe_finish(r, PROBE_SUCCESS, false, "%s", "");
		return;
	}
	tcp_fail(r, err ? err : ECONNREFUSED);
}

int
probe_tcp_begin(struct probe_run *r)
{
	bool connected;

	if (probe_net_connect(r->h->host, r->h->port, PROBE_NET_LOOK, &r->fd, &connected) == -1) {
		tcp_fail(r, errno);
		return -1;
	}
	if (connected) {
		probe_finish(r, PROBE_SUCCESS, false, "%s", "");
		return 0;
	}
	watcher_init(&r->w, on_connect, r);
	if (loop_watch(r->loop, &r->w, r->fd, EPOLLOUT) == -1) {
		probe_finish(r, PROBE_UNKNOWN, false, "tcp probe: epoll: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void
probe_tcp_timeout(struct probe_run *r)
{
	tcp_fail(r, ETIMEDOUT);
}
