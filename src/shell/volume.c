/* volume: the pod's volumes on the machine, made at setup and removed at
 * the end (see volume.h); volume_plan says what, this file does it.
 * K8S: pkg/volume/emptydir (setupDir 0777, setupTmpfs), pkg/volume/secret
 * (a Memory emptyDir underneath), pkg/volume/util/atomic_writer.go,
 * pkg/volume/hostpath (checkType and its messages), pkg/kubelet/
 * kubelet_pods.go makeMounts (subPath made when missing); runc's
 * createIfMissing for mount points. */
#include "podinit/volume.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "podinit/fdx.h"
#include "podinit/log.h"
#include "podinit/volume_plan.h"

/* Directory trees deeper than this are not removed (nothing podinit makes
 * is nearly so deep; a container's emptyDir could be). */
#define REMOVE_DEPTH_MAX	64

/* A path setup made that teardown removes again. */
struct made {
	char	*path;
	bool	 dir;
};

struct ctr_mounts {
	struct spawn_mount *m;
	size_t	 n;
};

struct volume_set {
	struct arena a;		/* every string and array below */
	char	*pod_dir;	/* NULL: nothing was made */
	char	**dirs;		/* per volume */
	char	**tmpfs;	/* mounted tmpfs, in order */
	size_t	 n_tmpfs;
	struct made *made;	/* mount points (and their parents) made, in order */
	size_t	 n_made, max_made;
	struct ctr_mounts *ctrs;
	size_t	 n_ctrs;
};

static int
fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return -1;
}

/* The message of a failed volume, in kubelet's event words. */
#define SETUP_FAILED	"MountVolume.SetUp failed for volume \"%s\" : "

/* mkdir -p path, with mode (whatever the umask) for what it makes; with
 * record, each directory made is noted for teardown.  0 or -1 (errno). */
static int
mkdir_p(struct volume_set *vs, const char *path, mode_t mode, bool record)
{
	char buf[4096];
	size_t len = strlen(path);

	if (len == 0 || len >= sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(buf, mode) == 0) {
			/* the umask must not decide what kubelet chmods */
			if (chmod(buf, mode) == -1)
				return -1;
			if (record && vs->n_made < vs->max_made) {
				vs->made[vs->n_made].path = arena_strdup(&vs->a, buf);
				vs->made[vs->n_made++].dir = true;
			}
		} else if (errno != EEXIST) {
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	return 0;
}

/* A random number from the kernel (the atomic writer's suffix, a uid). */
static uint32_t
random_u32(void)
{
	uint32_t r = 0;

	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r)
		r = (uint32_t)getpid();
	return r;
}

/* ---- payloads ---- */

static int
write_file(const char *dir, const struct volume_entry *e)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, e->path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1)
		return -1;
	if (fdx_write_full(fd, e->data, e->len) != (ssize_t)e->len || fchmod(fd, (mode_t)e->mode)) {
		fdx_close(&fd);
		return -1;
	}
	return close(fd);
}

/* The atomic writer's tree of v's payload in dir. */
static int
write_payload(struct volume_set *vs, const struct volume_spec *v, const char *dir,
    int64_t real_now, char *err, size_t errsz)
{
	struct volume_layout l;
	char stamp[VOLUME_STAMP_MAX], why[512], path[4096];

	volume_layout_stamp(stamp, real_now, random_u32());
	if (volume_layout_build(&vs->a, v->files, v->n_files, stamp, &l, why, sizeof why) == -1)
		return fail(err, errsz, SETUP_FAILED "%s", v->name, why);
	for (size_t i = 0; i < l.n; i++) {
		const struct volume_entry *e = &l.entries[i];
		int rc;

		snprintf(path, sizeof path, "%s/%s", dir, e->path);
		switch (e->kind) {
		case VOLUME_ENTRY_DIR:
			rc = mkdir(path, (mode_t)e->mode) == 0 ? chmod(path, (mode_t)e->mode) : -1;
			break;
		case VOLUME_ENTRY_FILE:
			rc = write_file(dir, e);
			break;
		default:
			rc = symlink(e->target, path);
			break;
		}
		if (rc == -1)
			return fail(err, errsz, SETUP_FAILED "%s: %s", v->name, path, strerror(errno));
	}
	return 0;
}

