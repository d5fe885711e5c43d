/* spawn: fork/exec of a fully prepared request.
 *
 * Everything that needs memory is computed in the parent (the PATH
 * candidates, the environment); the child only makes async-signal-safe
 * syscalls, in DESIGN.md §1.5 order, and reports a failure as
 * {stage, errno} on a close-on-exec pipe.  The parent reads that pipe until
 * EOF: EOF alone means exec succeeded.  This is how "command not found"
 * (127) is told apart from a program that itself exits 127. */
#include "podinit/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "podinit/fdx.h"
#include "podinit/log.h"
#include "podinit/secctx.h"

extern char **environ;

struct spawn_wire {
	int32_t	 stage;
	int32_t	 err;
	int32_t	 index;		/* spawn_error.index */
};

#define MAX_CANDIDATES 64
#define PATH_BUF 8192

void
spawn_req_init(struct spawn_req *r)
{
	memset(r, 0, sizeof *r);
	r->stdin_fd = r->stdout_fd = r->stderr_fd = -1;
	r->cgroup_procs_fd = -1;
}

void
spawn_join_init(struct spawn_join *j)
{
	j->user_fd = j->mnt_fd = j->uts_fd = j->pid_fd = -1;
	j->required = false;
}

void
spawn_join_close(struct spawn_join *j)
{
	fdx_close(&j->user_fd);
	fdx_close(&j->mnt_fd);
	fdx_close(&j->uts_fd);
	fdx_close(&j->pid_fd);
}

static int
open_ns(pid_t pid, const char *name, int *fd)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, name);
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	return *fd == -1 ? -1 : 0;
}

int
spawn_join_open(struct spawn_join *j, pid_t pid, int flags)
{
	/* The pid is not reaped yet (the caller holds it), so it cannot
	 * name another process. */
	if (((flags & CLONE_NEWUSER) && open_ns(pid, "user", &j->user_fd) == -1) ||
	    ((flags & CLONE_NEWNS) && open_ns(pid, "mnt", &j->mnt_fd) == -1) ||
	    ((flags & CLONE_NEWUTS) && open_ns(pid, "uts", &j->uts_fd) == -1) ||
	    ((flags & CLONE_NEWPID) && open_ns(pid, "pid", &j->pid_fd) == -1)) {
		int err = errno;
		spawn_join_close(j);
		errno = err;
		return -1;
	}
	return 0;
}

const char *
spawn_stage_name(enum spawn_stage s)
{
	switch (s) {
	case SPAWN_STAGE_NONE: return "none";
	case SPAWN_STAGE_FORK: return "fork";
	case SPAWN_STAGE_USERNS: return "user namespace";
	case SPAWN_STAGE_SETNS: return "join namespace";
	case SPAWN_STAGE_CGROUP: return "cgroup";
	case SPAWN_STAGE_SETSID: return "setsid";
	case SPAWN_STAGE_TTY: return "tty";
	case SPAWN_STAGE_STDIO: return "stdio";
	case SPAWN_STAGE_PROPAGATION: return "mount propagation";
	case SPAWN_STAGE_BIND: return "bind mount";
	case SPAWN_STAGE_REMOUNT_RO: return "read-only remount";
	case SPAWN_STAGE_PROC: return "mount /proc";
	case SPAWN_STAGE_HOSTNAME: return "sethostname";
	case SPAWN_STAGE_CHDIR: return "chdir";
	case SPAWN_STAGE_RLIMIT: return "rlimit";
	case SPAWN_STAGE_MOUNT: return "mount";
	case SPAWN_STAGE_GROUPS: return "setgroups";
	case SPAWN_STAGE_SETGID: return "setgid";
	case SPAWN_STAGE_SETUID: return "setuid";
	case SPAWN_STAGE_CAPS: return "capabilities";
	case SPAWN_STAGE_NO_NEW_PRIVS: return "no_new_privs";
	case SPAWN_STAGE_SECCOMP: return "seccomp";
	case SPAWN_STAGE_SIGNALS: return "signals";
	case SPAWN_STAGE_EXEC: return "exec";
	}
	return "?";
}

int
spawn_error_exit_code(const struct spawn_error *e)
{
	return (e->stage == SPAWN_STAGE_EXEC && (e->err == ENOENT || e->err == ENOTDIR)) ? 127 : 126;
}

