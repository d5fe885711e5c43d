/* cgroup: one optional cgroup v2 child per container.  cgroup_setup()
 * finds podinit's own cgroup directory on a writable cgroup2 mount, moves
 * podinit into a leaf "podinit_init" when that directory is not the
 * hierarchy root (the "no internal processes" rule forbids enabling domain
 * controllers in a cgroup that holds processes), and enables +cpu +memory
 * +pids for the children.  Container groups are flat siblings named
 * "<pod>-<container>" (sanitised to [A-Za-z0-9_.-]); the leaf name has no
 * '-', so it can never clash with one.  Everything here reads or writes
 * small kernel files; nothing waits.
 *
 * cgroup_usage() returns -1 when cpu.stat cannot be read; a missing
 * memory.current (memory controller on v1, as on hybrid hosts) gives
 * *memory_bytes = -1 and still returns 0. */
#include "podinit/cgroup.h"
#include "podinit/fdx.h"
#include "podinit/log.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

#define LEAF		"podinit_init"
#define CPU_PERIOD	100000		/* µs, the kernel's default */
#define KILL_ROUNDS	8		/* fallback kill passes over cgroup.procs */
#define MAX_LIST	(1 << 20)	/* bytes read from mountinfo / cgroup.procs */

struct cgroup {
	int	dfd;
	int	procs_fd;
	uint64_t oom_kill;		/* memory.events oom_kill at the last look */
	char	name[256];
};

static struct {
	int	fd;			/* -1 until cgroup_setup() succeeds */
	char	dir[PATH_MAX];
	bool	memory, cpu;		/* enabled in our cgroup.subtree_control */
	bool	warned_memory, warned_cpu;
} cg_top = { .fd = -1 };

/* cgroup files take one value per write(2). */
static int
write_str(int dirfd, const char *path, const char *s)
{
	int fd = openat(dirfd, path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd == -1)
		return -1;
	n = fdx_write_full(fd, s, strlen(s));
	fdx_close(&fd);
	return n == -1 ? -1 : 0;
}

/* Call fn on each line of a possibly long kernel file; fn returns nonzero
 * to stop.  Overlong lines are skipped, the total read is capped. */
static int
for_each_line(int dirfd, const char *path, int (*fn)(char *, void *), void *arg)
{
	char buf[4096];
	size_t len = 0, total = 0;
	bool skip = false;
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return -1;
	while (total < MAX_LIST) {
		ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);
		char *p = buf, *nl;

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			fdx_close(&fd);
			return -1;
		}
		if (n == 0) {
			buf[len] = '\0';
			if (len > 0 && !skip)
				fn(buf, arg);
			break;
		}
		len += (size_t)n;
		total += (size_t)n;
		while ((nl = memchr(p, '\n', len - (size_t)(p - buf))) != NULL) {
			*nl = '\0';
			if (!skip && fn(p, arg)) {
				fdx_close(&fd);
				return 0;
			}
			skip = false;
			p = nl + 1;
		}
		len -= (size_t)(p - buf);
		memmove(buf, p, len);
		if (len == sizeof buf - 1) {
			skip = true;
			len = 0;
		}
	}
	fdx_close(&fd);
	return 0;
}

/* "key N" on its own line of a flat-keyed file; 0 or -1. */
static int
parse_key(const char *text, const char *key, uint64_t *out)
{
	size_t klen = strlen(key);
	const char *l = text;

	for (; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		char *end;
		unsigned long long v;

		if (strncmp(l, key, klen) != 0 || l[klen] != ' ')
			continue;
		if (l[klen + 1] < '0' || l[klen + 1] > '9')
			return -1;
		errno = 0;
		v = strtoull(l + klen + 1, &end, 10);
		if (errno || (*end != '\n' && *end != '\0'))
			return -1;
		*out = v;
		return 0;
	}
	return -1;
}

int
cgroup_parse_memory_events(const char *text, uint64_t *oom_kill)
{
	return parse_key(text, "oom_kill", oom_kill);
}

int
cgroup_parse_cpu_stat(const char *text, uint64_t *usage_usec)
{
	return parse_key(text, "usage_usec", usage_usec);
}