/* ---- tmpfs ---- */

static int
mount_tmpfs(struct volume_set *vs, const struct volume_spec *v, const char *dir, char *err,
    size_t errsz)
{
	char opts[64] = "";

	if (v->size_limit_bytes > 0)
		snprintf(opts, sizeof opts, "size=%lld", (long long)v->size_limit_bytes);
	if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, opts[0] ? opts : NULL) == -1)
		return fail(err, errsz, SETUP_FAILED "mount tmpfs on %s: %s", v->name, dir,
		    strerror(errno));
	vs->tmpfs[vs->n_tmpfs++] = arena_strdup(&vs->a, dir);
	/* K8S: emptydir's setupTmpfs runs setupDir (0777) before the mount and
	 * passes no mode, so the tmpfs's root keeps the kernel's 1777: a
	 * Memory emptyDir or a secret volume is drwxrwxrwt in a cluster. */
	return 0;
}

/* ---- hostPath ---- */

/* K8S: hostpath checkTypeInternal, its messages. */
static int
host_path_check(struct volume_set *vs, const struct volume_spec *v, char *err, size_t errsz)
{
	const char *t = v->host_path_type ? v->host_path_type : "", *p = v->path;
	struct stat st;
	bool exists = stat(p, &st) == 0;
	int fd;

	if (!exists && errno != ENOENT)
		return fail(err, errsz, SETUP_FAILED "stat %s: %s", v->name, p, strerror(errno));
	if (strcmp(t, "DirectoryOrCreate") == 0 && !exists) {
		/* K8S: hostPathTypeChecker.MakeDir: os.MkdirAll(path, 0755). */
		if (mkdir_p(vs, p, 0755, false) == -1)
			return fail(err, errsz, SETUP_FAILED "mkdir %s: %s", v->name, p, strerror(errno));
		return 0;
	}
	if (strcmp(t, "FileOrCreate") == 0 && !exists) {
		if ((fd = open(p, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644)) == -1)
			return fail(err, errsz, SETUP_FAILED "create %s: %s", v->name, p, strerror(errno));
		return close(fd);
	}
	if ((strcmp(t, "DirectoryOrCreate") == 0 || strcmp(t, "Directory") == 0) &&
	    (!exists || !S_ISDIR(st.st_mode)))
		return fail(err, errsz, SETUP_FAILED "hostPath type check failed: %s is not a directory",
		    v->name, p);
	if ((strcmp(t, "FileOrCreate") == 0 || strcmp(t, "File") == 0) &&
	    (!exists || !S_ISREG(st.st_mode)))
		return fail(err, errsz, SETUP_FAILED "hostPath type check failed: %s is not a file",
		    v->name, p);
	if (strcmp(t, "Socket") == 0 && (!exists || !S_ISSOCK(st.st_mode)))
		return fail(err, errsz, SETUP_FAILED "hostPath type check failed: %s is not a socket "
		    "file", v->name, p);
	if (strcmp(t, "CharDevice") == 0 && (!exists || !S_ISCHR(st.st_mode)))
		return fail(err, errsz, SETUP_FAILED "hostPath type check failed: %s is not a character "
		    "device", v->name, p);
	if (strcmp(t, "BlockDevice") == 0 && (!exists || !S_ISBLK(st.st_mode)))
		return fail(err, errsz, SETUP_FAILED "hostPath type check failed: %s is not a block "
		    "device", v->name, p);
	/* No type: no check; a missing path becomes a directory, as the
	 * container runtime (containerd's CRI) makes a missing bind source. */
	if (t[0] == '\0' && !exists && mkdir_p(vs, p, 0755, false) == -1)
		return fail(err, errsz, SETUP_FAILED "mkdir %s: %s", v->name, p, strerror(errno));
	return 0;
}

/* ---- one volume ---- */

/* A walk over a volume's tree: never into another file system (a mount a
 * container left) nor deeper than REMOVE_DEPTH_MAX, never through a symlink. */
