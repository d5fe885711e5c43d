/* sigdump: print SigBlk/SigIgn of this process (as tini's sigconf-test),
 * then, with "wait", print every signal received (one line "got N") until
 * SIGTERM or the count given as argv[2] is reached, and exit 0. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got[65];

static void
handler(int sig)
{
	got[sig]++;
}

int
main(int argc, char **argv)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "SigBlk:", 7) == 0 || strncmp(line, "SigIgn:", 7) == 0)
			fputs(line, stdout);
	if (f)
		fclose(f);
	fflush(stdout);
	if (argc < 2 || strcmp(argv[1], "wait") != 0)
		return 0;
	int want = argc > 2 ? atoi(argv[2]) : 1000;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP)
			sigaction(s, &sa, NULL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	printf("ready\n");
	fflush(stdout);
	int seen = 0;
	for (;;) {
		pause();
		for (int s = 1; s < 65; s++) {
			while (got[s] > 0) {
				got[s]--;
				printf("got %d\n", s);
				fflush(stdout);
				seen++;
				if (s == SIGTERM || seen >= want)
					return 0;
			}
		}
	}
}