/* The kernel refuses quotas under 1 ms, so tiny limits are rounded up. */
void
cgroup_format_cpu_max(int64_t cpu_milli, char *out, size_t outsz)
{
	if (cpu_milli <= 0 || cpu_milli > INT64_MAX / 100)
		snprintf(out, outsz, "max %d", CPU_PERIOD);
	else
		snprintf(out, outsz, "%" PRId64 " %d",
		    cpu_milli * 100 < 1000 ? 1000 : cpu_milli * 100, CPU_PERIOD);
}

/* mountinfo: "id parent maj:min root mountpoint opts ... - fstype src opts".
 * Picks the cgroup2 mount whose root contains our cgroup path. */
struct mnt_find {
	const char *cgpath;
	char	dir[PATH_MAX];
	bool	found;
};

static void
unescape(char *s)	/* mountinfo writes ' ' as \040 etc. */
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*w++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else
			*w++ = *s;
	}
	*w = '\0';
}

static int
mnt_line(char *line, void *arg)
{
	struct mnt_find *m = arg;
	char *f[5], *sep = strstr(line, " - "), *save = NULL;
	size_t rlen;

	if (!sep || strncmp(sep + 3, "cgroup2 ", 8) != 0)
		return 0;
	*sep = '\0';
	for (int i = 0; i < 5; i++)
		if (!(f[i] = strtok_r(i ? NULL : line, " ", &save)))
			return 0;
	unescape(f[3]);
	unescape(f[4]);
	rlen = strcmp(f[3], "/") == 0 ? 0 : strlen(f[3]);
	if (strncmp(m->cgpath, f[3], rlen) != 0 ||
	    (m->cgpath[rlen] != '/' && m->cgpath[rlen] != '\0'))
		return 0;
	if (m->found && strcmp(f[4], "/sys/fs/cgroup") != 0)
		return 0;
	snprintf(m->dir, sizeof m->dir, "%s%s", f[4], m->cgpath + rlen);
	m->found = true;
	return strcmp(f[4], "/sys/fs/cgroup") == 0;
}

static int
self_line(char *line, void *arg)
{
	if (strncmp(line, "0::", 3) != 0)
		return 0;
	snprintf(arg, PATH_MAX, "%s", line + 3);
	return 1;
}

/* Our own cgroup directory; false with a reason when there is none. */
static bool
find_own_dir(char *dir, size_t dirsz, char *why, size_t whysz)
{
	struct mnt_find m;
	char path[PATH_MAX] = "", *p;
	size_t len;

	if (for_each_line(AT_FDCWD, "/proc/self/cgroup", self_line, path) == -1 ||
	    path[0] != '/') {
		snprintf(why, whysz, "no cgroup v2 membership in /proc/self/cgroup; using process groups");
		return false;
	}
	/* a podinit restarted in place finds itself in its own leaf */
	len = strlen(path);
	if (len > strlen("/" LEAF) && strcmp(path + len - strlen("/" LEAF), "/" LEAF) == 0)
		path[len - strlen("/" LEAF)] = '\0';
	if ((p = strstr(path, " (deleted)")) != NULL)
		*p = '\0';
	memset(&m, 0, sizeof m);
	m.cgpath = path;
	(void)for_each_line(AT_FDCWD, "/proc/self/mountinfo", mnt_line, &m);
	if (!m.found) {
		snprintf(why, whysz, "no cgroup v2 mount shows cgroup %s; using process groups", path);
		return false;
	}
	snprintf(dir, dirsz, "%s", m.dir);
	return true;
}

static bool
has_word(const char *list, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = list; (p = strstr(p, w)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || !p[n]))
			return true;
	return false;
}

static void
enable_controllers(void)
{
	static const char *const want[] = { "cpu", "memory", "pids" };
	char avail[512], on[512], miss[64] = "", w[16];

	if (fdx_read_small(cg_top.fd, "cgroup.controllers", avail, sizeof avail) == -1)
		avail[0] = '\0';
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		snprintf(w, sizeof w, "+%s", want[i]);
		if (!has_word(avail, want[i]) ||
		    write_str(cg_top.fd, "cgroup.subtree_control", w) == -1)
			snprintf(miss + strlen(miss), sizeof miss - strlen(miss), " %s", want[i]);
	}
	if (fdx_read_small(cg_top.fd, "cgroup.subtree_control", on, sizeof on) == -1)
		on[0] = '\0';
	cg_top.cpu = has_word(on, "cpu");
	cg_top.memory = has_word(on, "memory");
	if (miss[0])
		log_info("cgroup v2 at %s: controllers not available:%s", cg_top.dir, miss);
}