struct tree_walk {
	dev_t	 dev;
	gid_t	 gid;		/* own_tree */
	bool	 read_only;	/* own_tree */
};

typedef int tree_fn(int at, const char *name, const struct tree_walk *w, int depth_left);

/* fn on each entry of directory name (in at), "." and ".." aside; -1 when
 * the directory cannot be read or fn failed on any entry (the others are
 * still visited). */
static int
each_entry(int at, const char *name, tree_fn *fn, const struct tree_walk *w, int depth_left)
{
	DIR *d;
	struct dirent *de;
	int fd, rc = 0;

	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fn(dirfd(d), de->d_name, w, depth_left - 1) == -1)
			rc = -1;
	}
	closedir(d);
	return rc;
}

/* K8S: SetVolumeOwnership's walk: every entry of the volume given to the
 * group (lchown, so a symlink itself), each file and directory its mode
 * widened by volume_fs_group_mode; symlinks not chmodded. */
static int
own_tree(int at, const char *name, const struct tree_walk *w, int depth_left)
{
	struct stat st;
	int rc = 0;

	if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return -1;
	if (fchownat(at, name, (uid_t)-1, w->gid, AT_SYMLINK_NOFOLLOW) == -1)
		rc = -1;
	if (S_ISLNK(st.st_mode))
		return rc;
	if (fchmodat(at, name, volume_fs_group_mode(st.st_mode & 07777, S_ISDIR(st.st_mode),
	    w->read_only), 0) == -1)
		rc = -1;
	if (!S_ISDIR(st.st_mode) || st.st_dev != w->dev || depth_left == 0)
		return rc;
	return each_entry(at, name, own_tree, w, depth_left) == -1 ? -1 : rc;
}

/* The pod's fsGroup on volume v's directory.  kubelet logs a failed
 * chown or chmod and goes on (the container may still manage); so does
 * podinit, with one warning for the volume. */
static void
own_volume(const struct pod_spec *pod, const struct volume_spec *v, const char *dir)
{
	struct tree_walk w;
	struct stat st;

	if (!pod->has_security || !pod->security.has_fs_group ||
	    !volume_fs_group_applies(v->type) || stat(dir, &st) == -1)
		return;
	w.dev = st.st_dev;
	w.gid = (gid_t)pod->security.fs_group;
	w.read_only = volume_has_payload(v->type);
	if (own_tree(AT_FDCWD, dir, &w, REMOVE_DEPTH_MAX) == -1)
		log_warn("volume \"%s\": giving %s to fsGroup %lld", v->name, dir,
		    (long long)pod->security.fs_group);
}

/* dir with mode, under parents made 0750 as kubelet's pod directories. */
static int
make_volume_dir(struct volume_set *vs, const char *dir, mode_t mode)
{
	char parent[4096];
	char *slash;

	snprintf(parent, sizeof parent, "%s", dir);
	if ((slash = strrchr(parent, '/')) != NULL && slash != parent) {
		*slash = '\0';
		if (mkdir_p(vs, parent, 0750, false) == -1)
			return -1;
	}
	if (mkdir(dir, mode) == -1)
		return errno == EEXIST ? 0 : -1;
	return chmod(dir, mode);
}

static int
setup_volume(struct volume_set *vs, const struct pod_spec *pod, size_t i,
    const struct volume_setup_opts *o, char *err, size_t errsz)
{
	const struct volume_spec *v = &pod->volumes[i];
	const char *dir = vs->dirs[i];
	struct stat st;

	switch (v->type) {
	case VOLUME_HOST_PATH:
		return host_path_check(vs, v, err, errsz);
	case VOLUME_PVC:
		/* Kept across runs: made once, never removed. */
		if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
			return fail(err, errsz, SETUP_FAILED "%s is not a directory", v->name, dir);
		if (make_volume_dir(vs, dir, 0777) == -1)
			return fail(err, errsz, SETUP_FAILED "mkdir %s: %s", v->name, dir, strerror(errno));
		/* K8S: fsGroupChangePolicy Always (the default): at every mount */
		own_volume(pod, v, dir);
		return 0;
	default:
		break;
	}
	/* K8S: emptydir setupDir: 0777 (the payload plugins wrap one). */
	if (make_volume_dir(vs, dir, 0777) == -1)
		return fail(err, errsz, SETUP_FAILED "mkdir %s: %s", v->name, dir, strerror(errno));
	if ((v->type == VOLUME_EMPTY_DIR && v->medium_memory) || v->type == VOLUME_SECRET) {
		if (o->can_mount && mount_tmpfs(vs, v, dir, err, errsz) == -1)
			return -1;
		if (!o->can_mount)
			log_warnx("volume \"%s\": a directory, not a tmpfs (podinit lacks "
			    "CAP_SYS_ADMIN)%s", v->name, v->size_limit_bytes > 0 ?
			    "; its sizeLimit is not enforced" : "");
	}
	if (volume_has_payload(v->type) && write_payload(vs, v, dir, o->real_now, err, errsz) == -1)
		return -1;
	own_volume(pod, v, dir);
	return 0;
}

