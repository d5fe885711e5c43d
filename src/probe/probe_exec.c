/* probe_exec: run an exec action as a child in its own session and process
 * group, capture stdout+stderr (first 10 KiB, as kubelet) from a
 * non-blocking pipe, and decide when the process exits, even if something
 * it left behind still holds the pipe open.  On the deadline the whole
 * group is killed and the attempt is a Failure; the pid stays with the
 * reaper (abandoned) so its late exit is ignored. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "podinit/fdx.h"
#include "podinit/spawn.h"
#include "probe_internal.h"

struct exec_state {
	char	 out[PROBE_OUTPUT_MAX + 1];
	size_t	 len;
	int	 errfd;			/* the child's {stage, errno} pipe, -1 */
	struct watcher errw;
	bool	 spawn_failed;
	const char *cwd;		/* for the chdir error message */
	struct spawn_error err;
};

static void
exec_state_free(void *p)
{
	free(p);
}

static struct exec_state *
exec_state(struct probe_run *r)
{
	if (r->impl != NULL && r->impl_free != exec_state_free) {
		r->impl_free(r->impl);
		r->impl = NULL;
	}
	if (r->impl == NULL) {
		struct exec_state *s = calloc(1, sizeof *s);
		if (s != NULL) {
			s->errfd = -1;
			watcher_init(&s->errw, NULL, NULL);
		}
		r->impl = s;
		r->impl_free = s ? exec_state_free : NULL;
	}
	return r->impl;
}

/* Read what is available; returns true at EOF or error. */
static bool
drain_output(struct probe_run *r)
{
	struct exec_state *s = r->impl;
	char sink[4096];

	for (;;) {
		char *dst = sink;
		size_t room = sizeof sink;
		if (s->len < PROBE_OUTPUT_MAX) {
			dst = s->out + s->len;
			room = PROBE_OUTPUT_MAX - s->len;
		}
		ssize_t n = read(r->fd, dst, room);
		if (n > 0) {
			if (dst != sink)
				s->len += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		return !(n == -1 && errno == EAGAIN);
	}
}

static void
on_output(struct loop *l, struct watcher *w, uint32_t events)
{
	struct probe_run *r = w->arg;

	(void)events;
	if (drain_output(r)) {
		loop_unwatch(l, &r->w);
		fdx_close(&r->fd);
	}
}

static void
close_errpipe(struct probe_run *r)
{
	struct exec_state *s = r->impl;

	if (watcher_active(&s->errw))
		loop_unwatch(r->loop, &s->errw);
	fdx_close(&s->errfd);
}

/* Nothing blocks on the exec: the child's error pipe is read from the
 * loop.  Data means the exec failed; EOF means it succeeded. */
static void
read_errpipe(struct probe_run *r)
{
	struct exec_state *s = r->impl;

	switch (spawn_read_error_cwd(s->errfd, r->h->command[0], s->cwd, &s->err)) {
	case 1:
		s->spawn_failed = true;
		close_errpipe(r);
		break;
	case 0:
		close_errpipe(r);
		break;
	default:
		break;
	}
}

static void
on_errpipe(struct loop *l, struct watcher *w, uint32_t events)
{
	(void)l;
	(void)events;
	read_errpipe(w->arg);
}

static void
command_text(const struct handler_spec *h, char *out, size_t outsz)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < h->n_command && n + 1 < outsz; i++) {
		int w = snprintf(out + n, outsz - n, "%s%s", i ? " " : "", h->command[i]);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

static void
on_exit_status(struct loop *l, pid_t pid, int st, void *arg)
{
	struct probe_run *r = arg;
	struct exec_state *s = r->impl;
	char cmd[256];

	(void)l;
	(void)pid;
	r->pid = 0;
	r->exit_status = st;
	/* The child is gone, so its error pipe holds a record or EOF. */
	if (s->errfd >= 0)
		read_errpipe(r);
	close_errpipe(r);
	if (s->spawn_failed) {
		if (r->fd >= 0) {
			loop_unwatch(r->loop, &r->w);
			fdx_close(&r->fd);
		}
		/* A missing or non-executable command can never pass. */
		probe_finish(r, PROBE_FAILURE, false, "%s", s->err.message);
		return;
	}
	/* Take what the pipe holds now; do not wait for EOF: a background
	 * child may keep it open forever. */
	if (r->fd >= 0)
		(void)drain_output(r);
	s->out[s->len] = '\0';
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		probe_finish(r, PROBE_SUCCESS, false, "%s", s->out);
		return;
	}
	if (s->len > 0) {
		probe_finish(r, PROBE_FAILURE, false, "%s", s->out);
		return;
	}
	command_text(r->h, cmd, sizeof cmd);
	if (WIFSIGNALED(st))
		probe_finish(r, PROBE_FAILURE, false, "command \"%s\" killed by signal %d",
		    cmd, WTERMSIG(st));
	else
		probe_finish(r, PROBE_FAILURE, false, "command \"%s\" exited with %d",
		    cmd, WEXITSTATUS(st));
}

