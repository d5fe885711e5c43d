/* inherit: the descriptors podinit inherited (see inherit.h). */
#include "podinit/inherit.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "podinit/fdx.h"
#include "podinit/strconv.h"

void
inherit_scan(struct inherited_fds *f)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	const char *lf = getenv("LISTEN_FDS");
	int64_t nl = 0;

	if (lf != NULL && strconv_int64(lf, 0, INHERIT_MAX, &nl) == -1)
		nl = 0;
	for (int i = 0; i < nl; i++)
		f->fd[f->n++] = 3 + i;
	f->n_listen = f->n;
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		int64_t fd;
		if (strconv_int64(de->d_name, 3, 1 << 20, &fd) == -1 || fd == dirfd(d))
			continue;
		if (fd < 3 + nl)
			continue;
		if (f->n < INHERIT_MAX)
			f->fd[f->n++] = (int)fd;
	}
	closedir(d);
	for (int i = 0; i < f->n; i++)
		(void)fdx_set_cloexec(f->fd[i]);
}

void
inherit_keep_listen_only(struct inherited_fds *f)
{
	for (int i = f->n_listen; i < f->n; i++)
		(void)close(f->fd[i]);
	f->n = f->n_listen;
}
