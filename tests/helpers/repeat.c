/* repeat N SECS CODE CMD [ARG...]: run CMD N times, one after the other,
 * each bounded by SECS seconds (killed with SIGKILL after that: a hang),
 * and check that each exits with CODE.  Prints one line per bad run, then
 * "finished N" (and exits 0 only if every run was good).  Cheaper than a
 * shell loop around timeout(1): one posix_spawn per run, nothing else. */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int
main(int argc, char **argv)
{
	sigset_t chld, old;
	int n, secs, code, bad = 0;

	if (argc < 5)
		return 125;
	n = atoi(argv[1]);
	secs = atoi(argv[2]);
	code = atoi(argv[3]);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	for (int i = 1; i <= n; i++) {
		posix_spawnattr_t attr;
		struct timespec ts = { .tv_sec = secs };
		pid_t pid;
		int st, r;

		posix_spawnattr_init(&attr);
		posix_spawnattr_setsigmask(&attr, &old);
		posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
		r = posix_spawnp(&pid, argv[4], NULL, &attr, argv + 4, environ);
		posix_spawnattr_destroy(&attr);
		if (r != 0) {
			printf("run %d: spawn: %d\n", i, r);
			bad++;
			continue;
		}
		for (;;) {
			if (waitpid(pid, &st, WNOHANG) == pid)
				break;
			if (sigtimedwait(&chld, NULL, &ts) == -1 && errno == EAGAIN) {
				kill(pid, SIGKILL);
				waitpid(pid, &st, 0);
				printf("run %d: hung for %d s\n", i, secs);
				bad++;
				goto next;
			}
		}
		if (!WIFEXITED(st) || WEXITSTATUS(st) != code) {
			printf("run %d: status %#x, want exit %d\n", i, st, code);
			bad++;
		}
next:		;
	}
	printf("finished %d\n", n);
	return bad ? 1 : 0;
}
