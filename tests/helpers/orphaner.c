/* orphaner N [hold]: double-fork N grandchildren that exit at once, so each
 * becomes an orphan reparented to the init and a zombie until reaped.
 * With "hold", stay alive afterwards until signalled; else exit 0. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;

	for (int i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0) {
			if (fork() == 0)
				_exit(0);
			_exit(0);
		}
		if (p > 0)
			waitpid(p, NULL, 0);
	}
	if (argc > 2 && strcmp(argv[2], "hold") == 0)
		pause();
	return 0;
}