/* ---- mount points ---- */

static size_t
depth(const char *p)
{
	size_t n = 0;

	for (; *p; p++)
		n += *p == '/' && p[1] != '/' && p[1] != '\0';
	return n;
}

static int
cmp_depth(const void *x, const void *y)
{
	const struct volume_mount_plan *a = x, *b = y;
	size_t da = depth(a->target), db = depth(b->target);

	if (da != db)
		return da < db ? -1 : 1;
	return a->mount < b->mount ? -1 : a->mount > b->mount;
}

/* Where target is on the machine once the container's earlier mounts are
 * made: inside the source of the deepest one that holds it, else itself. */
static char *
host_path_of(struct volume_set *vs, const struct volume_mount_plan *mp, size_t before,
    const char *target)
{
	const struct volume_mount_plan *outer = NULL;
	size_t olen = 0, len;
	char *s;

	for (size_t j = 0; j < before; j++) {
		size_t l = strlen(mp[j].target);
		while (l > 1 && mp[j].target[l - 1] == '/')
			l--;
		if (l > olen && strncmp(target, mp[j].target, l) == 0 &&
		    (target[l] == '/' || l == 1)) {
			outer = &mp[j];
			olen = l;
		}
	}
	if (outer == NULL)
		return arena_strdup(&vs->a, target);
	len = strlen(outer->source) + strlen(target + olen) + 2;
	if ((s = arena_alloc(&vs->a, len)) == NULL)
		return NULL;
	snprintf(s, len, "%s/%s", outer->source, target + olen + (target[olen] == '/'));
	return s;
}

/* The mount point at path, a directory or an empty file, made when
 * missing (its parents too), and recorded. */
static int
make_point(struct volume_set *vs, const char *path, bool dir)
{
	char parent[4096];
	char *slash;
	int fd;

	if (access(path, F_OK) == 0 || errno != ENOENT)
		return 0;	/* there (whatever it is: the mount says if it fits) */
	if (dir)
		return mkdir_p(vs, path, 0755, true);
	snprintf(parent, sizeof parent, "%s", path);
	if ((slash = strrchr(parent, '/')) != NULL && slash != parent) {
		*slash = '\0';
		if (mkdir_p(vs, parent, 0755, true) == -1)
			return -1;
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644)) == -1)
		return errno == EEXIST ? 0 : -1;
	close(fd);
	if (vs->n_made < vs->max_made) {
		vs->made[vs->n_made].path = arena_strdup(&vs->a, path);
		vs->made[vs->n_made++].dir = false;
	}
	return 0;
}

