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
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "podinit/fdx.h"
#include "podinit/secctx.h"

extern char **environ;

struct spawn_wire {
	int32_t	 stage;
	int32_t	 err;
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

const char *
spawn_stage_name(enum spawn_stage s)
{
	switch (s) {
	case SPAWN_STAGE_NONE: return "none";
	case SPAWN_STAGE_FORK: return "fork";
	case SPAWN_STAGE_CGROUP: return "cgroup";
	case SPAWN_STAGE_SETSID: return "setsid";
	case SPAWN_STAGE_TTY: return "tty";
	case SPAWN_STAGE_STDIO: return "stdio";
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
child_fail(int errpipe, enum spawn_stage stage, int err)
{
	struct spawn_wire w = { (int32_t)stage, (int32_t)err };
	ssize_t r = write(errpipe, &w, sizeof w);

	(void)r;
	_exit(stage == SPAWN_STAGE_EXEC && (err == ENOENT || err == ENOTDIR) ? 127 : 126);
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

static void
format_error(struct spawn_error *e, const char *file, const char *cwd)
{
	if (e->stage == SPAWN_STAGE_EXEC && e->err == ENOENT && strchr(file, '/') == NULL)
		snprintf(e->message, sizeof e->message,
		    "exec: \"%s\": executable file not found in $PATH", file);
	else if (e->stage == SPAWN_STAGE_CHDIR && cwd != NULL)
		snprintf(e->message, sizeof e->message, "chdir to working directory \"%s\": %s",
		    cwd, strerror(e->err));
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
	pid = clone(child_main, child_stack + CHILD_STACK, CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
	if (pid == -1) {
		e->stage = SPAWN_STAGE_FORK;
		e->err = errno;
		snprintf(e->message, sizeof e->message, "fork \"%s\": %s", r->argv[0], strerror(e->err));
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
		format_error(e, r->argv[0], r->cwd);
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
	format_error(e, file, cwd);
	return 1;
}
