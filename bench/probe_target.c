/* probe_target: the probe benchmark's HTTP/TCP target (bench/probes.sh).
 *
 * One thread, epoll, 127.0.0.1 on an ephemeral port (printed on stdout).
 * Each connection's accept time (CLOCK_REALTIME, ns) is logged with the
 * request path, "- <ns>" for a connection that sent nothing (a tcpSocket
 * probe), then "HTTP/1.1 200" is answered and the connection closed.  The
 * log is kept in memory and written to LOGFILE when stdin closes or on
 * SIGTERM, so the server does no file I/O while it is being measured.
 *
 * usage: probe_target LOGFILE
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

#define MAXFD	65536
#define REQMAX	2048

struct conn {
	long long accepted;	/* ns, 0 = slot free */
	size_t	 len;
	char	 req[REQMAX];
};

static struct conn *conns;
static char *logbuf;
static size_t loglen, logcap;

static long long
now_ns(void)
{
	return bench_ns(CLOCK_REALTIME);
}

static void
log_line(const char *path, size_t n, long long t)
{
	if (logcap - loglen < n + 32) {
		logcap = logcap * 2 + n + 4096;
		logbuf = realloc(logbuf, logcap);
		if (logbuf == NULL)
			abort();
	}
	memcpy(logbuf + loglen, path, n);
	loglen += n;
	loglen += (size_t)sprintf(logbuf + loglen, " %lld\n", t);
}

static void
finish(int fd, int ep)
{
	static const char ans[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
	    "Connection: close\r\n\r\nok";
	struct conn *c = &conns[fd];
	char *sp, *end;

	if (c->len == 0) {
		log_line("-", 1, c->accepted);
	} else {
		sp = memchr(c->req, ' ', c->len);
		end = sp ? memchr(sp + 1, ' ', c->len - (size_t)(sp + 1 - c->req)) : NULL;
		if (end != NULL)
			log_line(sp + 1, (size_t)(end - sp - 1), c->accepted);
		else
			log_line("?", 1, c->accepted);
		/* small answer into an empty socket buffer: never blocks */
		if (write(fd, ans, sizeof ans - 1) < 0)
			(void)0;
	}
	epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
	close(fd);
	c->accepted = 0;
	c->len = 0;
}

static void
dump(const char *file)
{
	FILE *f = fopen(file, "we");

	if (f == NULL) {
		perror(file);
		exit(1);
	}
	fwrite(logbuf, 1, loglen, f);
	fclose(f);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct epoll_event ev, evs[256];
	socklen_t alen = sizeof a;
	sigset_t ss;
	int ls, ep, sfd, one = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: probe_target LOGFILE\n");
		return 2;
	}
	conns = calloc(MAXFD, sizeof *conns);
	ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (conns == NULL || ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(ls, 4096) < 0 || getsockname(ls, (struct sockaddr *)&a, &alen) < 0) {
		perror("probe_target");
		return 1;
	}
	printf("%d\n", ntohs(a.sin_port));
	fflush(stdout);

	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigprocmask(SIG_BLOCK, &ss, NULL);
	sfd = signalfd(-1, &ss, SFD_CLOEXEC);
	ep = epoll_create1(EPOLL_CLOEXEC);
	ev.events = EPOLLIN;
	ev.data.fd = ls;
	epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
	ev.data.fd = sfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);
	ev.data.fd = 0;
	epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);

	for (;;) {
		int n = epoll_wait(ep, evs, 256, -1);

		if (n < 0 && errno == EINTR)
			continue;
		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;

			if (fd == sfd)
				goto out;
			if (fd == 0) {
				char b[64];

				if (read(0, b, sizeof b) <= 0)
					goto out;
				continue;
			}
			if (fd == ls) {
				int c;

				while ((c = accept4(ls, NULL, NULL,
				    SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
					if (c >= MAXFD) {
						close(c);
						continue;
					}
					conns[c].accepted = now_ns();
					conns[c].len = 0;
					ev.events = EPOLLIN | EPOLLRDHUP;
					ev.data.fd = c;
					epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
				}
				continue;
			}
			struct conn *c = &conns[fd];
			ssize_t r = read(fd, c->req + c->len, REQMAX - 1 - c->len);

			if (r > 0) {
				c->len += (size_t)r;
				c->req[c->len] = '\0';
				if (strstr(c->req, "\r\n\r\n") || c->len >= REQMAX - 1)
					finish(fd, ep);
			} else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
				finish(fd, ep);
			}
		}
	}
out:
	dump(argv[1]);
	return 0;
}