static const char *
env_lookup(char *const *envp, const char *name)
{
	size_t n = strlen(name);

	for (; envp && *envp; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/* Build the list of paths to try, as execvp would, but with the PATH of
 * the child's own environment (a container's env may set PATH). */
static int
build_candidates(const char *file, char *const *envp, char *store, size_t storesz,
    const char **cand, int maxcand)
{
	const char *path;
	size_t used = 0;
	int n = 0;

	if (strchr(file, '/') != NULL) {
		cand[0] = file;
		return 1;
	}
	path = env_lookup(envp, "PATH");
	if (path == NULL)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	while (n < maxcand) {
		const char *end = strchrnul(path, ':');
		size_t dlen = (size_t)(end - path);
		size_t need = (dlen ? dlen : 1) + 1 + strlen(file) + 1;
		if (used + need > storesz)
			break;
		char *p = store + used;
		if (dlen == 0)
			p[0] = '.', dlen = 1;
		else
			memcpy(p, path, dlen);
		p[dlen] = '/';
		strcpy(p + dlen + 1, file);
		cand[n++] = p;
		used += need;
		if (*end == '\0')
			break;
		path = end + 1;
	}
	return n;
}

static void __attribute__((noreturn))
child_fail_at(int errpipe, enum spawn_stage stage, int err, int index)
{
	struct spawn_wire w = { (int32_t)stage, (int32_t)err, (int32_t)index };
	ssize_t r = write(errpipe, &w, sizeof w);

	(void)r;
	_exit(stage == SPAWN_STAGE_EXEC && (err == ENOENT || err == ENOTDIR) ? 127 : 126);
}

static void __attribute__((noreturn))
child_fail(int errpipe, enum spawn_stage stage, int err)
{
	child_fail_at(errpipe, stage, err, -1);
}

/* In the child: write text to a /proc file (the id maps). */
static int
child_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd == -1)
		return -1;
	n = write(fd, text, strlen(text));
	if (n == -1) {
		int err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	close(fd);
	return 0;
}

/* In the child, first: its user namespace's maps (index: 0 setgroups,
 * 1 uid_map, 2 gid_map).  Until they are written the child's ids are
 * unmapped (65534) and it could open nothing of podinit's. */
static void
child_userns(const struct spawn_req *r, int errpipe)
{
	const struct spawn_userns *u = r->userns;

	if (!(r->new_namespaces & CLONE_NEWUSER) || u == NULL)
		return;
	if (u->deny_setgroups && child_write_file("/proc/self/setgroups", "deny") == -1)
		child_fail_at(errpipe, SPAWN_STAGE_USERNS, errno, 0);
	if (child_write_file("/proc/self/uid_map", u->uid_map) == -1)
		child_fail_at(errpipe, SPAWN_STAGE_USERNS, errno, 1);
	if (child_write_file("/proc/self/gid_map", u->gid_map) == -1)
		child_fail_at(errpipe, SPAWN_STAGE_USERNS, errno, 2);
}

/* In the child: join a running container's user, mount and UTS
 * namespaces (index: 0 user, 1 mount, 2 UTS).  The user namespace first:
 * joining it gives the capabilities the other two need.  (The PID
 * namespace was joined by the parent: see spawn_fork.) */
static void
child_join(const struct spawn_req *r, int errpipe)
{
	const struct spawn_join *j = r->join;

	if (j == NULL)
		return;
	if (j->required && j->mnt_fd < 0)
		child_fail_at(errpipe, SPAWN_STAGE_SETNS, ESRCH, 1);
	if (j->user_fd >= 0 && setns(j->user_fd, CLONE_NEWUSER) == -1)
		child_fail_at(errpipe, SPAWN_STAGE_SETNS, errno, 0);
	if (j->mnt_fd >= 0 && setns(j->mnt_fd, CLONE_NEWNS) == -1)
		child_fail_at(errpipe, SPAWN_STAGE_SETNS, errno, 1);
	if (j->uts_fd >= 0 && setns(j->uts_fd, CLONE_NEWUTS) == -1)
		child_fail_at(errpipe, SPAWN_STAGE_SETNS, errno, 2);
}

/* In the child: a bind remounted read-only keeps the flags of the mount it
 * came from (nosuid, nodev, noexec, atime): in a user namespace those are
 * locked, and a remount that would drop one fails with EPERM (runc does
 * the same).  statfs's ST_* values are the MS_* ones. */
static int
child_remount_ro(const char *target)
{
	unsigned long keep = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME |
	    MS_RELATIME;
	struct statfs sf;

	if (statfs(target, &sf) == -1)
		return -1;
	return mount(NULL, target, NULL,
	    MS_BIND | MS_REMOUNT | MS_RDONLY | ((unsigned long)sf.f_flags & keep), NULL);
}

/* In the child, in its new namespaces (SPEC §7).  Mount namespace: "/"
 * becomes MS_SLAVE recursively before anything is mounted, as runc's
 * default rootfsPropagation (rslave): nothing mounted here propagates back
 * to podinit's namespace (so nothing is left mounted on the host when the
 * container ends, and no container sees another's mounts), while an
 * unmount on the host still reaches the copy here.  MS_PRIVATE would cut
 * that too and keep a host filesystem busy for as long as the container
 * runs.  Then each bind mount (index: the mount's), a read-only one
 * remounted MS_RDONLY (a bind takes no flags on its first call); a fresh
 * proc for a new PID namespace, so ps and /proc/1 are the container's;
 * and the host name. */
static void
child_namespaces(const struct spawn_req *r, int errpipe)
{
	int ns = r->new_namespaces;

	if (ns & CLONE_NEWNS) {
		if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) == -1)
			child_fail(errpipe, SPAWN_STAGE_PROPAGATION, errno);
		for (size_t i = 0; i < r->n_mounts; i++) {
			const struct spawn_mount *m = &r->mounts[i];
			if (mount(m->source, m->target, NULL, MS_BIND | MS_REC, NULL) == -1)
				child_fail_at(errpipe, SPAWN_STAGE_BIND, errno, (int)i);
			if (m->read_only && child_remount_ro(m->target) == -1)
				child_fail_at(errpipe, SPAWN_STAGE_REMOUNT_RO, errno, (int)i);
		}
		if ((ns & CLONE_NEWPID) && mount("proc", "/proc", "proc",
		    MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == -1)
			child_fail(errpipe, SPAWN_STAGE_PROC, errno);
	}
	if ((ns & CLONE_NEWUTS) && r->hostname != NULL &&
	    sethostname(r->hostname, strlen(r->hostname)) == -1)
		child_fail(errpipe, SPAWN_STAGE_HOSTNAME, errno);
}

