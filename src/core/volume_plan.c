/* volume_plan: the volumes' directories, the atomic writer's tree of a
 * payload and each container's mounts, from the spec alone (see
 * volume_plan.h).  Pure: strings and arrays from the caller's arena.
 * K8S: pkg/volume/util/atomic_writer.go (Write, writePayloadToDir,
 * createUserVisibleFiles, validatePayload), pkg/kubelet/kubelet_pods.go
 * makeMounts, pkg/volume/hostpath. */
#include "podinit/volume_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "podinit/units.h"

const char *
volume_plugin_dir_name(enum volume_type t)
{
	switch (t) {
	case VOLUME_EMPTY_DIR: return "kubernetes.io~empty-dir";
	case VOLUME_CONFIGMAP: return "kubernetes.io~configmap";
	case VOLUME_SECRET: return "kubernetes.io~secret";
	case VOLUME_DOWNWARD_API: return "kubernetes.io~downward-api";
	case VOLUME_PROJECTED: return "kubernetes.io~projected";
	case VOLUME_HOST_PATH:
	case VOLUME_PVC:
		break;
	}
	return NULL;
}

bool
volume_has_payload(enum volume_type t)
{
	return t == VOLUME_CONFIGMAP || t == VOLUME_SECRET || t == VOLUME_DOWNWARD_API ||
	    t == VOLUME_PROJECTED;
}

/* a's copy of the parts joined with '/'. */
static char *
join(struct arena *a, const char *const *parts, size_t n)
{
	size_t len = 1;
	char *s, *p;

	for (size_t i = 0; i < n; i++)
		len += strlen(parts[i]) + 1;
	if ((s = arena_alloc(a, len)) == NULL)
		return NULL;
	p = s;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(parts[i]);
		if (i > 0)
			*p++ = '/';
		memcpy(p, parts[i], l);
		p += l;
	}
	*p = '\0';
	return s;
}

char *
volume_pod_dir(struct arena *a, const char *state_dir, const char *uid)
{
	const char *parts[] = { state_dir, "pods", uid };

	return join(a, parts, 3);
}

char *
volume_claim_dir(struct arena *a, const char *state_dir, const char *namespace,
    const char *claim)
{
	const char *parts[] = { state_dir, "claims", namespace, claim };

	return join(a, parts, 4);
}

char *
volume_dir(struct arena *a, const char *state_dir, const char *pod_dir,
    const struct pod_spec *pod, const struct volume_spec *v)
{
	const char *parts[] = { pod_dir, "volumes", volume_plugin_dir_name(v->type), v->name };

	if (v->type == VOLUME_HOST_PATH)
		return arena_strdup(a, v->path);
	if (v->type == VOLUME_PVC)
		return volume_claim_dir(a, state_dir, pod->namespace ? pod->namespace : "default",
		    v->path);
	return join(a, parts, 4);
}

/* ---- (a) the atomic writer ---- */

void
volume_layout_stamp(char out[VOLUME_STAMP_MAX], int64_t real_ns, uint32_t suffix)
{
	time_t t = (time_t)(real_ns / NS_PER_SEC);
	struct tm tm;

	if (real_ns < 0 || gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof tm);
	/* Go's "..2006_01_02_15_04_05." then MkdirTemp's random digits. */
	snprintf(out, VOLUME_STAMP_MAX, "..%04d_%02d_%02d_%02d_%02d_%02d.%u", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, suffix);
}

static int
cmp_file_path(const void *x, const void *y)
{
	const struct volume_file *const *a = x, *const *b = y;

	return strcmp((*a)->path, (*b)->path);
}

/* K8S: atomic_writer.go validatePath, in its words. */
static const char *
path_problem(const char *p)
{
	if (p[0] == '\0')
		return "invalid path: must not be empty";
	if (strlen(p) > 4096)
		return "invalid path: must be less than or equal to 4096 characters";
	if (p[0] == '/')
		return "invalid path: must be relative path";
	for (const char *s = p; *s; ) {
		size_t n = strcspn(s, "/");
		if (n > 255)
			return "invalid path: each path segment must be less than or equal to 255 "
			    "characters";
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return "invalid path: must not contain '..'";
		s += n;
		if (*s)
			s++;
	}
	if (strncmp(p, "..", 2) == 0)
		return "invalid path: must not start with '..'";
	return NULL;
}

