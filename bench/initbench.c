/* initbench: measurements of an init running as PID 1 of a new PID
 * namespace, for bench/core.sh.
 *
 *   initbench siglat N INIT [ARG...]   signal-forward latency, N samples
 *   initbench reap N INIT [ARG...]     N orphans reaped at once: rate
 *
 * INIT [ARG...] is the init's command line up to and including its "--";
 * initbench appends itself as the init's child.  It unshares a PID
 * namespace (needs root), forks the init as its PID 1 and talks to its
 * own copy running as the init's child over two pipes: stdin (from us)
 * and stdout (to us), which every init passes through untouched.
 *
 * siglat: the child blocks SIGUSR1 and waits in sigwaitinfo(); per sample
 * we read CLOCK_MONOTONIC, kill(init, SIGUSR1), and the child writes back
 * its own CLOCK_MONOTONIC reading at receipt (the clock is system-wide).
 * One sample at a time, so nothing coalesces.  Prints
 * "siglat n=N median_us=X p99_us=Y".
 *
 * reap: the child forks a holder that makes N children which exit at once
 * (zombies of the holder, CLONE_VM so making them is cheap), waits until
 * all are zombies, and reports ready.  Then we tell the holder to exit:
 * all N zombies are reparented to the init in one go, and we poll the
 * init's children list until only its own child is left.  Prints
 * "reap n=N ms=X per_s=Y". */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

static int64_t
now_ns(void)
{
	return bench_ns(CLOCK_MONOTONIC);
}

static void
die(const char *what)
{
	perror(what);
	exit(1);
}

/* Read n bytes; -1 on EOF, error or 60 s without data. */
static int
read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (poll(&pfd, 1, 60000) != 1)
			return -1;
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* ---- inside the namespace: the init's child ---- */

static int
child_siglat(void)
{
	sigset_t s;
	siginfo_t si;
	char ready = 'R';

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	if (write(1, &ready, 1) != 1)
		return 1;
	for (;;) {
		if (sigwaitinfo(&s, &si) == -1)
			continue;
		int64_t t = now_ns();
		if (write(1, &t, sizeof t) != (ssize_t)sizeof t)
			return 0;
	}
}

#define STACK 16384
static char *zstack;

static int
zombie_fn(void *arg)
{
	(void)arg;
	return 0;
}