static int
child_dup(int from, int to)
{
	if (from < 0 || from == to)
		return 0;
	return dup2(from, to) == -1 ? -1 : 0;
}

/* In the child: write our pid into LISTEN_PID=... (memory is our own copy). */
static void
child_set_listen_pid(char *const *envp)
{
	for (; envp && *envp; envp++) {
		if (strncmp(*envp, "LISTEN_PID=", 11) != 0)
			continue;
		char *p = *envp + 11;
		char digits[SPAWN_LISTEN_PID_WIDTH];
		int n = 0;
		unsigned long v = (unsigned long)getpid();
		do {
			digits[n++] = (char)('0' + v % 10);
			v /= 10;
		} while (v && n < SPAWN_LISTEN_PID_WIDTH - 1);
		/* The slot was reserved wide enough by the parent. */
		while (n > 0)
			*p++ = digits[--n];
		*p = '\0';
		return;
	}
}

/* podinit's open-file limit as it found it, when spawn_raise_nofile()
 * raised its own: every child gets this one back. */
static struct rlimit nofile_orig;
static bool nofile_raised;

int
spawn_raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return -1;
	if (rl.rlim_cur >= rl.rlim_max)
		return 0;
	nofile_orig = rl;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		return -1;
	nofile_raised = true;
	return 1;
}

