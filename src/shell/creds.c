/* creds: /etc/passwd and /etc/group parsed directly, uid/gid/groups of a
 * container, and kubelet's runAsNonRoot check.  No NSS: the static binary
 * cannot load it (DESIGN.md §4 pitfall 23). */
#include "podinit/creds.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <unistd.h>

#include "podinit/strconv.h"

static char creds_root[512];

void
creds_set_root(const char *prefix)
{
	snprintf(creds_root, sizeof creds_root, "%s", prefix ? prefix : "");
}

static void
creds_path(char *out, size_t outsz, const char *file)
{
	snprintf(out, outsz, "%s%s", creds_root, file);
}

/* Split line at ':' into at most nf fields (in place); returns the count. */
static size_t
split_fields(char *line, char **f, size_t nf)
{
	size_t n = 0;
	char *p = line;

	while (n < nf) {
		f[n++] = p;
		p = strchr(p, ':');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

static int
parse_id(const char *s, uint32_t *out)
{
	int64_t v;

	if (strconv_int64(s, 0, CREDS_ID_MAX, &v) == -1)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* Comments, blank lines and NIS "+"/"-" compat entries are not entries. */
static bool
skip_line(const char *line)
{
	return line[0] == '\0' || line[0] == '#' || line[0] == '+' || line[0] == '-';
}

int
creds_parse_passwd_line(const char *line, struct creds_user *out)
{
	char tmp[1024], *f[7];
	size_t n, len = strcspn(line, "\n");
	uint32_t uid, gid;

	if (len >= sizeof tmp || skip_line(line))
		return -1;
	memcpy(tmp, line, len);
	tmp[len] = '\0';
	n = split_fields(tmp, f, 7);
	if (n < 4 || f[0][0] == '\0' || strlen(f[0]) >= sizeof out->name)
		return -1;
	if (parse_id(f[2], &uid) == -1 || parse_id(f[3], &gid) == -1)
		return -1;
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", f[0]);
	out->uid = uid;
	out->gid = gid;
	if (n >= 6 && strlen(f[5]) < sizeof out->home)
		snprintf(out->home, sizeof out->home, "%s", f[5]);
	return 0;
}

/* *members points into a static copy of the line valid until the next call. */
int
creds_parse_group_line(const char *line, char *name, size_t namesz, gid_t *gid,
    const char **members)
{
	static char tmp[8192];
	char *f[4];
	size_t n, len = strcspn(line, "\n");
	uint32_t g;

	if (len >= sizeof tmp || skip_line(line))
		return -1;
	memcpy(tmp, line, len);
	tmp[len] = '\0';
	n = split_fields(tmp, f, 4);
	if (n < 3 || f[0][0] == '\0' || strlen(f[0]) >= namesz)
		return -1;
	if (parse_id(f[2], &g) == -1)
		return -1;
	snprintf(name, namesz, "%s", f[0]);
	*gid = g;
	*members = n == 4 ? f[3] : "";
	return 0;
}

/* Walk a file line by line; cb returns 1 to stop.  1 stopped, 0 done,
 * -1 error.  A missing file is an empty one. */
static int
walk_file(const char *file, int (*cb)(const char *line, void *arg), void *arg)
{
	char path[600], *line = NULL;
	size_t cap = 0;
	int rc = 0;
	FILE *fp;

	creds_path(path, sizeof path, file);
	if ((fp = fopen(path, "re")) == NULL)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	while (getline(&line, &cap, fp) != -1) {
		if ((rc = cb(line, arg)) != 0)
			break;
	}
	if (rc == 0 && ferror(fp))
		rc = -1;
	free(line);
	fclose(fp);
	return rc;
}

struct user_query {
	const char *name;	/* NULL: match by uid */
	uid_t	 uid;
	struct creds_user *out;
};

static int
user_cb(const char *line, void *arg)
{
	struct user_query *q = arg;
	struct creds_user u;

	if (creds_parse_passwd_line(line, &u) == -1)
		return 0;
	if (q->name ? strcmp(u.name, q->name) != 0 : u.uid != q->uid)
		return 0;
	*q->out = u;
	return 1;
}

int
creds_user_by_uid(uid_t uid, struct creds_user *out)
{
	struct user_query q = { NULL, uid, out };

	return walk_file("/etc/passwd", user_cb, &q);
}

int
creds_user_by_name(const char *name, struct creds_user *out)
{
	struct user_query q = { name, 0, out };

	return walk_file("/etc/passwd", user_cb, &q);
}

struct group_query {
	const char *name;	/* group name, or NULL */
	const char *member;	/* user whose memberships we collect, or NULL */
	gid_t	*gid;		/* by-name answer */
	gid_t	*gids;
	size_t	*n, max;
	bool	 overflow;
};

static bool
has_member(const char *members, const char *user)
{
	size_t ulen = strlen(user);
	const char *p = members;

	while (*p) {
		size_t len = strcspn(p, ",");
		if (len == ulen && strncmp(p, user, len) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

static bool
gid_add(gid_t *gids, size_t *n, size_t max, gid_t g)
{
	for (size_t i = 0; i < *n; i++)
		if (gids[i] == g)
			return true;
	if (*n >= max)
		return false;
	gids[(*n)++] = g;
	return true;
}

static int
group_cb(const char *line, void *arg)
{
	struct group_query *q = arg;
	char name[CREDS_NAME_MAX];
	const char *members;
	gid_t g;

	if (creds_parse_group_line(line, name, sizeof name, &g, &members) == -1)
		return 0;
	if (q->name) {
		if (strcmp(name, q->name) != 0)
			return 0;
		*q->gid = g;
		return 1;
	}
	if (has_member(members, q->member) && !gid_add(q->gids, q->n, q->max, g)) {
		q->overflow = true;
		return 1;
	}
	return 0;
}

int
creds_group_by_name(const char *name, gid_t *out)
{
	struct group_query q = { .name = name, .gid = out };

	return walk_file("/etc/group", group_cb, &q);
}

int
creds_user_groups(const char *user, gid_t *gids, size_t *n, size_t max)
{
	struct group_query q = { .member = user, .gids = gids, .n = n, .max = max };

	if (walk_file("/etc/group", group_cb, &q) == -1)
		return -1;
	if (q.overflow) {
		errno = E2BIG;
		return -1;
	}
	return 0;
}

static const char *
nz(const char *s)
{
	return s ? s : "";
}

int
creds_check_non_root(const struct creds_req *r, int64_t image_uid, const char *image_user,
    char *err, size_t errsz)
{
	/* K8S: kuberuntime verifyRunAsNonRoot, same wording; format.Pod is
	 * "name_namespace(uid)", we have no uid. */
	if (r->run_as_non_root != 1)
		return 0;
	if (r->has_uid) {
		if (r->uid != 0)
			return 0;
		snprintf(err, errsz, "container's runAsUser breaks non-root policy (pod: \"%s\", container: %s)",
		    nz(r->pod_name), nz(r->container_name));
		return -1;
	}
	if (image_uid == 0) {
		snprintf(err, errsz, "container has runAsNonRoot and image will run as root (pod: \"%s\", container: %s)",
		    nz(r->pod_name), nz(r->container_name));
		return -1;
	}
	if (image_uid < 0 && image_user && image_user[0]) {
		snprintf(err, errsz, "container has runAsNonRoot and image has non-numeric user (%s), "
		    "cannot verify user is non-root (pod: \"%s\", container: %s)",
		    image_user, nz(r->pod_name), nz(r->container_name));
		return -1;
	}
	return 0;
}

static int
cmp_gid(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;

	return (x > y) - (x < y);
}

static int
check_id(const char *what, int64_t v, char *err, size_t errsz)
{
	if (v >= 0 && v <= CREDS_ID_MAX)
		return 0;
	snprintf(err, errsz, "%s %" PRId64 " is out of range (0..%" PRId64 ")", what, v, CREDS_ID_MAX);
	return -1;
}

int
creds_resolve(const struct creds_req *r, struct creds *out, char *err, size_t errsz)
{
	struct creds_user u;
	int found;

	memset(out, 0, sizeof *out);
	if ((r->has_uid && check_id("runAsUser", r->uid, err, errsz) == -1) ||
	    (r->has_gid && check_id("runAsGroup", r->gid, err, errsz) == -1) ||
	    (r->has_fs_group && check_id("fsGroup", r->fs_group, err, errsz) == -1))
		return -1;
	for (size_t i = 0; i < r->n_supplemental; i++)
		if (check_id("supplementalGroups entry", r->supplemental[i], err, errsz) == -1)
			return -1;
	/* The image's user is whoever podinit runs as: always numeric. */
	if (creds_check_non_root(r, (int64_t)getuid(), NULL, err, errsz) == -1)
		return -1;

	out->uid = r->has_uid ? (uid_t)r->uid : getuid();
	out->gid = getgid();
	out->change = r->has_uid || r->has_gid || r->has_fs_group || r->n_supplemental > 0;
	if (!out->change)
		return 0;

	found = creds_user_by_uid(out->uid, &u);
	if (found == -1) {
		snprintf(err, errsz, "reading %s/etc/passwd: %s", creds_root, strerror(errno));
		return -1;
	}
	if (found == 1) {
		snprintf(out->user, sizeof out->user, "%s", u.name);
		snprintf(out->home, sizeof out->home, "%s", u.home);
	}
	if (r->has_gid)
		out->gid = (gid_t)r->gid;
	else if (r->has_uid)
		/* containerd WithUserID: the passwd entry's gid, else 0 */
		out->gid = found == 1 ? u.gid : 0;

	out->groups[out->n_groups++] = out->gid;
	if (r->has_fs_group)
		gid_add(out->groups, &out->n_groups, CREDS_MAX_GROUPS, (gid_t)r->fs_group);
	for (size_t i = 0; i < r->n_supplemental; i++)
		if (!gid_add(out->groups, &out->n_groups, CREDS_MAX_GROUPS, (gid_t)r->supplemental[i])) {
			snprintf(err, errsz, "more than %d supplemental groups", CREDS_MAX_GROUPS);
			return -1;
		}
	if (found == 1 && creds_user_groups(u.name, out->groups, &out->n_groups, CREDS_MAX_GROUPS) == -1) {
		snprintf(err, errsz, "reading %s/etc/group: %s", creds_root, strerror(errno));
		return -1;
	}
	qsort(out->groups, out->n_groups, sizeof out->groups[0], cmp_gid);
	return 0;
}

static int
resolve_one(const char *s, bool is_group, uint32_t *out, char *err, size_t errsz)
{
	struct creds_user u;
	gid_t g;
	int rc;

	if (s[0] == '\0') {
		snprintf(err, errsz, "empty %s name", is_group ? "group" : "user");
		return -1;
	}
	if (parse_id(s, out) == 0)
		return 0;
	rc = is_group ? creds_group_by_name(s, &g) : creds_user_by_name(s, &u);
	if (rc == 1) {
		*out = is_group ? g : u.uid;
		return 0;
	}
	if (rc == -1)
		snprintf(err, errsz, "reading %s/etc/%s: %s", creds_root, is_group ? "group" : "passwd",
		    strerror(errno));
	else
		snprintf(err, errsz, "unknown %s \"%s\" (not in %s/etc/%s)", is_group ? "group" : "user", s,
		    creds_root, is_group ? "group" : "passwd");
	return -1;
}

int
creds_parse_user_spec(const char *spec, uid_t *uid, gid_t *gid, bool *has_gid, char *err, size_t errsz)
{
	char user[CREDS_NAME_MAX];
	const char *colon = strchr(spec, ':');
	size_t ulen = colon ? (size_t)(colon - spec) : strlen(spec);
	struct creds_user u;
	uint32_t v;

	if (ulen >= sizeof user) {
		snprintf(err, errsz, "user name too long: \"%s\"", spec);
		return -1;
	}
	memcpy(user, spec, ulen);
	user[ulen] = '\0';
	if (resolve_one(user, false, &v, err, errsz) == -1)
		return -1;
	*uid = v;
	*has_gid = false;
	if (colon) {
		if (resolve_one(colon + 1, true, &v, err, errsz) == -1)
			return -1;
		*gid = v;
		*has_gid = true;
	} else if (creds_user_by_uid(*uid, &u) == 1) {
		*gid = u.gid;
		*has_gid = true;
	}
	return 0;
}

int
creds_cap_last(void)
{
	static int last = -1;
	int lo = 0, hi = 63;

	if (last >= 0)
		return last;
	/* The highest capability the running kernel knows: the bounding set
	 * answers EINVAL above it (as libcap finds it, without /proc). */
	if (prctl(PR_CAPBSET_READ, 0UL, 0UL, 0UL, 0UL) < 0)
		return last = CAP_LAST_CAP;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (prctl(PR_CAPBSET_READ, (unsigned long)mid, 0UL, 0UL, 0UL) >= 0)
			lo = mid;
		else
			hi = mid - 1;
	}
	return last = lo;
}

int
creds_caps_own(uint64_t *permitted, uint64_t *effective)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof data);
	*permitted = *effective = 0;
	if (syscall(SYS_capget, &hdr, data) == -1)
		return -1;
	*permitted = (uint64_t)data[1].permitted << 32 | data[0].permitted;
	*effective = (uint64_t)data[1].effective << 32 | data[0].effective;
	return 0;
}
