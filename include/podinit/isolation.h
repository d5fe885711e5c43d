/* isolation: the shell's half of SPEC §7's isolation decision: what podinit
 * may do and what the kernel answers, found out once at setup
 * (isolation_probe), and the id maps of the user namespace podinit falls
 * back to without CAP_SYS_ADMIN.  The decision itself is pure
 * (isolation_plan). */
#ifndef PODINIT_ISOLATION_H
#define PODINIT_ISOLATION_H
#include <stdbool.h>

#include "podinit/isolation_plan.h"
#include "podinit/spawn.h"

/* The user namespace's maps: podinit's own uid and gid are root in it
 * (one id each, as `unshare -r`: what an unprivileged process may map). */
struct isolation_userns {
	char	 uid_map[32];
	char	 gid_map[32];
	struct spawn_userns req;	/* points into the two above */
};

void	isolation_userns_init(struct isolation_userns *u);
/* Fill f: podinit's CAP_SYS_ADMIN, then (only in manifest mode with
 * --isolation pod) the kernel's answer: a child in new mount, UTS and PID
 * namespaces, and if that cannot be had, the same in a user namespace.
 * Blocks for the children (a millisecond or two): setup only. */
void	isolation_probe(bool tini_mode, enum isolation_mode requested,
	    const struct isolation_userns *u, struct isolation_facts *f);
/* The CLONE_NEW* flags of a plan. */
int	isolation_clone_flags(const struct isolation_plan *p);

#endif /* PODINIT_ISOLATION_H */