static void __attribute__((noreturn))
child_run(const struct spawn_req *r, int errpipe, const char **cand, int ncand)
{
	char *const *envp = r->envp ? r->envp : environ;
	sigset_t empty;
	enum spawn_stage stage = SPAWN_STAGE_NONE;
	int saved_err = ENOENT;

	child_userns(r, errpipe);
	child_join(r, errpipe);
	if (r->cgroup_procs_fd >= 0 && write(r->cgroup_procs_fd, "0", 1) == -1)
		child_fail(errpipe, SPAWN_STAGE_CGROUP, errno);
	if (r->foreground_tty && isatty(STDIN_FILENO)) {
		/* Interactive: stay in podinit's session (the terminal is its
		 * controlling tty) but lead our own group, and take the
		 * foreground so Ctrl-C reaches us, not podinit.  SIGTTOU is
		 * still blocked here, so tcsetpgrp cannot stop us. */
		if (setpgid(0, 0) == -1)
			child_fail(errpipe, SPAWN_STAGE_SETSID, errno);
		if (tcsetpgrp(STDIN_FILENO, getpid()) == -1 && errno != ENOTTY)
			child_fail(errpipe, SPAWN_STAGE_TTY, errno);
	} else if (r->new_session && setsid() == -1) {
		child_fail(errpipe, SPAWN_STAGE_SETSID, errno);
	}
	if (child_dup(r->stdin_fd, STDIN_FILENO) == -1 ||
	    child_dup(r->stdout_fd, STDOUT_FILENO) == -1 ||
	    child_dup(r->stderr_fd, STDERR_FILENO) == -1)
		child_fail(errpipe, SPAWN_STAGE_STDIO, errno);
	for (int i = 0; i < r->n_keep_fds; i++) {
		int fl = fcntl(r->keep_fds[i], F_GETFD);
		if (fl != -1)
			(void)fcntl(r->keep_fds[i], F_SETFD, fl & ~FD_CLOEXEC);
	}
	/* Before chdir: a working directory inside a volume is the
	 * volume's. */
	child_namespaces(r, errpipe);
	if (r->cwd != NULL && chdir(r->cwd) == -1)
		child_fail(errpipe, SPAWN_STAGE_CHDIR, errno);
	/* (The child has its own limits even with CLONE_VM: podinit keeps its
	 * raised one.) */
	if (nofile_raised && setrlimit(RLIMIT_NOFILE, &nofile_orig) == -1)
		child_fail(errpipe, SPAWN_STAGE_RLIMIT, errno);
	if (r->sec != NULL && secctx_apply_child(r->sec, &stage) == -1)
		child_fail(errpipe, stage, errno);
	if (r->pdeathsig > 0)
		(void)prctl(PR_SET_PDEATHSIG, r->pdeathsig);
	child_set_listen_pid(envp);
	sigemptyset(&empty);
	if (sigprocmask(SIG_SETMASK, r->sigmask ? r->sigmask : &empty, NULL) == -1)
		child_fail(errpipe, SPAWN_STAGE_SIGNALS, errno);
	for (int i = 0; i < ncand; i++) {
		execve(cand[i], r->argv, envp);
		/* As execvp: keep searching past missing or unreadable entries,
		 * and report EACCES if nothing better turned up. */
		if (errno == EACCES)
			saved_err = EACCES;
		else if (errno != ENOENT && errno != ENOTDIR) {
			saved_err = errno;
			break;
		}
	}
	child_fail(errpipe, SPAWN_STAGE_EXEC, saved_err);
}

static const char *
ns_label(int index)
{
	static const char *const names[] = { "user", "mount", "UTS", "PID" };

	return index >= 0 && index < 4 ? names[index] : "";
}

static void
format_error(struct spawn_error *e, const char *file, const char *cwd, const struct spawn_req *r)
{
	static const char *const maps[] = { "setgroups", "uid_map", "gid_map" };
	const struct spawn_mount *m = NULL;

	if (r != NULL && e->index >= 0 && (size_t)e->index < r->n_mounts)
		m = &r->mounts[e->index];
	if (e->stage == SPAWN_STAGE_EXEC && e->err == ENOENT && strchr(file, '/') == NULL)
		snprintf(e->message, sizeof e->message,
		    "exec: \"%s\": executable file not found in $PATH", file);
	else if (e->stage == SPAWN_STAGE_CHDIR && cwd != NULL)
		snprintf(e->message, sizeof e->message, "chdir to working directory \"%s\": %s",
		    cwd, strerror(e->err));
	else if (e->stage == SPAWN_STAGE_BIND && m != NULL)
		snprintf(e->message, sizeof e->message, "bind mount \"%s\" on \"%s\": %s",
		    m->source, m->target, strerror(e->err));
	else if (e->stage == SPAWN_STAGE_REMOUNT_RO && m != NULL)
		snprintf(e->message, sizeof e->message, "read-only remount of \"%s\": %s",
		    m->target, strerror(e->err));
	else if (e->stage == SPAWN_STAGE_USERNS && e->index >= 0 && e->index < 3)
		snprintf(e->message, sizeof e->message, "user namespace: write /proc/self/%s: %s",
		    maps[e->index], strerror(e->err));
	else if (e->stage == SPAWN_STAGE_SETNS && e->err == ESRCH)
		snprintf(e->message, sizeof e->message,
		    "%s \"%s\": the container's namespaces are gone (it is not running)",
		    spawn_stage_name(e->stage), file);
	else if (e->stage == SPAWN_STAGE_SETNS)
		snprintf(e->message, sizeof e->message,
		    "%s \"%s\": the container's %s namespace: %s",
		    spawn_stage_name(e->stage), file, ns_label(e->index), strerror(e->err));
	else if (e->stage == SPAWN_STAGE_PROPAGATION)
		snprintf(e->message, sizeof e->message, "make \"/\" a slave mount (rslave): %s",
		    strerror(e->err));
	else if (e->stage == SPAWN_STAGE_PROC)
		snprintf(e->message, sizeof e->message, "mount proc on \"/proc\": %s",
		    strerror(e->err));
	else if (e->stage == SPAWN_STAGE_HOSTNAME && r != NULL && r->hostname != NULL)
		snprintf(e->message, sizeof e->message, "sethostname \"%s\": %s",
		    r->hostname, strerror(e->err));
	else
		snprintf(e->message, sizeof e->message, "%s \"%s\": %s",
		    spawn_stage_name(e->stage), file, strerror(e->err));
}

