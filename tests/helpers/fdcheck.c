/* fdcheck: list this process's open fds (from /proc/self/fd), one per line,
 * excluding the directory stream used to read them. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

int
main(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;

	if (d == NULL)
		return 1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (atoi(de->d_name) == dirfd(d))
			continue;
		printf("%s\n", de->d_name);
	}
	closedir(d);
	return 0;
}
