/* exitwith N: exit with status N; exitwith -SIG: kill itself with SIG. */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;

	if (n < 0) {
		signal(-n, SIG_DFL);
		sigset_t s;
		sigemptyset(&s);
		sigprocmask(SIG_SETMASK, &s, NULL);
		raise(-n);
		pause();
	}
	return n;
}