bool
cgroup_setup(const char *root, char *why, size_t whysz)
{
	struct statfs sf;
	int leaf;

	fdx_close(&cg_top.fd);
	if (root)
		snprintf(cg_top.dir, sizeof cg_top.dir, "%s", root);
	else if (!find_own_dir(cg_top.dir, sizeof cg_top.dir, why, whysz))
		return false;
	if (statfs(cg_top.dir, &sf) == -1 || sf.f_type != CGROUP2_SUPER_MAGIC) {
		int e = errno;

		snprintf(why, whysz, "no cgroup v2 at %s: %s; using process groups", cg_top.dir,
		    statfs(cg_top.dir, &sf) == 0 ? "not a cgroup2 filesystem" : strerror(e));
		return false;
	}
	if (access(cg_top.dir, W_OK) == -1 ||
	    (cg_top.fd = open(cg_top.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(why, whysz, "cgroup v2 not writable at %s: %s; using process groups",
		    cg_top.dir, strerror(errno));
		return false;
	}
	/* Only the hierarchy root lacks cgroup.type; it may hold processes. */
	if (!root && faccessat(cg_top.fd, "cgroup.type", F_OK, 0) == 0) {
		if ((mkdirat(cg_top.fd, LEAF, 0755) == -1 && errno != EEXIST) ||
		    (leaf = openat(cg_top.fd, LEAF, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
			snprintf(why, whysz, "cgroup v2 not writable at %s: %s; using process groups",
			    cg_top.dir, strerror(errno));
			fdx_close(&cg_top.fd);
			return false;
		}
		if (write_str(leaf, "cgroup.procs", "0") == -1)
			log_warn("cgroup: moving podinit into %s/" LEAF, cg_top.dir);
		fdx_close(&leaf);
	}
	enable_controllers();
	return true;
}

static void
limit(struct cgroup *cg, bool avail, bool *warned, const char *file, const char *val)
{
	if (!avail) {
		if (!*warned)
			log_warnx("cgroup: %s ignored: controller not enabled in %s", file, cg_top.dir);
		*warned = true;
	} else if (write_str(cg->dfd, file, val) == -1)
		log_warn("cgroup %s: %s = %s", cg->name, file, val);
}

static void
read_oom(struct cgroup *cg)
{
	char buf[1024];
	uint64_t n;

	if (fdx_read_small(cg->dfd, "memory.events", buf, sizeof buf) > 0 &&
	    cgroup_parse_memory_events(buf, &n) == 0)
		cg->oom_kill = n;
}

static void
sanitize(char *out, size_t outsz, const char *in)
{
	size_t i;

	for (i = 0; in[i] && i + 1 < outsz; i++)
		out[i] = (strchr("_.-", in[i]) || (in[i] >= '0' && in[i] <= '9') ||
		    ((in[i] | 0x20) >= 'a' && (in[i] | 0x20) <= 'z')) ? in[i] : '_';
	out[i] = '\0';
}

static void cgroup_free(struct cgroup *cg);

struct cgroup *
cgroup_create(const char *pod, const char *container,
    int64_t memory_max_bytes, int64_t cpu_milli, char *err, size_t errsz)
{
	struct cgroup *cg;
	char p[120], c[120], val[64];

	if (cg_top.fd == -1) {
		snprintf(err, errsz, "cgroup v2 not set up");
		return NULL;
	}
	if (!(cg = calloc(1, sizeof *cg))) {
		snprintf(err, errsz, "cgroup: %s", strerror(errno));
		return NULL;
	}
	cg->dfd = cg->procs_fd = -1;
	sanitize(p, sizeof p, pod);
	sanitize(c, sizeof c, container);
	snprintf(cg->name, sizeof cg->name, "%s-%s", p, c);
	if (mkdirat(cg_top.fd, cg->name, 0755) == -1) {
		if (errno != EEXIST) {
			snprintf(err, errsz, "cgroup %s/%s: mkdir: %s", cg_top.dir,
			    cg->name, strerror(errno));
			cgroup_free(cg);
			return NULL;
		}
		/* a stale group from an earlier run: empty it; reuse it if
		 * its processes have not finished dying yet */
		if ((cg->dfd = openat(cg_top.fd, cg->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
			(void)cgroup_kill(cg);
		fdx_close(&cg->dfd);
		if (unlinkat(cg_top.fd, cg->name, AT_REMOVEDIR) == 0)
			(void)mkdirat(cg_top.fd, cg->name, 0755);
	}
	if ((cg->dfd = openat(cg_top.fd, cg->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (cg->procs_fd = openat(cg->dfd, "cgroup.procs", O_WRONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errsz, "cgroup %s/%s: %s", cg_top.dir, cg->name, strerror(errno));
		cgroup_free(cg);
		return NULL;
	}
	if (memory_max_bytes > 0) {
		snprintf(val, sizeof val, "%" PRId64, memory_max_bytes);
		limit(cg, cg_top.memory, &cg_top.warned_memory, "memory.max", val);
	}
	if (cpu_milli > 0) {
		cgroup_format_cpu_max(cpu_milli, val, sizeof val);
		limit(cg, cg_top.cpu, &cg_top.warned_cpu, "cpu.max", val);
	}
	read_oom(cg);	/* baseline: only kills from now on count */
	return cg;
}

int
cgroup_procs_fd(const struct cgroup *cg)
{
	return cg->procs_fd;
}

int
cgroup_dir_fd(const struct cgroup *cg)
{
	return cg->dfd;
}

static int
kill_line(char *line, void *arg)
{
	char *end;
	long pid = strtol(line, &end, 10);

	if (end != line && *end == '\0' && pid > 1 && kill((pid_t)pid, SIGKILL) == 0)
		++*(int *)arg;
	return 0;
}

int
cgroup_kill(struct cgroup *cg)
{
	int n = 0;

	if (write_str(cg->dfd, "cgroup.kill", "1") == 0)
		return 0;
	if (errno != ENOENT)
		return -1;
	/* Kernels before 5.14: signal every listed pid, a few passes to
	 * catch children forked meanwhile.  Dying pids stay listed until
	 * they exit, so the passes are bounded rather than "until empty". */
	for (int round = 0; round < KILL_ROUNDS; round++, n = 0)
		if (for_each_line(cg->dfd, "cgroup.procs", kill_line, &n) == -1)
			return -1;
		else if (n == 0)
			break;
	return 0;
}

bool
cgroup_oom_killed(struct cgroup *cg)
{
	uint64_t before = cg->oom_kill;

	read_oom(cg);
	return cg->oom_kill > before;
}

bool
cgroup_populated(const struct cgroup *cg)
{
	char buf[256];
	uint64_t v;

	return fdx_read_small(cg->dfd, "cgroup.events", buf, sizeof buf) > 0 &&
	    parse_key(buf, "populated", &v) == 0 && v != 0;
}

int
cgroup_usage(const struct cgroup *cg, double *cpu_seconds, int64_t *memory_bytes)
{
	char buf[1024];
	uint64_t usec;

	*memory_bytes = -1;
	if (fdx_read_small(cg->dfd, "memory.current", buf, sizeof buf) > 0)
		*memory_bytes = strtoll(buf, NULL, 10);
	if (fdx_read_small(cg->dfd, "cpu.stat", buf, sizeof buf) <= 0 ||
	    cgroup_parse_cpu_stat(buf, &usec) == -1)
		return -1;
	*cpu_seconds = (double)usec / 1e6;
	return 0;
}

static void
cgroup_free(struct cgroup *cg)
{
	fdx_close(&cg->procs_fd);
	fdx_close(&cg->dfd);
	free(cg);
}

/* One rmdir, no waiting.  A group still populated stays behind and is
 * emptied and replaced by the next cgroup_create() of the same name.
 * The inode check keeps a stale handle from removing a recreated group. */
void
cgroup_destroy(struct cgroup *cg)
{
	struct stat a, b;

	if (!cg)
		return;
	if (cg_top.fd >= 0 && fstat(cg->dfd, &a) == 0 &&
	    fstatat(cg_top.fd, cg->name, &b, 0) == 0 && a.st_ino == b.st_ino &&
	    unlinkat(cg_top.fd, cg->name, AT_REMOVEDIR) == -1)
		log_debug("cgroup %s: rmdir: %s", cg->name, strerror(errno));
	cgroup_free(cg);
}
