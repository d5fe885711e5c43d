/* connfloor: the machine's floor for a tcp/http probe attempt, for
 * bench/probes.sh: N times, back to back, what a minimal non-blocking
 * prober must do (socket, connect, epoll until writable, SO_ERROR; for
 * http also send a GET, read the answer to EOF; close), and the CPU this
 * process spent per attempt (getrusage user+sys; on loopback that includes
 * the kernel's work for the server side's packets that ran in our context).
 *
 * With -p USEC it is paced as a prober is: a burst of B attempts (-b B,
 * default 1) every USEC, sleeping (clock_nanosleep, absolute) in between,
 * so each burst finds cold caches and pays a wake-up, as podinit's timer
 * wake-ups do; podinit starts a container's liveness and readiness probes
 * in one wake-up, hence -b 2.
 *
 * usage: connfloor [-p USEC [-b B]] PORT N tcp|http
 * prints: connfloor mode=M runs=N pace_us=P burst=B self_us=S wall_us=W
 *         (per attempt; wall is 0 when paced)
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

static double
ru_us(void)
{
	struct rusage r;

	getrusage(RUSAGE_SELF, &r);
	return (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e6 +
	    r.ru_utime.tv_usec + r.ru_stime.tv_usec;
}

static int
wait_for(int ep, int fd, unsigned int events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };

	if (epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev) < 0)
		return -1;
	return epoll_wait(ep, &ev, 1, 1000) == 1 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	static const char req[] = "GET /floor HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "User-Agent: kube-probe/1.33\r\nAccept: */*\r\nConnection: close\r\n\r\n";
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct timespec w0, w1;
	char buf[1024];
	long pace_us = 0;
	int n, http, ep, burst = 1, opt;
	long long start;

	while ((opt = getopt(argc, argv, "p:b:")) != -1) {
		if (opt == 'p')
			pace_us = atol(optarg);
		else if (opt == 'b')
			burst = atoi(optarg);
		else
			return 2;
	}
	argc -= optind - 1;
	argv += optind - 1;
	if (argc != 4 || (n = atoi(argv[2])) <= 0 || pace_us < 0 || burst < 1) {
		fprintf(stderr, "usage: connfloor [-p USEC [-b B]] PORT N tcp|http\n");
		return 2;
	}
	http = strcmp(argv[3], "http") == 0;
	a.sin_port = htons((unsigned short)atoi(argv[1]));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ep = epoll_create1(EPOLL_CLOEXEC);
	double c0 = ru_us();
	clock_gettime(CLOCK_MONOTONIC, &w0);
	start = bench_ns(CLOCK_MONOTONIC);
	for (int i = 0; i < n; i++) {
		struct epoll_event ev = { .events = EPOLLOUT };

		if (pace_us > 0 && i % burst == 0) {
			long long due = start + (long long)(i / burst) * pace_us * 1000;
			struct timespec ts = { .tv_sec = due / 1000000000LL, .tv_nsec = due % 1000000000LL };

			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
				;
		}
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		int err = 0;
		socklen_t el = sizeof err;

		ev.data.fd = fd;
		epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
		connect(fd, (struct sockaddr *)&a, sizeof a);
		if (wait_for(ep, fd, EPOLLOUT) < 0 ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0 || err) {
			fprintf(stderr, "connfloor: connect failed\n");
			return 1;
		}
		if (http) {
			if (write(fd, req, sizeof req - 1) < 0)
				return 1;
			for (;;) {
				ssize_t r = read(fd, buf, sizeof buf);

				if (r == 0)
					break;
				if (r < 0 && wait_for(ep, fd, EPOLLIN) < 0)
					break;
			}
		}
		close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &w1);
	double c1 = ru_us();
	printf("connfloor mode=%s runs=%d pace_us=%ld burst=%d self_us=%.1f wall_us=%.1f\n",
	    argv[3], n, pace_us, burst, (c1 - c0) / n, pace_us ? 0.0 :
	    ((w1.tv_sec - w0.tv_sec) * 1e9 + (w1.tv_nsec - w0.tv_nsec)) / 1e3 / n);
	return 0;
}
