/* nsbench: measurements for bench/namespaces.sh (SPEC §7's namespaces).
 *
 *   nsbench stamp FILE              a container: append "<monotonic ns>\n" to
 *                                   FILE (one write) and exit 0
 *   nsbench run N FILE CMD ARGS... [::: CMD ARGS...]...
 *                                   N rounds, each command in turn: truncate
 *                                   FILE, take the time, run the command
 *                                   (podinit -f a pod whose containers each
 *                                   run `nsbench stamp FILE`) to its end;
 *                                   then print for each command the p50 and
 *                                   p99 of the time to the first and to the
 *                                   last container's exec (ms), and how many
 *                                   stamps a run had
 * CLOCK_MONOTONIC is system-wide, so the stamps of the containers compare
 * with the driver's start time. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

#define MAX_RUNS 1000
#define MAX_CMDS 4

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double *v, int n, int p)
{
	int i = (n * p) / 100;

	return v[i >= n ? n - 1 : i];
}

/* The first and last stamp in file, and how many there are. */
static int
read_stamps(const char *file, long long *first, long long *last)
{
	FILE *f = fopen(file, "r");
	long long v;
	int n = 0;

	if (f == NULL)
		return 0;
	while (fscanf(f, "%lld", &v) == 1) {
		if (n == 0 || v < *first)
			*first = v;
		if (n == 0 || v > *last)
			*last = v;
		n++;
	}
	fclose(f);
	return n;
}

/* One run of cmd: 1 when it failed or its stamps are not as many as the
 * first run's. */
static int
run_once(const char *file, char **cmd, int *want, double *first, double *last)
{
	long long t0, a = 0, b = 0;
	int st, n, fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	pid_t pid;

	if (fd == -1)
		return 1;
	close(fd);
	t0 = bench_ns(CLOCK_MONOTONIC);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	if (pid == -1 || waitpid(pid, &st, 0) == -1)
		return 1;
	n = read_stamps(file, &a, &b);
	if (*want == -1)
		*want = n;
	*first = (double)(a - t0) / 1e6;
	*last = (double)(b - t0) / 1e6;
	return n == 0 || n != *want || !WIFEXITED(st) || WEXITSTATUS(st) != 0;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "stamp") == 0) {
		char line[32];
		int fd = open(argv[2], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		int len = snprintf(line, sizeof line, "%lld\n", bench_ns(CLOCK_MONOTONIC));

		if (fd == -1 || write(fd, line, (size_t)len) != len)
			return 1;
		return 0;
	}
	if (argc >= 5 && strcmp(argv[1], "run") == 0) {
		int runs = atoi(argv[2]), ncmd = 0, bad = 0;
		char **cmd[MAX_CMDS];
		static double first[MAX_CMDS][MAX_RUNS], last[MAX_CMDS][MAX_RUNS];
		int want[MAX_CMDS];

		if (runs < 1 || runs > MAX_RUNS)
			return 2;
		/* CMD ARGS... [::: CMD ARGS...]...: the commands take turns, so
		 * a change in the machine's load hits them alike */
		cmd[ncmd++] = argv + 4;
		for (int i = 4; i < argc; i++)
			if (strcmp(argv[i], ":::") == 0 && ncmd < MAX_CMDS) {
				argv[i] = NULL;
				cmd[ncmd++] = argv + i + 1;
			}
		for (int c = 0; c < ncmd; c++)
			want[c] = -1;
		for (int r = 0; r < runs; r++)
			for (int c = 0; c < ncmd; c++)
				bad += run_once(argv[3], cmd[c], &want[c], &first[c][r], &last[c][r]);
		for (int c = 0; c < ncmd; c++) {
			qsort(first[c], (size_t)runs, sizeof first[c][0], cmp);
			qsort(last[c], (size_t)runs, sizeof last[c][0], cmp);
			printf("runs=%d containers=%d first_p50=%.3f first_p99=%.3f last_p50=%.3f last_p99=%.3f\n",
			    runs, want[c], pct(first[c], runs, 50), pct(first[c], runs, 99),
			    pct(last[c], runs, 50), pct(last[c], runs, 99));
		}
		if (bad)
			fprintf(stderr, "nsbench: %d runs failed or lost a stamp\n", bad);
		return bad ? 1 : 0;
	}
	fprintf(stderr, "usage: nsbench stamp FILE | nsbench run N FILE CMD ARGS...\n");
	return 2;
}
