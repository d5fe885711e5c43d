/* forkexec: the exec-probe baseline of bench/probes.sh: N times
 * fork + execvp(CMD) + waitpid, and the CPU it cost per run (this
 * process's user+sys, and the children's, from getrusage).
 *
 * Back to back by default.  With -p USEC, run i starts at i * USEC from
 * the first (clock_nanosleep, absolute): paced as a prober paces its
 * attempts, so each run finds the caches and the CPU as a probe does
 * (after an idle gap) rather than hot from the run before.
 *
 * usage: forkexec [-p USEC] N CMD [ARG...]
 * prints: forkexec runs=N pace_us=P wall_us=W self_us=S children_us=C
 *         total_us=S+C (every figure per run; wall is 0 when paced)
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
tv_us(struct timeval t)
{
	return t.tv_sec * 1e6 + t.tv_usec;
}

static double
ru_us(const struct rusage *r)
{
	return tv_us(r->ru_utime) + tv_us(r->ru_stime);
}

int
main(int argc, char **argv)
{
	struct rusage s0, s1, c0, c1;
	struct timespec w0, w1;
	long pace_us = 0;
	int n, st;

	if (argc > 2 && argv[1][0] == '-' && argv[1][1] == 'p' && argv[1][2] == '\0') {
		pace_us = atol(argv[2]);
		argc -= 2;
		argv += 2;
	}
	if (argc < 3 || (n = atoi(argv[1])) <= 0 || pace_us < 0) {
		fprintf(stderr, "usage: forkexec [-p USEC] N CMD [ARG...]\n");
		return 2;
	}
	getrusage(RUSAGE_SELF, &s0);
	getrusage(RUSAGE_CHILDREN, &c0);
	clock_gettime(CLOCK_MONOTONIC, &w0);
	for (int i = 0; i < n; i++) {
		if (pace_us > 0) {
			long long due = (w0.tv_sec * 1000000000LL + w0.tv_nsec) + (long long)i * pace_us * 1000;
			struct timespec ts = { .tv_sec = due / 1000000000LL, .tv_nsec = due % 1000000000LL };
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0)
				;
		}
		pid_t p = fork();

		if (p == 0) {
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (p < 0 || waitpid(p, &st, 0) != p) {
			perror("forkexec");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &w1);
	getrusage(RUSAGE_SELF, &s1);
	getrusage(RUSAGE_CHILDREN, &c1);
	double wall = ((w1.tv_sec - w0.tv_sec) * 1e9 + (w1.tv_nsec - w0.tv_nsec)) / 1e3;
	double self = ru_us(&s1) - ru_us(&s0), kids = ru_us(&c1) - ru_us(&c0);
	printf("forkexec runs=%d pace_us=%ld wall_us=%.1f self_us=%.1f children_us=%.1f total_us=%.1f\n",
	    n, pace_us, pace_us ? 0.0 : wall / n, self / n, kids / n, (self + kids) / n);
	return 0;
}
