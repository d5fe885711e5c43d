/* inherit: the descriptors podinit inherited (>= 3, DESIGN §1.5).  Every
 * one goes to the first container spawned; after that podinit keeps only
 * the LISTEN_FDS sockets (systemd socket activation), which every later
 * spawn gets too. */
#ifndef PODINIT_INHERIT_H
#define PODINIT_INHERIT_H
#include <stdbool.h>

#define INHERIT_MAX	64

struct inherited_fds {
	int	 fd[INHERIT_MAX];
	int	 n;		/* fd[0..n-1]: passed on at the next spawn */
	int	 n_listen;	/* the first n_listen are LISTEN_FDS: kept for every spawn */
};

/* Record the fds open now (LISTEN_FDS first) and mark them close-on-exec.
 * Call before podinit opens anything of its own. */
void	inherit_scan(struct inherited_fds *f);
/* After the first spawn: close all but the LISTEN_FDS (again: nothing). */
void	inherit_keep_listen_only(struct inherited_fds *f);

#endif /* PODINIT_INHERIT_H */