int
probe_exec_begin(struct probe_run *r, const struct probe_exec_ctx *ctx)
{
	struct exec_state *s = exec_state(r);
	struct spawn_req req;
	struct spawn_error err;
	int p[2], devnull;
	pid_t pid;

	if (s == NULL) {
		probe_finish(r, PROBE_UNKNOWN, false, "exec probe: out of memory");
		return -1;
	}
	s->len = 0;
	s->spawn_failed = false;
	if (pipe2(p, O_CLOEXEC) == -1) {
		probe_finish(r, PROBE_UNKNOWN, false, "exec probe: pipe: %s", strerror(errno));
		return -1;
	}
	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	spawn_req_init(&req);
	req.argv = r->h->command;
	req.envp = ctx ? ctx->envp : NULL;
	req.cwd = ctx && ctx->cwd ? ctx->cwd : "/";
	s->cwd = req.cwd;
	req.stdin_fd = devnull;
	req.stdout_fd = p[1];
	req.stderr_fd = p[1];
	req.new_session = true;
	req.cgroup_procs_fd = ctx ? ctx->cgroup_procs_fd : -1;
	req.sec = ctx ? ctx->sec : NULL;
	req.sigmask = ctx ? ctx->sigmask : loop_original_mask(r->loop);
	/* SPEC §7: in the container's mount, UTS and PID namespaces, so the
	 * command sees its files, host name and processes (kubelet's exec
	 * runs inside the container). */
	req.join = ctx ? ctx->join : NULL;
	pid = spawn_start_async(&req, &err, &s->errfd);
	close(p[1]);
	fdx_close(&devnull);
	if (pid == -1) {
		close(p[0]);
		/* Could not run at all (EAGAIN, ENOMEM): Unknown, as kubelet
		 * discards errored probes.  A missing or non-executable
		 * command can never pass: Failure. */
		probe_finish(r, err.stage == SPAWN_STAGE_EXEC || err.stage == SPAWN_STAGE_SETNS
		    ? PROBE_FAILURE : PROBE_UNKNOWN,
		    false, "%s", err.message);
		return -1;
	}
	watcher_init(&s->errw, on_errpipe, r);
	if (loop_watch(r->loop, &s->errw, s->errfd, EPOLLIN) == -1)
		fdx_close(&s->errfd);	/* the exit status still decides */
	r->pid = pid;
	r->fd = p[0];
	(void)fdx_set_nonblock(r->fd);
	if (loop_child_add(r->loop, pid, on_exit_status, r) == -1) {
		/* Keep going: the probe then ends at its deadline. */
		r->pid = pid;
	}
	watcher_init(&r->w, on_output, r);
	if (loop_watch(r->loop, &r->w, r->fd, EPOLLIN) == -1)
		fdx_close(&r->fd);
	return 0;
}

static void
kill_and_abandon(struct probe_run *r)
{
	if (r->impl != NULL)
		close_errpipe(r);
	if (r->pid > 0) {
		/* The pid is still in the reaper's table (not reaped), so
		 * its group id cannot have been reused. */
		(void)kill(-r->pid, SIGKILL);
		(void)kill(r->pid, SIGKILL);
		loop_child_abandon(r->loop, r->pid);
		r->pid = 0;
	}
	if (watcher_active(&r->w))
		loop_unwatch(r->loop, &r->w);
	fdx_close(&r->fd);
}

void
probe_exec_timeout(struct probe_run *r)
{
	char cmd[256];

	command_text(r->h, cmd, sizeof cmd);
	kill_and_abandon(r);
	probe_finish(r, PROBE_FAILURE, false, "command \"%s\" timed out", cmd);
}

void
probe_exec_cancel(struct probe_run *r)
{
	kill_and_abandon(r);
}
