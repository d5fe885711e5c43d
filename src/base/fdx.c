/* fdx: errno-preserving close, EINTR-safe full reads and writes, flags. */
#include "podinit/fdx.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

void
fdx_close(int *fd)
{
	int saved = errno;

	if (*fd >= 0)
		(void)close(*fd);
	*fd = -1;
	errno = saved;
}

int
fdx_set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl == -1)
		return -1;
	return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int
fdx_set_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	if (fl == -1)
		return -1;
	return fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
}

ssize_t
fdx_read_full(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t r = read(fd, (char *)buf + done, len - done);
		if (r == 0)
			break;
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)r;
	}
	return (ssize_t)done;
}

ssize_t
fdx_write_full(int fd, const void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t r = write(fd, (const char *)buf + done, len - done);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)r;
	}
	return (ssize_t)done;
}

static int
is_kept(int fd, const int *keep, int nkeep)
{
	for (int i = 0; i < nkeep; i++)
		if (keep[i] == fd)
			return 1;
	return 0;
}

void
fdx_cloexec_from(int lowfd, const int *keep, int nkeep)
{
	DIR *d;
	struct dirent *de;

	if (nkeep == 0) {
#ifdef SYS_close_range
		/* CLOSE_RANGE_CLOEXEC = 4 (Linux 5.11) */
		if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 4U) == 0)
			return;
#endif
	}
	d = opendir("/proc/self/fd");
	if (d == NULL) {
		for (int fd = lowfd; fd < 1024; fd++)
			if (!is_kept(fd, keep, nkeep))
				(void)fdx_set_cloexec(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		char *end;
		long fd = strtol(de->d_name, &end, 10);
		if (*end != '\0' || de->d_name[0] == '.' || fd < lowfd || fd == dirfd(d))
			continue;
		if (!is_kept((int)fd, keep, nkeep))
			(void)fdx_set_cloexec((int)fd);
	}
	closedir(d);
}

ssize_t
fdx_read_small(int dirfd, const char *path, char *buf, size_t sz)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	buf[0] = '\0';
	if (fd == -1)
		return -1;
	n = fdx_read_full(fd, buf, sz - 1);
	fdx_close(&fd);
	buf[n < 0 ? 0 : n] = '\0';
	return n;
}