struct layout_build {
	struct arena *a;
	struct volume_layout *out;
	size_t	 max;
	const char *stamp;
	const struct volume_file *const *sorted;
	size_t	 n_files;
};

static struct volume_entry *
add_entry(struct layout_build *b, enum volume_entry_kind kind, const char *path)
{
	struct volume_entry *e;

	if (b->out->n == b->max)
		return NULL;
	e = &b->out->entries[b->out->n++];
	e->kind = kind;
	e->path = path;
	return e;
}

/* The file whose path is exactly the first len bytes of dir, if any. */
static const struct volume_file *
file_at(const struct layout_build *b, const char *dir, size_t len)
{
	for (size_t i = 0; i < b->n_files; i++)
		if (strlen(b->sorted[i]->path) == len && memcmp(b->sorted[i]->path, dir, len) == 0)
			return b->sorted[i];
	return NULL;
}

/* Whether the directory dir[0..len) of the stamp tree was made already:
 * files go in path order, so it was made for an earlier file that has it
 * as a prefix. */
static bool
dir_made(const struct layout_build *b, size_t before, const char *dir, size_t len)
{
	for (size_t i = 0; i < before; i++) {
		const char *p = b->sorted[i]->path;
		if (strncmp(p, dir, len) == 0 && p[len] == '/')
			return true;
	}
	return false;
}

int
volume_layout_build(struct arena *a, const struct volume_file *files, size_t n_files,
    const char *stamp, struct volume_layout *out, char *err, size_t errsz)
{
	struct layout_build b = { .a = a, .out = out, .stamp = stamp, .n_files = n_files };
	const struct volume_file **sorted;
	struct volume_entry *e;
	size_t dirs = 0, stamp_len = strlen(stamp);
	const char *why;

	out->n = 0;
	sorted = arena_alloc(a, (n_files + 1) * sizeof *sorted);
	if (sorted == NULL)
		goto oom;
	for (size_t i = 0; i < n_files; i++) {
		if ((why = path_problem(files[i].path)) != NULL) {
			snprintf(err, errsz, "%s: %s", files[i].path, why);
			return -1;
		}
		for (const char *s = files[i].path; (s = strchr(s, '/')) != NULL; s++)
			dirs++;
		sorted[i] = &files[i];
	}
	qsort(sorted, n_files, sizeof *sorted, cmp_file_path);
	b.sorted = sorted;
	/* stamp, its directories, the files, ..data, a symlink per file at most */
	b.max = 2 + dirs + 2 * n_files;
	if ((out->entries = arena_alloc(a, b.max * sizeof *out->entries)) == NULL)
		goto oom;
	if ((e = add_entry(&b, VOLUME_ENTRY_DIR, arena_strdup(a, stamp))) == NULL || !e->path)
		goto oom;
	e->mode = 0755;
	for (size_t i = 0; i < n_files; i++) {
		const char *p = sorted[i]->path;
		const struct volume_file *clash;
		char *full;

		if (i > 0 && strcmp(p, sorted[i - 1]->path) == 0) {
			snprintf(err, errsz, "%s: the payload has the path twice", p);
			return -1;
		}
		for (const char *s = p; (s = strchr(s, '/')) != NULL; s++) {
			size_t len = (size_t)(s - p);
			if ((clash = file_at(&b, p, len)) != NULL) {
				snprintf(err, errsz, "%s: its directory %.*s is also a file of the volume",
				    p, (int)len, p);
				return -1;
			}
			if (dir_made(&b, i, p, len))
				continue;
			if ((full = arena_alloc(a, stamp_len + len + 2)) == NULL)
				goto oom;
			snprintf(full, stamp_len + len + 2, "%s/%.*s", stamp, (int)len, p);
			if ((e = add_entry(&b, VOLUME_ENTRY_DIR, full)) == NULL)
				goto oom;
			e->mode = 0755;
		}
		if ((full = arena_alloc(a, stamp_len + strlen(p) + 2)) == NULL)
			goto oom;
		snprintf(full, stamp_len + strlen(p) + 2, "%s/%s", stamp, p);
		if ((e = add_entry(&b, VOLUME_ENTRY_FILE, full)) == NULL)
			goto oom;
		e->data = sorted[i]->data;
		e->len = sorted[i]->len;
		e->mode = sorted[i]->mode;
	}
	if ((e = add_entry(&b, VOLUME_ENTRY_SYMLINK, "..data")) == NULL)
		goto oom;
	if ((e->target = arena_strdup(a, stamp)) == NULL)
		goto oom;
	/* K8S: createUserVisibleFiles: one symlink per top-level name. */
	for (size_t i = 0; i < n_files; i++) {
		const char *p = sorted[i]->path;
		size_t len = strcspn(p, "/");
		char *name, *target;

		if (i > 0 && strncmp(sorted[i - 1]->path, p, len) == 0 &&
		    strcspn(sorted[i - 1]->path, "/") == len)
			continue;
		name = arena_strndup(a, p, len);
		target = arena_alloc(a, len + 8);
		if (name == NULL || target == NULL)
			goto oom;
		snprintf(target, len + 8, "..data/%s", name);
		if ((e = add_entry(&b, VOLUME_ENTRY_SYMLINK, name)) == NULL)
			goto oom;
		e->target = target;
	}
	return 0;
oom:
	snprintf(err, errsz, "out of memory");
	return -1;
}