/* The child runs on this stack, in podinit's memory (CLONE_VM), while
 * podinit is suspended (CLONE_VFORK) until it execs or exits: one spawn at a
 * time, so one stack serves them all. */
#define CHILD_STACK (64 * 1024)
static _Alignas(64) char child_stack[CHILD_STACK];

struct child_args {
	const struct spawn_req *r;
	int	 errpipe;
	const char **cand;
	int	 ncand;
};

static int
child_main(void *arg)
{
	struct child_args *a = arg;

	child_run(a->r, a->errpipe, a->cand, a->ncand);
	return 126;	/* not reached */
}

/* podinit's own PID namespace, to return to after a join. */
static int own_pid_ns = -1;

/* Joining a container's PID namespace: setns(CLONE_NEWPID) changes only
 * pid_for_children, never the caller's own namespace, so the child cannot
 * do it for itself (it would take one more fork, and a pid podinit does
 * not know).  podinit sets its pid_for_children to the container's for
 * the one clone and back at once: it is single-threaded, and nothing else
 * forks in between.  So the exec'd process is a member of the container's
 * PID namespace (its /proc, `ps`, and it dies with the container's init)
 * while it is podinit's child with a pid of podinit's namespace. */
static int
join_pid_ns(const struct spawn_req *r, struct spawn_error *e)
{
	if (r->join == NULL || r->join->pid_fd < 0)
		return 0;
	if (own_pid_ns == -1)
		own_pid_ns = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	if (own_pid_ns == -1 || setns(r->join->pid_fd, CLONE_NEWPID) == -1) {
		e->stage = SPAWN_STAGE_SETNS;
		e->err = errno;
		e->index = 3;
		format_error(e, r->argv[0], NULL, r);
		return -1;
	}
	return 0;
}

static void
leave_pid_ns(const struct spawn_req *r)
{
	/* Back to our own active namespace: always permitted (we held
	 * CAP_SYS_ADMIN a moment ago), checked anyway. */
	if (r->join != NULL && r->join->pid_fd >= 0 && setns(own_pid_ns, CLONE_NEWPID) == -1)
		log_warn("spawn: back to podinit's own PID namespace");
}

/* Start the child; the read end of its {stage, errno} pipe goes to *errfd.
 *
 * clone(CLONE_VM | CLONE_VFORK), as posix_spawn does, rather than fork():
 * no page tables are copied (fork took ~2 ms here, most of an exec probe's
 * cost), and podinit resumes as soon as the child has exec'd or failed, a
 * few hundred microseconds.  The child shares podinit's memory until then,
 * so it only makes syscalls and writes nothing podinit relies on: its own
 * stack, errno, and the LISTEN_PID slot of the environment it execs with. */