static int
setup_container(struct volume_set *vs, const struct pod_spec *pod, size_t ci, char *err,
    size_t errsz)
{
	const struct container_spec *ct = &pod->containers[ci];
	struct ctr_mounts *cm = &vs->ctrs[ci];
	struct volume_mount_plan *mp;
	char why[256];
	size_t n;

	if (volume_plan_container(&vs->a, pod, ct, vs->dirs, &mp, &n, why, sizeof why) == -1)
		return fail(err, errsz, "%s", why);
	qsort(mp, n, sizeof *mp, cmp_depth);
	if ((cm->m = arena_alloc(&vs->a, (n + 1) * sizeof *cm->m)) == NULL)
		return fail(err, errsz, "container %s: out of memory", ct->name);
	for (size_t i = 0; i < n; i++) {
		const struct volume_mount *vm = &ct->mounts[mp[i].mount];
		struct stat st;
		bool dir;
		char *point;

		/* K8S: makeMounts: a missing subPath is made a directory with
		 * the volume's mode. */
		if (mp[i].make_source && stat(mp[i].source, &st) == -1) {
			struct stat vst;
			mode_t mode = stat(vs->dirs[mp[i].volume], &vst) == 0 ? vst.st_mode & 07777 : 0755;
			if (errno != ENOENT || mkdir_p(vs, mp[i].source, mode, false) == -1)
				return fail(err, errsz, "container %s: volumeMounts %s: subPath %s: %s",
				    ct->name, vm->name, mp[i].source, strerror(errno));
		}
		if (mp[i].point == VOLUME_POINT_AS_SOURCE)
			dir = stat(mp[i].source, &st) == -1 || S_ISDIR(st.st_mode);
		else
			dir = mp[i].point == VOLUME_POINT_DIR;
		point = host_path_of(vs, mp, i, mp[i].target);
		if (point == NULL || make_point(vs, point, dir) == -1)
			return fail(err, errsz, "container %s: volumeMounts %s: mount point %s: %s",
			    ct->name, vm->name, point ? point : mp[i].target,
			    point ? strerror(errno) : "out of memory");
		cm->m[i] = (struct spawn_mount){ mp[i].source, mp[i].target, mp[i].read_only };
	}
	cm->n = n;
	return 0;
}

/* ---- the set ---- */

static bool
has_mounts(const struct pod_spec *pod, const struct volume_mount **first)
{
	for (size_t i = 0; i < pod->n_containers; i++)
		if (pod->containers[i].n_mounts > 0) {
			*first = &pod->containers[i].mounts[0];
			return true;
		}
	return false;
}

/* podinit's own mount namespace: its tmpfs mounts go when it goes, and
 * the machine's later mounts still reach it (a slave of "/"). */
static int
own_mount_namespace(const char *volume, char *err, size_t errsz)
{
	if (unshare(CLONE_NEWNS) == -1)
		return fail(err, errsz, "volume \"%s\": cannot make podinit's own mount namespace: "
		    "unshare: %s%s", volume, strerror(errno), errno == EPERM ?
		    " (mounting volumes needs CAP_SYS_ADMIN)" : "");
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) == -1)
		return fail(err, errsz, "volume \"%s\": make / a slave mount: %s", volume,
		    strerror(errno));
	return 0;
}

