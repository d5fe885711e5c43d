/* fdx: small, errno-preserving file-descriptor helpers. */
#ifndef PODINIT_FDX_H
#define PODINIT_FDX_H
#include <stddef.h>
#include <sys/types.h>

void	fdx_close(int *fd);			/* close if >= 0, set -1, keep errno */
int	fdx_set_nonblock(int fd);
int	fdx_set_cloexec(int fd);
ssize_t	fdx_read_full(int fd, void *buf, size_t len);	/* EINTR-safe; short only at EOF */
ssize_t	fdx_write_full(int fd, const void *buf, size_t len);
/* Mark every fd >= lowfd close-on-exec (close_range, /proc fallback),
 * except those listed in keep[]. */
void	fdx_cloexec_from(int lowfd, const int *keep, int nkeep);

/* Read the small file dirfd/path (AT_FDCWD for an absolute path) into
 * buf, NUL-terminated (also on failure).  Bytes read, or -1. */
ssize_t	fdx_read_small(int dirfd, const char *path, char *buf, size_t sz);

#endif /* PODINIT_FDX_H */
