/* escaper PIDFILE: fork a child that calls setsid() (leaving our process
 * group), writes its pid to PIDFILE and sleeps; then sleep ourselves. */
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	pid_t p = fork();

	if (p == 0) {
		setsid();
		FILE *f = fopen(argc > 1 ? argv[1] : "/tmp/escaper.pid", "w");
		if (f) {
			fprintf(f, "%d\n", (int)getpid());
			fclose(f);
		}
		for (;;)
			pause();
	}
	for (;;)
		pause();
}