static pid_t
spawn_fork(const struct spawn_req *r, struct spawn_error *e, int *errfd)
{
	char *store;
	const char *cand[MAX_CANDIDATES];
	int ncand, p[2];
	pid_t pid;
	struct child_args args;

	memset(e, 0, sizeof *e);
	e->index = -1;
	*errfd = -1;
	if (r->argv == NULL || r->argv[0] == NULL || r->argv[0][0] == '\0') {
		e->stage = SPAWN_STAGE_EXEC;
		e->err = ENOENT;
		snprintf(e->message, sizeof e->message, "no command to run");
		return -1;
	}
	store = malloc(PATH_BUF);
	if (store == NULL) {
		e->stage = SPAWN_STAGE_FORK;
		e->err = ENOMEM;
		snprintf(e->message, sizeof e->message, "fork \"%s\": %s", r->argv[0], strerror(ENOMEM));
		return -1;
	}
	ncand = build_candidates(r->argv[0], r->envp ? r->envp : environ, store, PATH_BUF,
	    cand, MAX_CANDIDATES);
	if (pipe2(p, O_CLOEXEC) == -1) {
		e->stage = SPAWN_STAGE_FORK;
		e->err = errno;
		snprintf(e->message, sizeof e->message, "pipe: %s", strerror(e->err));
		free(store);
		return -1;
	}
	args.r = r;
	args.errpipe = p[1];
	args.cand = cand;
	args.ncand = ncand;
	if (join_pid_ns(r, e) == -1) {
		close(p[0]);
		close(p[1]);
		free(store);
		return -1;
	}
	pid = clone(child_main, child_stack + CHILD_STACK,
	    CLONE_VM | CLONE_VFORK | SIGCHLD | r->new_namespaces, &args);
	if (pid == -1) {
		e->stage = SPAWN_STAGE_FORK;
		e->err = errno;
		/* ENOMEM from a PID namespace whose init is gone */
		if (r->join != NULL && r->join->pid_fd >= 0 && e->err == ENOMEM)
			snprintf(e->message, sizeof e->message,
			    "fork \"%s\" in the container's PID namespace: its init has exited",
			    r->argv[0]);
		else
			snprintf(e->message, sizeof e->message, "fork \"%s\": %s", r->argv[0],
			    strerror(e->err));
	}
	leave_pid_ns(r);
	if (pid == -1) {
		close(p[0]);
		close(p[1]);
		free(store);
		return -1;
	}
	/* The child closed nothing of ours: p[0] is close-on-exec and was
	 * never used by it; its copy of p[1] went away with exec or _exit. */
	free(store);
	close(p[1]);
	*errfd = p[0];
	return pid;
}

pid_t
spawn_start(const struct spawn_req *r, struct spawn_error *e)
{
	struct spawn_wire w;
	int errfd;
	pid_t pid = spawn_fork(r, e, &errfd);

	if (pid == -1)
		return -1;
	/* Reading the pipe until EOF also closes the race tini's
	 * isolate_child notes: once exec happened, setsid/setpgid did too,
	 * so signalling -pid reaches the whole group. */
	ssize_t n = fdx_read_full(errfd, &w, sizeof w);
	close(errfd);
	if (n == (ssize_t)sizeof w) {
		int st;
		/* The child is about to _exit; reap this one pid here so its
		 * status never reaches the loop's reaper as an orphan. */
		while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
			;
		e->stage = (enum spawn_stage)w.stage;
		e->err = w.err;
		e->index = w.index;
		format_error(e, r->argv[0], r->cwd, r);
		return -1;
	}
	return pid;
}

pid_t
spawn_start_async(const struct spawn_req *r, struct spawn_error *e, int *errfd)
{
	pid_t pid = spawn_fork(r, e, errfd);

	if (pid > 0)
		(void)fdx_set_nonblock(*errfd);
	return pid;
}

int
spawn_read_error(int errfd, const char *file, struct spawn_error *e)
{
	return spawn_read_error_cwd(errfd, file, NULL, e);
}

int
spawn_read_error_cwd(int errfd, const char *file, const char *cwd, struct spawn_error *e)
{
	struct spawn_wire w;
	ssize_t n;

	do
		n = read(errfd, &w, sizeof w);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return errno == EAGAIN ? -1 : 0;
	if (n != (ssize_t)sizeof w)
		return 0;	/* EOF: exec succeeded (a short record cannot happen: < PIPE_BUF) */
	memset(e, 0, sizeof *e);
	e->stage = (enum spawn_stage)w.stage;
	e->err = w.err;
	e->index = w.index;
	format_error(e, file, cwd, NULL);
	return 1;
}

