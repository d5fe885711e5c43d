/* volume_plan: what the pod's volumes are on the machine, computed from
 * the spec alone (pure: no syscalls, no clock; the shell, volume.c, does
 * what it says).  (a) The directory of each volume (kubelet's layout under
 * --state-dir) and the tree kubelet's atomic writer makes of a payload
 * (pkg/volume/util/atomic_writer.go): the timestamped directory with the
 * files, the "..data" symlink to it and one symlink per top-level entry.
 * (b) Per container: its mounts, source on the host, target, read-only,
 * and what its mount point must be. */
#ifndef PODINIT_VOLUME_PLAN_H
#define PODINIT_VOLUME_PLAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/buf.h"
#include "podinit/spec.h"

/* kubelet's plugin directory names ("kubernetes.io~empty-dir", ...); NULL
 * for hostPath and persistentVolumeClaim, which have no per-pod directory. */
const char *volume_plugin_dir_name(enum volume_type t);

/* The per-run pod directory: "<state_dir>/pods/<uid>". */
char	*volume_pod_dir(struct arena *a, const char *state_dir, const char *uid);
/* Where a claim lives across runs: "<state_dir>/claims/<namespace>/<claim>". */
char	*volume_claim_dir(struct arena *a, const char *state_dir, const char *namespace,
	    const char *claim);
/* The directory of volume v on the machine: an emptyDir, configMap,
 * secret, downwardAPI or projected volume's is
 * "<pod_dir>/volumes/<plugin>/<name>", a hostPath's its path, a claim's
 * volume_claim_dir.  NULL when out of memory. */
char	*volume_dir(struct arena *a, const char *state_dir, const char *pod_dir,
	    const struct pod_spec *pod, const struct volume_spec *v);
/* True for the volumes kubelet writes with the atomic writer (configMap,
 * secret, downwardAPI, projected): read-only in every container. */
bool	volume_has_payload(enum volume_type t);

/* ---- the pod's fsGroup (K8S: pkg/volume/volume_linux.go SetVolumeOwnership) ---- */

/* Whether kubelet gives volumes of type t to the pod's fsGroup: emptyDir,
 * the payload volumes and claims; never a hostPath. */
bool	volume_fs_group_applies(enum volume_type t);
/* The mode kubelet's changeFilePermission gives an entry of such a volume
 * (group-owned by fsGroup by then): mode | 0660 (0440 in a read-only
 * volume, i.e. a payload volume), and for a directory also setgid and
 * 0110, so what the containers create there belongs to the group too.
 * Symlinks are left alone (a chmod would reach their target). */
unsigned volume_fs_group_mode(unsigned mode, bool dir, bool read_only);

/* ---- (a) the atomic writer's layout ---- */

/* "..2006_01_02_15_04_05.<suffix>": the name of the timestamped directory
 * (os.MkdirTemp's pattern with time.Now().UTC(); the suffix is its random
 * part, an input here). */
#define VOLUME_STAMP_MAX	48
void	volume_layout_stamp(char out[VOLUME_STAMP_MAX], int64_t real_ns, uint32_t suffix);

enum volume_entry_kind {
	VOLUME_ENTRY_DIR = 0,	/* mkdir path, chmod mode */
	VOLUME_ENTRY_FILE,	/* write data, chmod mode */
	VOLUME_ENTRY_SYMLINK,	/* symlink target at path */
};

struct volume_entry {
	enum volume_entry_kind kind;
	const char *path;	/* relative to the volume's directory */
	const char *target;	/* SYMLINK: what it points to (relative) */
	const char *data;	/* FILE */
	size_t	 len;
	int	 mode;		/* DIR, FILE: permission bits */
};

struct volume_layout {
	struct volume_entry *entries;	/* in the order to make them */
	size_t	 n;
};

/* The tree for files under directory name stamp: the stamp directory
 * (0755, kubelet chmods it so whatever the umask), the directories of "a/b"
 * paths (0755), each file with its mode, "..data" -> stamp, and for each
 * top-level name x (sorted), x -> "..data/x".  Files are written in path
 * order.  -1 with err (naming the path) for a path kubelet's
 * validatePayload refuses (absolute, "..", starting with "..") or a path
 * that is both a file and a directory ("a" and "a/b"), or out of memory. */
int	volume_layout_build(struct arena *a, const struct volume_file *files, size_t n_files,
	    const char *stamp, struct volume_layout *out, char *err, size_t errsz);

/* ---- (b) a container's mounts ---- */

enum volume_point {
	VOLUME_POINT_DIR = 0,	/* the mount point is a directory */
	VOLUME_POINT_FILE,	/* a file (a subPath to a key, a hostPath File) */
	VOLUME_POINT_AS_SOURCE,	/* whatever the source turns out to be */
};

struct volume_mount_plan {
	const char *source;	/* on the machine: the volume's directory, or a path in it */
	const char *target;	/* the mountPath */
	bool	 read_only;
	enum volume_point point;
	bool	 make_source;	/* a subPath that may be missing: kubelet makes it a
				   directory (with the volume's mode) */
	size_t	 volume;	/* index into pod_spec.volumes */
	size_t	 mount;		/* index into the container's mounts */
};

/* The mounts of container ct of pod, in its volumeMounts' order, with
 * dirs[i] the directory of pod->volumes[i] (volume_dir).  *out is
 * allocated from a (n_mounts entries).  -1 with err naming the container
 * and the mount when out of memory. */
int	volume_plan_container(struct arena *a, const struct pod_spec *pod,
	    const struct container_spec *ct, char *const *dirs, struct volume_mount_plan **out,
	    size_t *n, char *err, size_t errsz);

#endif /* PODINIT_VOLUME_PLAN_H */
