/* ignoreterm: ignore SIGTERM and SIGINT, print "ready", sleep until killed. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int
main(void)
{
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
