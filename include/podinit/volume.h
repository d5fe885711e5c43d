/* volume: the pod's volumes on the machine (SPEC §7), as kubelet's volume
 * manager sets them up before the first container and tears them down
 * after the last: the per-run pod directory under --state-dir, emptyDir
 * directories (a tmpfs for medium Memory), configMap, secret (on a tmpfs),
 * downwardAPI and projected payloads in the atomic writer's layout,
 * hostPath type checks, claim directories kept across runs, and the
 * containers' mount points (made when missing, as runc makes them, and
 * removed again).  What to make comes from volume_plan (pure); this file
 * makes it.  The tmpfs mounts live in a mount namespace of podinit's own,
 * so that nothing stays mounted on the machine even if podinit is killed;
 * the containers' namespaces are cloned from it.  Setup only: nothing here
 * runs on the loop. */
#ifndef PODINIT_VOLUME_H
#define PODINIT_VOLUME_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/spawn.h"
#include "podinit/spec.h"

struct volume_set;

struct volume_setup_opts {
	const char *state_dir;	/* --state-dir (absolute: cli refuses another) */
	bool	 isolate;	/* each container in its own mount namespace;
				   false: volumes are refused */
	bool	 can_mount;	/* podinit holds CAP_SYS_ADMIN: a mount namespace of
				   its own and tmpfs; false (the containers' user
				   namespace): directories instead, with a notice */
	int64_t	 real_now;	/* realtime ns, for the atomic writer's directory name */
};

/* Everything the pod's volumes need, before any container starts.  NULL
 * with err naming the volume (or the container and its mount) and what
 * failed, after undoing what it made: the pod does not start (125).  A
 * pod without volume mounts gets an empty set and nothing is made. */
struct volume_set *volume_setup(const struct pod_spec *pod, const struct volume_setup_opts *o,
	    char *err, size_t errsz);

/* Container ctr's bind mounts (for spawn_req.mounts), in the order to
 * make them (outer paths first); *n 0 when it has none. */
const struct spawn_mount *volume_mounts(const struct volume_set *vs, size_t ctr, size_t *n);

/* The per-run pod directory ("<state_dir>/pods/<uid>"), or NULL. */
const char *volume_pod_dir_path(const struct volume_set *vs);

/* Unmount what setup mounted, remove the mount points it made (deepest
 * first; a directory only when empty), then the per-run pod directory
 * (not crossing into another file system, not following symlinks); keep
 * claims and hostPaths.  Frees vs.  NULL is a no-op. */
void	volume_teardown(struct volume_set *vs);

#endif /* PODINIT_VOLUME_H */