static int
child_reap(long n)
{
	pid_t holder = fork();

	if (holder == -1)
		return 1;
	if (holder == 0) {
		char ready = 'R', go;
		/* One shared stack is enough: we wait for each child to be
		 * a zombie (WNOWAIT: not reaped) before making the next. */
		zstack = mmap(NULL, STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (zstack == MAP_FAILED)
			_exit(1);
		for (long i = 0; i < n; i++) {
			siginfo_t si;
			pid_t p = clone(zombie_fn, zstack + STACK, CLONE_VM | SIGCHLD, NULL);
			if (p == -1) {
				/* Out of pids (pid_max) most likely: say so. */
				fprintf(stderr, "initbench: clone after %ld children: %s\n", i, strerror(errno));
				ready = 'F';
				break;
			}
			memset(&si, 0, sizeof si);
			while (waitid(P_PID, (id_t)p, &si, WEXITED | WNOWAIT) == -1 && errno == EINTR)
				;
		}
		if (write(1, &ready, 1) != 1)
			_exit(1);
		(void)read(0, &go, 1);
		_exit(0);
	}
	for (;;)
		pause();
}

/* ---- outside: start the init ---- */

static pid_t init_pid;
static int to_child = -1, from_child = -1;

static void
start_init(char **initv, int ninit, char *self, const char *mode, const char *arg)
{
	int in[2], out[2];
	char **argv = calloc((size_t)ninit + 4, sizeof *argv);

	if (argv == NULL)
		die("calloc");
	for (int i = 0; i < ninit; i++)
		argv[i] = initv[i];
	argv[ninit] = self;
	argv[ninit + 1] = (char *)mode;
	argv[ninit + 2] = (char *)arg;
	if (pipe2(in, O_CLOEXEC) == -1 || pipe2(out, O_CLOEXEC) == -1)
		die("pipe");
	if (unshare(CLONE_NEWPID) == -1)
		die("unshare(CLONE_NEWPID)");
	init_pid = fork();
	if (init_pid == -1)
		die("fork");
	if (init_pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	to_child = in[1];
	from_child = out[0];
	free(argv);
}

static void
stop_init(void)
{
	kill(init_pid, SIGKILL);
	waitpid(init_pid, NULL, 0);
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int
run_siglat(long n, char **initv, int ninit, char *self)
{
	int64_t *lat = calloc((size_t)n, sizeof *lat);
	char ready;

	if (lat == NULL)
		die("calloc");
	start_init(initv, ninit, self, "child-siglat", "0");
	if (read_full(from_child, &ready, 1) == -1) {
		fprintf(stderr, "initbench: child did not start\n");
		stop_init();
		return 1;
	}
	/* The child is ready once it said so; the init is in its loop
	 * by then (it forked the child from there). */
	for (long i = 0; i < n; i++) {
		int64_t t0 = now_ns(), t1;
		if (kill(init_pid, SIGUSR1) == -1)
			die("kill");
		if (read_full(from_child, &t1, sizeof t1) == -1) {
			fprintf(stderr, "initbench: lost the child after %ld samples\n", i);
			stop_init();
			return 1;
		}
		lat[i] = t1 - t0;
	}
	stop_init();
	qsort(lat, (size_t)n, sizeof *lat, cmp64);
	printf("siglat n=%ld median_us=%.1f p99_us=%.1f\n", n,
	    (double)lat[n / 2] / 1000.0, (double)lat[(n * 99) / 100 - (n >= 100 ? 1 : 0)] / 1000.0);
	free(lat);
	return 0;
}

/* Children of pid (from /proc): their count, and the first in *first. */
static long
children_of(pid_t pid, pid_t *first)
{
	static char buf[1 << 22];
	char path[64];
	long count = 0;
	ssize_t r;
	size_t len = 0;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	while ((r = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)r;
	close(fd);
	buf[len] = '\0';
	if (first != NULL)
		*first = (pid_t)atol(buf);
	for (size_t i = 0; i < len; i++)
		if (buf[i] == ' ')
			count++;
	return count;
}

/* Exited: a zombie, or gone. */
static int
exited(pid_t pid)
{
	char path[64], buf[256], *p;
	int fd;
	ssize_t r;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return 1;
	r = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (r <= 0)
		return 1;
	buf[r] = '\0';
	p = strrchr(buf, ')');
	return p == NULL || p[2] == 'Z' || p[2] == 'X';
}

static int
run_reap(long n, char **initv, int ninit, char *self)
{
	char ready, arg[32];
	int64_t t0, t1;
	long left = -1;
	pid_t main_child = 0, holder = 0;
	struct timespec tick = { 0, 200000 };

	snprintf(arg, sizeof arg, "%ld", n);
	start_init(initv, ninit, self, "child-reap", arg);
	if (read_full(from_child, &ready, 1) == -1 || ready != 'R') {
		fprintf(stderr, "initbench: holder could not make %ld children\n", n);
		stop_init();
		return 1;
	}
	/* init -> our child (main_child) -> holder -> n zombies. */
	if (children_of(init_pid, &main_child) != 1 || children_of(main_child, &holder) != 1) {
		fprintf(stderr, "initbench: unexpected process tree under the init\n");
		stop_init();
		return 1;
	}
	t0 = now_ns();
	if (write(to_child, "x", 1) != 1)
		die("write");
	/* Done when the holder has exited (so its zombies were handed to
	 * the init) and the init has only its own child left; 60 s bound. */
	while (now_ns() - t0 < 60000000000LL) {
		if (exited(holder) && (left = children_of(init_pid, NULL)) == 1)
			break;
		nanosleep(&tick, NULL);
	}
	t1 = now_ns();
	stop_init();
	if (left != 1) {
		fprintf(stderr, "initbench: %ld children left after 60 s\n", left);
		return 1;
	}
	printf("reap n=%ld ms=%.1f per_s=%.0f\n", n, (double)(t1 - t0) / 1e6,
	    (double)n / ((double)(t1 - t0) / 1e9));
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "child-siglat") == 0)
		return child_siglat();
	if (argc >= 3 && strcmp(argv[1], "child-reap") == 0)
		return child_reap(atol(argv[2]));
	if (argc < 4) {
		fprintf(stderr, "usage: initbench siglat|reap N INIT [ARG...] --\n");
		return 2;
	}
	long n = atol(argv[2]);
	if (n <= 0)
		return 2;
	/* Our own path, for the init to run as its child. */
	static char self[4096];
	ssize_t r = readlink("/proc/self/exe", self, sizeof self - 1);
	if (r <= 0)
		die("readlink /proc/self/exe");
	self[r] = '\0';
	signal(SIGPIPE, SIG_IGN);
	if (strcmp(argv[1], "siglat") == 0)
		return run_siglat(n, argv + 3, argc - 3, self);
	if (strcmp(argv[1], "reap") == 0)
		return run_reap(n, argv + 3, argc - 3, self);
	return 2;
}
