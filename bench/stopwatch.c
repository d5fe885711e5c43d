/* stopwatch: measurements for bench/lifecycle.sh.
 *
 *   stopwatch stamp FILE          append "start <ns>\n", then "exit <ns>\n" and exit 1
 *                                 (a container that crashes at once)
 *   stopwatch restarts FILE       print p50/p99 of crash-to-restart gaps (ms)
 *   stopwatch term N INIT ARGS... run INIT ARGS... -- <self> trapterm N times:
 *                                 wait for the workload, send SIGTERM to the
 *                                 init, time until the init exits; print
 *                                 p50/p99 (ms)
 *   stopwatch trapterm FD         workload: exit 0 on SIGTERM; write "r" to FD
 *                                 (inherited) once ready
 * CLOCK_MONOTONIC is system-wide, so times from different processes compare. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

static long long
now_ns(void)
{
	return bench_ns(CLOCK_MONOTONIC);
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
report(const char *what, double *v, int n)
{
	if (n == 0) {
		printf("%s: no samples\n", what);
		return;
	}
	qsort(v, (size_t)n, sizeof v[0], cmp);
	printf("%s: n=%d p50=%.3f ms p99=%.3f ms\n", what, n, v[n / 2], v[(n * 99) / 100 >= n ? n - 1 : (n * 99) / 100]);
}

static void
on_term(int sig)
{
	(void)sig;
	_exit(0);
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "stamp") == 0) {
		FILE *f = fopen(argv[2], "a");
		if (f == NULL)
			return 2;
		fprintf(f, "start %lld\n", now_ns());
		fprintf(f, "exit %lld\n", now_ns());
		fclose(f);
		return 1;
	}
	if (argc >= 3 && strcmp(argv[1], "restarts") == 0) {
		FILE *f = fopen(argv[2], "r");
		char kind[16];
		long long t, last_exit = -1;
		static double gaps[100000];
		int n = 0;
		while (f && fscanf(f, "%15s %lld", kind, &t) == 2) {
			if (strcmp(kind, "exit") == 0)
				last_exit = t;
			else if (last_exit > 0 && n < 100000)
				gaps[n++] = (double)(t - last_exit) / 1e6;
		}
		report("crash-to-restart", gaps, n);
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "trapterm") == 0) {
		int fd = atoi(argv[2]);
		sigset_t none;
		signal(SIGTERM, on_term);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (write(fd, "r", 1) != 1)
			return 3;
		close(fd);
		for (;;)
			pause();
	}
	if (argc >= 4 && strcmp(argv[1], "term") == 0) {
		int n = atoi(argv[2]);
		static double v[10000];
		int got = 0;
		char self[4096];
		ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
		if (sl <= 0)
			return 2;
		self[sl] = '\0';
		for (int i = 0; i < n && i < 10000; i++) {
			int p[2];
			char fdarg[16], c;
			if (pipe(p) == -1)
				return 2;
			snprintf(fdarg, sizeof fdarg, "%d", p[1]);
			pid_t pid = fork();
			if (pid == 0) {
				char *args[64];
				int k = 0;
				for (int j = 3; j < argc && k < 58; j++)
					args[k++] = argv[j];
				args[k++] = "--";
				args[k++] = self;
				args[k++] = "trapterm";
				args[k++] = fdarg;
				args[k] = NULL;
				close(p[0]);
				execvp(args[0], args);
				_exit(127);
			}
			close(p[1]);
			if (read(p[0], &c, 1) != 1) {
				close(p[0]);
				waitpid(pid, NULL, 0);
				continue;
			}
			close(p[0]);
			long long t0 = now_ns();
			kill(pid, SIGTERM);
			waitpid(pid, NULL, 0);
			v[got++] = (double)(now_ns() - t0) / 1e6;
		}
		report("sigterm-to-exit", v, got);
		return 0;
	}
	fprintf(stderr, "usage: see the header of bench/stopwatch.c\n");
	return 2;
}