struct volume_set *
volume_setup(const struct pod_spec *pod, const struct volume_setup_opts *o, char *err,
    size_t errsz)
{
	struct volume_set *vs = calloc(1, sizeof *vs);
	const struct volume_mount *first = NULL;
	char uid[40];
	size_t points = 0;

	if (vs == NULL) {
		fail(err, errsz, "volumes: out of memory");
		return NULL;
	}
	/* A volume no container mounts needs nothing. */
	if (!has_mounts(pod, &first))
		return vs;
	if (!o->isolate) {
		fail(err, errsz, "volume \"%s\": --isolation none runs every container in podinit's "
		    "mount namespace, where volumes cannot be mounted", first->name);
		goto bad;
	}
	if (o->can_mount && own_mount_namespace(first->name, err, errsz) == -1)
		goto bad;
	/* The command-line pod has no uid; a manifest's gets one per run. */
	if (pod->uid != NULL)
		snprintf(uid, sizeof uid, "%s", pod->uid);
	else
		snprintf(uid, sizeof uid, "run-%08x%08x", random_u32(), random_u32());
	for (size_t i = 0; i < pod->n_containers; i++)
		for (size_t j = 0; j < pod->containers[i].n_mounts; j++)
			points += 1 + depth(pod->containers[i].mounts[j].mount_path);
	vs->max_made = points;
	vs->pod_dir = volume_pod_dir(&vs->a, o->state_dir, uid);
	vs->dirs = arena_alloc(&vs->a, (pod->n_volumes + 1) * sizeof *vs->dirs);
	vs->tmpfs = arena_alloc(&vs->a, (pod->n_volumes + 1) * sizeof *vs->tmpfs);
	vs->made = arena_alloc(&vs->a, (points + 1) * sizeof *vs->made);
	vs->ctrs = arena_alloc(&vs->a, (pod->n_containers + 1) * sizeof *vs->ctrs);
	if (vs->pod_dir == NULL || vs->dirs == NULL || vs->tmpfs == NULL || vs->made == NULL ||
	    vs->ctrs == NULL) {
		fail(err, errsz, "volumes: out of memory");
		goto bad;
	}
	vs->n_ctrs = pod->n_containers;
	if (mkdir_p(vs, vs->pod_dir, 0750, false) == -1) {
		fail(err, errsz, "volumes: mkdir %s: %s", vs->pod_dir, strerror(errno));
		vs->pod_dir = NULL;	/* not ours to remove */
		goto bad;
	}
	for (size_t i = 0; i < pod->n_volumes; i++) {
		vs->dirs[i] = volume_dir(&vs->a, o->state_dir, vs->pod_dir, pod, &pod->volumes[i]);
		if (vs->dirs[i] == NULL) {
			fail(err, errsz, "volume \"%s\": out of memory", pod->volumes[i].name);
			goto bad;
		}
		if (setup_volume(vs, pod, i, o, err, errsz) == -1)
			goto bad;
	}
	for (size_t i = 0; i < pod->n_containers; i++)
		if (setup_container(vs, pod, i, err, errsz) == -1)
			goto bad;
	return vs;
bad:
	volume_teardown(vs);
	return NULL;
}

const struct spawn_mount *
volume_mounts(const struct volume_set *vs, size_t ctr, size_t *n)
{
	*n = 0;
	if (vs == NULL || ctr >= vs->n_ctrs || vs->ctrs == NULL)
		return NULL;
	*n = vs->ctrs[ctr].n;
	return vs->ctrs[ctr].m;
}

const char *
volume_pod_dir_path(const struct volume_set *vs)
{
	return vs ? vs->pod_dir : NULL;
}

/* rm -r of name in directory at: not following symlinks, not leaving device dev
 * (a mount a container left is not podinit's to empty). */
static int
remove_tree(int at, const char *name, const struct tree_walk *w, int depth_left)
{
	struct stat st;
	int rc;

	if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(at, name, 0);
	if (st.st_dev != w->dev || depth_left == 0) {
		errno = st.st_dev != w->dev ? EXDEV : ELOOP;
		return -1;
	}
	rc = each_entry(at, name, remove_tree, w, depth_left);
	if (rc == 0)
		rc = unlinkat(at, name, AT_REMOVEDIR);
	return rc;
}

void
volume_teardown(struct volume_set *vs)
{
	struct stat st;

	if (vs == NULL)
		return;
	for (size_t i = vs->tmpfs != NULL ? vs->n_tmpfs : 0; i-- > 0; )
		if (umount2(vs->tmpfs[i], MNT_DETACH) == -1)
			log_warn("volumes: umount %s", vs->tmpfs[i]);
	/* Deepest first: the reverse of the order they were made in. */
	for (size_t i = vs->made != NULL ? vs->n_made : 0; i-- > 0; ) {
		const struct made *m = &vs->made[i];
		if (m->dir ? rmdir(m->path) == -1 : (lstat(m->path, &st) == 0 && S_ISREG(st.st_mode) &&
		    unlink(m->path) == -1))
			if (errno != ENOENT && errno != ENOTEMPTY && errno != EBUSY)
				log_warn("volumes: remove mount point %s", m->path);
	}
	if (vs->pod_dir != NULL && lstat(vs->pod_dir, &st) == 0 &&
	    remove_tree(AT_FDCWD, vs->pod_dir, &(struct tree_walk){ .dev = st.st_dev },
	    REMOVE_DEPTH_MAX) == -1)
		log_warn("volumes: remove %s", vs->pod_dir);
	arena_free(&vs->a);
	free(vs);
}