/* ---- (b) a container's mounts ---- */

/* What a subPath of a payload volume is: one of its files, a directory
 * of them, or nothing yet. */
static enum volume_point
payload_point(const struct volume_spec *v, const char *sub)
{
	size_t len = strlen(sub);

	while (len > 0 && sub[len - 1] == '/')
		len--;
	for (size_t i = 0; i < v->n_files; i++) {
		const char *p = v->files[i].path;
		if (strlen(p) == len && strncmp(p, sub, len) == 0)
			return VOLUME_POINT_FILE;
		if (strncmp(p, sub, len) == 0 && p[len] == '/')
			return VOLUME_POINT_DIR;
	}
	return VOLUME_POINT_AS_SOURCE;
}

/* What a whole hostPath volume is, by its type (pkg/volume/hostpath). */
static enum volume_point
host_path_point(const char *type)
{
	if (type == NULL || type[0] == '\0')
		return VOLUME_POINT_AS_SOURCE;
	if (strcmp(type, "Directory") == 0 || strcmp(type, "DirectoryOrCreate") == 0)
		return VOLUME_POINT_DIR;
	return VOLUME_POINT_FILE;
}

int
volume_plan_container(struct arena *a, const struct pod_spec *pod,
    const struct container_spec *ct, char *const *dirs, struct volume_mount_plan **out,
    size_t *n, char *err, size_t errsz)
{
	struct volume_mount_plan *mp;

	*n = 0;
	if ((mp = arena_alloc(a, (ct->n_mounts + 1) * sizeof *mp)) == NULL) {
		snprintf(err, errsz, "container %s: out of memory", ct->name);
		return -1;
	}
	for (size_t i = 0; i < ct->n_mounts; i++) {
		const struct volume_mount *vm = &ct->mounts[i];
		const struct volume_spec *v = &pod->volumes[vm->volume];
		struct volume_mount_plan *p = &mp[i];

		p->volume = vm->volume;
		p->mount = i;
		p->target = vm->mount_path;
		/* K8S: the payload plugins' GetAttributes (ReadOnly: true); a
		 * claim's readOnly; the mount's own. */
		p->read_only = vm->read_only || volume_has_payload(v->type) ||
		    (v->type == VOLUME_PVC && v->read_only);
		if (vm->sub_path == NULL) {
			p->source = dirs[vm->volume];
			p->point = v->type == VOLUME_HOST_PATH ? host_path_point(v->host_path_type) :
			    VOLUME_POINT_DIR;
		} else {
			const char *parts[] = { dirs[vm->volume], vm->sub_path };
			if ((p->source = join(a, parts, 2)) == NULL) {
				snprintf(err, errsz, "container %s: volumeMounts[%zu]: out of memory",
				    ct->name, i);
				return -1;
			}
			p->point = volume_has_payload(v->type) ? payload_point(v, vm->sub_path) :
			    VOLUME_POINT_AS_SOURCE;
			/* K8S: makeMounts creates a missing subPath (doSafeMakeDir). */
			p->make_source = p->point == VOLUME_POINT_AS_SOURCE;
		}
	}
	*out = mp;
	*n = ct->n_mounts;
	return 0;
}

bool
volume_fs_group_applies(enum volume_type t)
{
	return t != VOLUME_HOST_PATH;
}

unsigned
volume_fs_group_mode(unsigned mode, bool dir, bool read_only)
{
	unsigned mask = read_only ? 0440 : 0660;

	if (dir)
		mask |= 02000 | 0110;	/* setgid, and the group may search */
	return mode | mask;
}
