/* apiload: an open-loop, fixed-rate HTTP/1.1 GET client for bench/api.sh.
 *
 * usage: apiload HOST PORT PATH RATE SECONDS [WORKERS]
 *
 * Request i is due at start + i/RATE; WORKERS threads (default 4) take
 * every WORKERS-th request, so one slow answer does not hold up the rest.
 * Each request is a new TCP connection (podinit answers with
 * Connection: close), sent when due, read to EOF.  Latency is measured from
 * the due time, not from the send, so a stall that delays a worker's next
 * requests is charged to them as well (no coordinated omission, as wrk2);
 * the plain service time (connect to EOF) is reported too.  Between
 * requests a worker sleeps until its next due time (clock_nanosleep
 * TIMER_ABSTIME).
 *
 * Prints one line: key=value pairs (requests, errors, achieved rate,
 * p50/p90/p99/p999/max of both latencies in microseconds, bytes per answer). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

#define MAX_WORKERS 64

static long long
now_ns(void)
{
	return bench_ns(CLOCK_MONOTONIC);
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static long long
pct(const long long *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return 0;
	i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i];
}

/* One GET; returns the bytes received, -1 on error. */
static long
one(const struct sockaddr_in *sa, const char *req, size_t req_len, char *buf, size_t cap)
{
	long got = 0;
	ssize_t n;
	int fd, one_ = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one_, sizeof one_);
	if (connect(fd, (const struct sockaddr *)sa, sizeof *sa) == -1 ||
	    write(fd, req, req_len) != (ssize_t)req_len) {
		close(fd);
		return -1;
	}
	while ((n = read(fd, buf, cap)) > 0) {
		if (got == 0 && (n < 12 || memcmp(buf + 8, " 200", 4) != 0)) {
			close(fd);
			return -1;
		}
		got += n;
	}
	close(fd);
	return n == 0 && got > 0 ? got : -1;
}

struct worker {
	pthread_t th;
	size_t	 first, step, total;
	long long start, period;
	const struct sockaddr_in *sa;
	const char *req;
	size_t	 req_len;
	long long *lat, *svc;	/* indexed by request; -1 = error */
	long	 bytes;
};

/* Requests first, first+step, ...: each sent when due (or at once when
 * this worker is behind), timed from its due time and from its send. */
static void *
work(void *arg)
{
	struct worker *w = arg;
	char *buf = malloc(1 << 20);
	struct timespec ts;
	long long due, t0;
	long r;

	if (buf == NULL)
		return NULL;
	for (size_t i = w->first; i < w->total; i += w->step) {
		due = w->start + (long long)i * w->period;
		ts.tv_sec = due / 1000000000LL;
		ts.tv_nsec = due % 1000000000LL;
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
		t0 = now_ns();
		r = one(w->sa, w->req, w->req_len, buf, 1 << 20);
		if (r < 0) {
			w->lat[i] = w->svc[i] = -1;
			continue;
		}
		w->bytes = r;
		w->lat[i] = now_ns() - due;
		w->svc[i] = now_ns() - t0;
	}
	free(buf);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sa;
	struct worker wk[MAX_WORKERS];
	long long start, period, *lat, *svc;
	size_t total, ok = 0, errors = 0, req_len, nw;
	long bytes = 0;
	double rate, secs;
	char req[512];

	if (argc != 6 && argc != 7) {
		fprintf(stderr, "usage: apiload HOST PORT PATH RATE SECONDS [WORKERS]\n");
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)atoi(argv[2]));
	if (inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1) {
		fprintf(stderr, "apiload: bad IPv4 address %s\n", argv[1]);
		return 2;
	}
	rate = atof(argv[4]);
	secs = atof(argv[5]);
	nw = argc == 7 ? (size_t)atoi(argv[6]) : 4;
	if (rate <= 0 || secs <= 0 || rate * secs > 1e7 || nw < 1 || nw > MAX_WORKERS) {
		fprintf(stderr, "apiload: bad rate, duration or worker count\n");
		return 2;
	}
	total = (size_t)(rate * secs);
	period = (long long)(1e9 / rate);
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: podinit\r\nUser-Agent: apiload\r\n"
	    "Connection: close\r\n\r\n", argv[3]);
	req_len = strlen(req);
	lat = calloc(total, sizeof *lat);
	svc = calloc(total, sizeof *svc);
	if (lat == NULL || svc == NULL)
		return 1;
	start = now_ns() + 10000000LL;
	for (size_t k = 0; k < nw; k++) {
		wk[k] = (struct worker){ .first = k, .step = nw, .total = total, .start = start,
		    .period = period, .sa = &sa, .req = req, .req_len = req_len, .lat = lat, .svc = svc };
		if (pthread_create(&wk[k].th, NULL, work, &wk[k]) != 0) {
			fprintf(stderr, "apiload: pthread_create failed\n");
			return 1;
		}
	}
	for (size_t k = 0; k < nw; k++) {
		pthread_join(wk[k].th, NULL);
		if (wk[k].bytes)
			bytes = wk[k].bytes;
	}
	secs = (double)(now_ns() - start) / 1e9;
	for (size_t i = 0; i < total; i++) {
		if (lat[i] < 0) {
			errors++;
			continue;
		}
		lat[ok] = lat[i];
		svc[ok] = svc[i];
		ok++;
	}
	qsort(lat, ok, sizeof *lat, cmp_ll);
	qsort(svc, ok, sizeof *svc, cmp_ll);
	printf("requests=%zu errors=%zu rate=%.1f bytes=%ld "
	    "p50_us=%.0f p90_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f "
	    "svc_p50_us=%.0f svc_p99_us=%.0f svc_max_us=%.0f\n",
	    ok, errors, (double)(ok + errors) / secs, bytes,
	    pct(lat, ok, 0.50) / 1e3, pct(lat, ok, 0.90) / 1e3, pct(lat, ok, 0.99) / 1e3,
	    pct(lat, ok, 0.999) / 1e3, ok ? lat[ok - 1] / 1e3 : 0.0,
	    pct(svc, ok, 0.50) / 1e3, pct(svc, ok, 0.99) / 1e3, ok ? svc[ok - 1] / 1e3 : 0.0);
	free(lat);
	free(svc);
	return errors ? 1 : 0;
}