/* The kernel's answer for spawn_try_namespaces: the namespace steps of a
 * container's child, and _exit(0) where the container would exec. */
static int
probe_child_main(void *arg)
{
	struct child_args *a = arg;

	child_userns(a->r, a->errpipe);
	child_namespaces(a->r, a->errpipe);
	_exit(0);
}

int
spawn_try_namespaces(int flags, const struct spawn_userns *userns, struct spawn_error *e)
{
	struct spawn_req req;
	struct child_args args;
	struct spawn_wire w;
	int p[2], st;
	pid_t pid;
	ssize_t n;

	memset(e, 0, sizeof *e);
	e->index = -1;
	spawn_req_init(&req);
	req.new_namespaces = flags;
	req.userns = userns;
	req.hostname = "podinit";
	if (pipe2(p, O_CLOEXEC) == -1) {
		e->stage = SPAWN_STAGE_FORK;
		e->err = errno;
		snprintf(e->message, sizeof e->message, "pipe: %s", strerror(e->err));
		return -1;
	}
	memset(&args, 0, sizeof args);
	args.r = &req;
	args.errpipe = p[1];
	pid = clone(probe_child_main, child_stack + CHILD_STACK,
	    CLONE_VM | CLONE_VFORK | SIGCHLD | flags, &args);
	close(p[1]);
	if (pid == -1) {
		e->stage = SPAWN_STAGE_FORK;
		e->err = errno;
		snprintf(e->message, sizeof e->message, "clone with new namespaces: %s",
		    strerror(e->err));
		close(p[0]);
		return -1;
	}
	n = fdx_read_full(p[0], &w, sizeof w);
	close(p[0]);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof w) {
		e->stage = (enum spawn_stage)w.stage;
		e->err = w.err;
		e->index = w.index;
		format_error(e, "namespaces", NULL, &req);
		return -1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		e->stage = SPAWN_STAGE_FORK;
		e->err = ECHILD;
		snprintf(e->message, sizeof e->message, "namespace check: the child ended with status %d",
		    st);
		return -1;
	}
	return 0;
}

/* kubelet reads with tail.ReadAtMost: the end of a longer file. */
static ssize_t
read_tail(const char *path, char *buf, size_t max)
{
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);

	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > max)
		(void)lseek(fd, st.st_size - (off_t)max, SEEK_SET);
	n = fdx_read_full(fd, buf, max);
	(void)fdx_close(&fd);
	return n;
}

ssize_t
spawn_read_file_in(const struct spawn_join *j, const char *path, char *buf, size_t sz)
{
	int p[2], st, err = 0;
	ssize_t n = 0;
	pid_t pid;

	if (sz == 0) {
		errno = EINVAL;
		return -1;
	}
	buf[0] = '\0';
	if (j == NULL || j->mnt_fd < 0) {
		if ((n = read_tail(path, buf, sz - 1)) >= 0)
			buf[n] = '\0';
		return n;
	}
	if (pipe2(p, O_CLOEXEC) == -1)
		return -1;
	/* A whole fork (not the CLONE_VM child of spawn_fork): joining a
	 * user namespace needs a memory of its own.  The child answers
	 * {errno} and then the bytes, which fit the pipe (sz <= 4097). */
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		if (j->user_fd >= 0 && setns(j->user_fd, CLONE_NEWUSER) == -1)
			err = errno;
		else if (setns(j->mnt_fd, CLONE_NEWNS) == -1)
			err = errno;
		else if ((n = read_tail(path, buf, sz - 1)) < 0)
			err = errno;
		(void)fdx_write_full(p[1], &err, sizeof err);
		if (err == 0)
			(void)fdx_write_full(p[1], buf, (size_t)n);
		_exit(0);
	}
	close(p[1]);
	if (pid == -1) {
		err = errno;
		close(p[0]);
		errno = err;
		return -1;
	}
	if (fdx_read_full(p[0], &err, sizeof err) != (ssize_t)sizeof err)
		err = EIO;
	n = err == 0 ? fdx_read_full(p[0], buf, sz - 1) : -1;
	close(p[0]);
	/* The one pid reaped here, as spawn_start does for a failed child:
	 * it never reaches the loop's reaper as an orphan. */
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	if (n < 0) {
		errno = err != 0 ? err : EIO;
		return -1;
	}
	buf[n] = '\0';
	return n;
}
