/* execwith [-b SIGS] [-i SIGS] [-c] [-o FD]... [--] CMD [ARG...]: exec CMD
 * with signals SIGS (comma-separated numbers) blocked (-b) or ignored
 * (-i), every fd >= 3 closed first (-c), and /dev/null opened at each
 * FD given with -o (after -c).  Sets up exactly what an init inherits. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
each_signal(const char *list, sigset_t *set, int ignore)
{
	char *copy = strdup(list), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int s = atoi(t);
		if (ignore)
			signal(s, SIG_IGN);
		else
			sigaddset(set, s);
	}
	free(copy);
}

int
main(int argc, char **argv)
{
	sigset_t block;
	int c, close_all = 0, nopen = 0, open_fds[32];

	sigemptyset(&block);
	while ((c = getopt(argc, argv, "+b:i:co:")) != -1) {
		switch (c) {
		case 'b': each_signal(optarg, &block, 0); break;
		case 'i': each_signal(optarg, NULL, 1); break;
		case 'c': close_all = 1; break;
		case 'o':
			if (nopen < 32)
				open_fds[nopen++] = atoi(optarg);
			break;
		default:
			return 125;
		}
	}
	if (optind >= argc)
		return 125;
	if (close_all)
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
	for (int i = 0; i < nopen; i++) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd != open_fds[i]) {
			dup2(fd, open_fds[i]);
			close(fd);
		}
	}
	sigprocmask(SIG_BLOCK, &block, NULL);
	execvp(argv[optind], argv + optind);
	perror(argv[optind]);
	return 127;
}
