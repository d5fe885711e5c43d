/* super: the supervisor, the imperative shell around the pure state
 * machines.
 *
 *   loop/reaper/probe/hook callbacks ──► ctr_feed() ──► ctr_sm_step()
 *                                             │ actions
 *                                             ▼
 *   spawn, kill, hooks, timers, probes, events ◄── ctr_execute()
 *                                             │
 *                                             ▼
 *   pod_update(): view, phase (pod_sm), next container to start,
 *                 shutdown order, final exit code
 *
 * Events for one container are queued and handled one at a time, so an
 * action that produces a new event (a spawn that failed) never re-enters
 * ctr_sm_step in the middle of executing an earlier step's actions. */
#include "podinit/super.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "podinit/api.h"
#include "podinit/cgroup.h"
#include "podinit/clock.h"
#include "podinit/ctr_sm.h"
#include "podinit/ctr_view.h"
#include "podinit/events.h"
#include "podinit/events_sink.h"
#include "podinit/fdx.h"
#include "podinit/log.h"
#include "podinit/metrics.h"
#include "podinit/usage.h"
#include "podinit/pod_order.h"
#include "podinit/pod_sm.h"
#include "podinit/probe.h"
#include "podinit/probe_sm.h"
#include "podinit/secctx.h"
#include "podinit/spawn.h"
#include "podinit/strconv.h"
#include "podinit/view.h"

extern char **environ;

#define MAX_INHERITED	64
#define MAX_ESCAPEES	64
#define QUEUE_MAX	8
/* Exec probes start at least this far apart while the last one still runs:
 * two processes exec'ing at once (a container's liveness and readiness
 * probes fall due together) cost each about twice the CPU of two apart on
 * a VM (bench/probes.sh), and a burst of them would hold the loop (and the
 * status API) in one long pass of spawns. */
#define EXEC_SPACING_NS	(4 * NS_PER_SEC / 1000)

struct queued_event {
	enum ctr_event ev;
	struct ctr_input in;
	char	 message[256];
};

struct ctr_rt {
	struct super *sup;
	size_t	 idx;
	const struct container_spec *spec;
	struct ctr_view *view;
	struct ctr_sm sm;
	struct timer timer;		/* ctr_sm's one timer */
	pid_t	 pid;			/* main process, 0 once reaped */
	pid_t	 pgid;			/* its process group, 0 once empty */
	char	**envp;
	const char *cwd;
	struct sec_plan *sec;
	struct cgroup *cg;
	struct probe_exec_ctx exec_ctx;
	struct probe_sm psm[PROBE_TYPE_COUNT];
	struct probe_run prun[PROBE_TYPE_COUNT];
	struct timer ptimer[PROBE_TYPE_COUNT];
	struct probe_run hook;
	struct watcher cg_watch;	/* cgroup.events, while the pod drains */
	int	 cg_events_fd;
	double	 cpu_base;		/* CPU of ended instances (no cgroup) */
	double	 cpu_last;		/* last value shown: the counter never goes down */
	bool	 started;		/* status.started */
	bool	 liveness_failed;	/* /livez 503 until it runs again */
	bool	 stop_sent;
	pid_t	 escapees[MAX_ESCAPEES];	/* descendants seen at stop time */
	size_t	 n_escapees;
	struct queued_event queue[QUEUE_MAX];
	size_t	 qhead, qlen;
	bool	 feeding;
};

struct super {
	struct loop *loop;
	const struct pod_spec *pod;
	const struct options *opt;
	bool	 tini_mode;		/* no manifest: tini semantics for signals */
	struct ctr_rt *c;
	size_t	 n;
	struct pod_view view;
	struct events events;
	struct api *api;
	char	 pod_desc[256];
	char	 cg_prefix[128];	/* cgroup names: "<prefix>-<container>" */
	int64_t	 mono_to_real;
	bool	 initialized;
	bool	 terminating;
	bool	 stopped_by_signal;
	int	 shutdown_signal;	/* the signal that started the shutdown */
	bool	 done;
	int	 exit_code;
	int	 remap[256];
	size_t	 n_remap;
	bool	 dirty;
	const struct probe_run *exec_last;	/* the exec probe started last */
	int64_t	 exec_last_start;
	struct timer drain_timer;	/* bounds the wait for empty cgroups */
	bool	 drain_started, drain_expired;
	int64_t	 last_usage_sample;
	char	*start_cwd;
};

/* ---- inherited descriptors (DESIGN §1.5) ---- */

static int inherited[MAX_INHERITED];
static int n_inherited;
static int n_listen;		/* the first n_listen of inherited[] are LISTEN_FDS */

void
super_inherit_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	const char *lf = getenv("LISTEN_FDS");
	int64_t nl = 0;

	if (lf != NULL && strconv_int64(lf, 0, MAX_INHERITED, &nl) == -1)
		nl = 0;
	for (int i = 0; i < nl; i++)
		inherited[n_inherited++] = 3 + i;
	n_listen = n_inherited;
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		int64_t fd;
		if (strconv_int64(de->d_name, 3, 1 << 20, &fd) == -1 || fd == dirfd(d))
			continue;
		if (fd < 3 + nl)
			continue;
		if (n_inherited < MAX_INHERITED)
			inherited[n_inherited++] = (int)fd;
	}
	closedir(d);
	for (int i = 0; i < n_inherited; i++)
		(void)fdx_set_cloexec(inherited[i]);
}

/* After the first container got them, podinit keeps only LISTEN_FDS. */
static void
close_inherited_once(void)
{
	for (int i = n_listen; i < n_inherited; i++)
		(void)close(inherited[i]);
	n_inherited = n_listen;
}

/* ---- helpers ---- */

static int64_t
now_of(const struct super *s)
{
	return loop_now(s->loop);
}

static int
rewrite_signal(const struct super *s, int sig)
{
	if (sig > 0 && sig < CLI_MAX_SIGNAL && s->opt->rewrite[sig] >= 0)
		return s->opt->rewrite[sig];
	return sig;
}

static const char *
ctr_name(const struct ctr_rt *c)
{
	return c->spec->name;
}

static void
emit(struct super *s, const struct ctr_rt *c, const char *type, const char *reason,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
emit(struct super *s, const struct ctr_rt *c, const char *type, const char *reason,
    const char *fmt, ...)
{
	char msg[EVENT_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	events_emit(&s->events, clock_real(), type, reason, c ? ctr_name(c) : NULL, "%s", msg);
	s->dirty = true;
}

/* The container's environment: podinit's own (the image's), overridden by
 * the manifest's env; LISTEN_PID gets a slot the child fills in. */
static char **
build_envp(const struct container_spec *spec, const char *home)
{
	size_t n = 0, k = 0;
	char **envp;
	bool spec_home = false;

	for (size_t i = 0; i < spec->n_env; i++)
		spec_home |= strcmp(spec->env[i].name, "HOME") == 0;
	/* As container runtimes do: HOME follows the user the container
	 * runs as, unless the manifest sets it. */
	if (spec_home)
		home = NULL;

	for (char **e = environ; *e; e++)
		n++;
	envp = calloc(n + spec->n_env + 3, sizeof *envp);
	if (envp == NULL)
		return NULL;
	for (char **e = environ; *e; e++) {
		const char *eq = strchr(*e, '=');
		size_t nl = eq ? (size_t)(eq - *e) : strlen(*e);
		bool overridden = false;
		for (size_t i = 0; i < spec->n_env; i++)
			if (strlen(spec->env[i].name) == nl && strncmp(spec->env[i].name, *e, nl) == 0)
				overridden = true;
		if (overridden || (nl == 10 && strncmp(*e, "LISTEN_PID", 10) == 0) ||
		    (home != NULL && nl == 4 && strncmp(*e, "HOME", 4) == 0))
			continue;
		envp[k++] = strdup(*e);
	}
	for (size_t i = 0; i < spec->n_env; i++) {
		size_t len = strlen(spec->env[i].name) + strlen(spec->env[i].value) + 2;
		char *v = malloc(len);
		if (v != NULL)
			snprintf(v, len, "%s=%s", spec->env[i].name, spec->env[i].value);
		envp[k++] = v;
	}
	if (home != NULL) {
		size_t len = strlen(home) + 6;
		char *v = malloc(len);
		if (v != NULL)
			snprintf(v, len, "HOME=%s", home);
		envp[k++] = v;
	}
	if (n_listen > 0)
		envp[k++] = strdup("LISTEN_PID=                ");
	envp[k] = NULL;
	for (size_t i = 0; i < k; i++)
		if (envp[i] == NULL) {
			for (size_t j = 0; j < k; j++)
				free(envp[j]);
			free(envp);
			return NULL;
		}
	return envp;
}

static void
free_envp(char **envp)
{
	if (envp == NULL)
		return;
	for (char **e = envp; *e; e++)
		free(*e);
	free(envp);
}

/* ---- processes of a container ---- */

/* The direct children of pid, from /proc/<pid>/task/<tid>/children (every
 * thread's list).  Returns how many were stored in out[]. */
static size_t
proc_children(pid_t pid, pid_t *out, size_t max)
{
	char path[64], line[4096];
	DIR *d;
	struct dirent *de;
	size_t n = 0;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && n < max) {
		int fd;
		ssize_t r;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "/proc/%d/task/%.16s/children", (int)pid, de->d_name);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			continue;
		r = read(fd, line, sizeof line - 1);
		close(fd);
		if (r <= 0)
			continue;
		line[r] = '\0';
		for (char *p = line, *end; *p && n < max; p = end) {
			long child = strtol(p, &end, 10);
			if (end == p)
				break;
			out[n++] = (pid_t)child;
		}
	}
	closedir(d);
	return n;
}

static bool
escapee_known(const struct ctr_rt *c, pid_t pid)
{
	for (size_t i = 0; i < c->n_escapees; i++)
		if (c->escapees[i] == pid)
			return true;
	return false;
}

/* Remember every descendant of pid, so processes that left the process
 * group with setsid() can still be killed when no cgroup holds them. */
static void
collect_descendants(struct ctr_rt *c, pid_t pid, int depth)
{
	pid_t kids[MAX_ESCAPEES];
	size_t n;

	if (depth > 16 || c->n_escapees >= MAX_ESCAPEES)
		return;
	n = proc_children(pid, kids, MAX_ESCAPEES);
	for (size_t i = 0; i < n && c->n_escapees < MAX_ESCAPEES; i++) {
		if (escapee_known(c, kids[i]))
			continue;
		c->escapees[c->n_escapees++] = kids[i];
		collect_descendants(c, kids[i], depth + 1);
	}
}

/* Without a cgroup, a process that left the container's process group
 * with setsid() and outlived the main process is only known to podinit as
 * an adopted orphan (the kernel reparents orphans before it reports the
 * exit, so they are our children by the time the main process is reaped).
 * With one container (and a manifest: tini mode keeps tini's behaviour),
 * every adopted orphan still alive came from it, or from its probes and
 * hooks: note them, with their descendants, for the KILL_ALL that follows
 * the exit. */
static void
collect_orphans(struct ctr_rt *c)
{
	struct super *s = c->sup;
	pid_t kids[MAX_ESCAPEES];
	size_t n;

	if (c->cg != NULL || s->n != 1 || s->tini_mode)
		return;
	n = proc_children(getpid(), kids, MAX_ESCAPEES);
	for (size_t i = 0; i < n && c->n_escapees < MAX_ESCAPEES; i++) {
		/* registered: probe and hook processes, reaped by their owners */
		if (loop_child_known(s->loop, kids[i]) || escapee_known(c, kids[i]))
			continue;
		c->escapees[c->n_escapees++] = kids[i];
		collect_descendants(c, kids[i], 1);
	}
}

static void
kill_all(struct ctr_rt *c)
{
	if (c->pid > 0)
		collect_descendants(c, c->pid, 0);
	if (c->cg != NULL)
		(void)cgroup_kill(c->cg);
	if (c->pgid > 0 && kill(-c->pgid, SIGKILL) == -1 && errno == ESRCH)
		c->pgid = 0;
	if (c->pid > 0)
		(void)kill(c->pid, SIGKILL);
	/* Descendants that escaped with setsid: they were seen as our
	 * descendants while the main process lived; now they are podinit's
	 * adopted children (PID 1 or subreaper) until reaped, so their pids
	 * cannot have been reused unless they were already reaped. */
	for (size_t i = 0; i < c->n_escapees; i++)
		(void)kill(c->escapees[i], SIGKILL);
	c->n_escapees = 0;
}

static void
send_stop_signal(struct ctr_rt *c, int sig)
{
	struct super *s = c->sup;

	if (sig == 0) {
		sig = SIGTERM;
		if (s->tini_mode && s->shutdown_signal > 0)
			sig = s->shutdown_signal;
		sig = rewrite_signal(s, sig);
	}
	if (c->pid > 0)
		collect_descendants(c, c->pid, 0);
	if (sig <= 0)
		return;	/* rewritten to 0: dropped, the deadline does the rest */
	/* tini semantics without -g: the signal goes to the child only;
	 * otherwise to the container's whole process group. */
	if (s->tini_mode && !s->opt->group_signal) {
		if (c->pid > 0)
			(void)kill(c->pid, sig);
	} else if (c->pgid > 0) {
		if (kill(-c->pgid, sig) == -1 && errno == ESRCH)
			c->pgid = 0;
	}
}

/* ---- probes ---- */

static void probe_timer_fired(struct loop *l, struct timer *t);
static void probe_done(struct loop *l, struct probe_run *r, const struct probe_outcome *out, void *arg);
static void ctr_feed(struct ctr_rt *c, enum ctr_event ev, const struct ctr_input *in);
static void ctr_feed_message(struct ctr_rt *c, enum ctr_event ev, const struct ctr_input *in,
    const char *msg);
static void pod_update(struct super *s);

static void
probe_schedule(struct ctr_rt *c, enum probe_type t)
{
	struct super *s = c->sup;
	int64_t due = probe_sm_next_due(&c->psm[t], c->started);

	if (due == INT64_MAX || probe_run_busy(&c->prun[t])) {
		timer_stop(s->loop, &c->ptimer[t]);
		return;
	}
	timer_start(s->loop, &c->ptimer[t], due);
}

static void
probes_schedule_all(struct ctr_rt *c)
{
	for (int t = 0; t < PROBE_TYPE_COUNT; t++)
		probe_schedule(c, (enum probe_type)t);
}

/* The exec probe started last has finished: the ones held back for it
 * (their timers set to its start + EXEC_SPACING_NS) may start now. */
static void
exec_spacing_over(struct super *s)
{
	int64_t held = s->exec_last_start + EXEC_SPACING_NS, now = loop_now(s->loop);

	s->exec_last = NULL;
	if (held <= now)
		return;
	for (size_t i = 0; i < s->n; i++)
		for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
			struct timer *tm = &s->c[i].ptimer[t];
			if (timer_active(tm) && tm->deadline == held)
				timer_start(s->loop, tm, now);
		}
}

static void
probe_timer_fired(struct loop *l, struct timer *t)
{
	struct ctr_rt *c = t->arg;
	enum probe_type type = (enum probe_type)(t - c->ptimer);
	const struct probe_spec *ps = &c->spec->probes[type];

	if (probe_sm_next_due(&c->psm[type], c->started) > loop_now(l) ||
	    probe_run_busy(&c->prun[type])) {
		probe_schedule(c, type);
		return;
	}
	/* (So at most one exec probe starts per loop pass while the one
	 * before runs: the rest wait with I/O served between.) */
	if (ps->handler.kind == HANDLER_EXEC) {
		int64_t hold = probe_sm_exec_hold(loop_now(l), c->sup->exec_last_start,
		    c->sup->exec_last != NULL && probe_run_busy(c->sup->exec_last), EXEC_SPACING_NS);
		if (hold != 0) {
			timer_start(l, t, hold);
			return;
		}
	}
	probe_sm_attempt_started(&c->psm[type], loop_now(l));
	probe_run_start(&c->prun[type], l, &ps->handler, &c->exec_ctx,
	    spec_probe_timeout_ns(ps), PROBE_MODE_PROBE, probe_done, c);
	if (ps->handler.kind == HANDLER_EXEC) {
		c->sup->exec_last = &c->prun[type];
		c->sup->exec_last_start = loop_refresh_now(l);
	}
}

static void
probe_done(struct loop *l, struct probe_run *r, const struct probe_outcome *out, void *arg)
{
	struct ctr_rt *c = arg;
	struct super *s = c->sup;
	enum probe_type t = (enum probe_type)(r - c->prun);
	const char *tn = spec_probe_type_name(t);
	enum probe_transition tr;
	bool was_ok;

	(void)l;
	if (r == s->exec_last)
		exec_spacing_over(s);
	metrics_probe_observe(&c->view->probes[t], out->result, out->duration_ns);
	/* K8S: prober.probe: the event for every failed attempt. */
	switch (out->result) {
	case PROBE_SUCCESS:
		if (out->warning)
			emit(s, c, EVENT_WARNING, "ProbeWarning", "%s probe warning: %s", tn, out->message);
		break;
	case PROBE_FAILURE:
		emit(s, c, EVENT_WARNING, "Unhealthy", "%s probe failed: %s", tn, out->message);
		break;
	case PROBE_UNKNOWN:
		emit(s, c, EVENT_WARNING, "Unhealthy",
		    "%s probe errored and resulted in unknown state: %s", tn, out->message);
		break;
	}
	was_ok = probe_sm_ok(&c->psm[t]);
	tr = probe_sm_result(&c->psm[t], out->result, now_of(s));
	switch (tr) {
	case PT_NONE:
		break;
	case PT_BECAME_READY:
	case PT_BECAME_UNREADY:
		s->dirty = true;
		break;
	case PT_LIVENESS_FAILED:
		c->liveness_failed = true;
		ctr_feed(c, EV_LIVENESS_FAILED, NULL);
		break;
	case PT_STARTUP_SUCCEEDED:
		c->started = true;
		/* K8S: UpdatePodStatus triggers readiness at once. */
		probe_sm_trigger(&c->psm[PROBE_READINESS], now_of(s));
		probes_schedule_all(c);
		break;
	case PT_STARTUP_FAILED:
		ctr_feed(c, EV_STARTUP_FAILED, NULL);
		break;
	}
	probe_schedule(c, t);
	/* The pod's view changes only when a result changes what the probe
	 * says (the transitions above); then once per loop pass (on_idle),
	 * not once per result.  A steady stream of equal results (200
	 * probes a second) must not redo the whole pod each time. */
	if (tr != PT_NONE || probe_sm_ok(&c->psm[t]) != was_ok)
		s->dirty = true;
}

static void
probes_start(struct ctr_rt *c, int64_t started_at)
{
	for (int t = 0; t < PROBE_TYPE_COUNT; t++)
		probe_sm_container_started(&c->psm[t], started_at);
	c->liveness_failed = false;
	c->started = probe_sm_ok(&c->psm[PROBE_STARTUP]);
	probes_schedule_all(c);
}

static void
probes_stop(struct ctr_rt *c, bool all)
{
	for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
		if (t == PROBE_READINESS && !all)
			continue;
		probe_run_cancel(&c->prun[t]);
		probe_sm_container_stopped(&c->psm[t]);
		timer_stop(c->sup->loop, &c->ptimer[t]);
	}
	if (all)
		c->started = false;
}

/* ---- hooks ---- */

static void
hook_done(struct loop *l, struct probe_run *r, const struct probe_outcome *out, void *arg)
{
	struct ctr_rt *c = arg;
	struct ctr_input in;

	(void)l;
	(void)r;
	memset(&in, 0, sizeof in);
	in.hook_ok = out->result == PROBE_SUCCESS;
	if (out->http_fallback) {
		/* K8S: runHTTPHandler, and its metric
		 * kubelet_lifecycle_handler_http_fallbacks_total. */
		c->sup->view.lifecycle_http_fallbacks++;
		emit(c->sup, c, EVENT_WARNING, "LifecycleHTTPFallback",
		    "request to HTTPS lifecycle hook %s got HTTP response, retry with HTTP succeeded",
		    out->message);
	}
	if (c->sm.hook == HOOK_POST_START) {
		if (!in.hook_ok)
			log_warnx("%s: postStart hook failed: %s", ctr_name(c), out->message);
		ctr_feed(c, in.hook_ok ? EV_POSTSTART_OK : EV_POSTSTART_FAILED, &in);
	} else if (c->sm.hook == HOOK_PRE_STOP) {
		if (!in.hook_ok)
			log_warnx("%s: preStop hook failed: %s", ctr_name(c), out->message);
		ctr_feed(c, EV_PRESTOP_DONE, &in);
	}
}

static void
hook_run(struct ctr_rt *c, const struct handler_spec *h)
{
	probe_run_start(&c->hook, c->sup->loop, h, &c->exec_ctx, 0, PROBE_MODE_HOOK, hook_done, c);
}

/* ---- spawning ---- */

static void ctr_exited(struct loop *l, pid_t pid, int wstatus, void *arg);

static void
ctr_spawn(struct ctr_rt *c)
{
	struct super *s = c->sup;
	struct spawn_req req;
	struct spawn_error err;
	struct ctr_input in;
	int devnull = -1;
	pid_t pid;
	bool first = n_inherited > n_listen;

	spawn_req_init(&req);
	req.argv = c->spec->argv;
	req.envp = c->envp;
	req.cwd = c->cwd;
	req.new_session = true;
	req.foreground_tty = s->tini_mode || c->spec->tty;
	req.sec = c->sec;
	req.sigmask = loop_original_mask(s->loop);
	req.cgroup_procs_fd = c->cg ? cgroup_procs_fd(c->cg) : -1;
	req.keep_fds = inherited;
	req.n_keep_fds = n_inherited;
	if (!s->tini_mode && !c->spec->stdin_open && !c->spec->tty) {
		devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
		req.stdin_fd = devnull;
	}
	c->n_escapees = 0;
	pid = spawn_start(&req, &err);
	/* The container started now, not when this pass woke: its probes'
	 * schedule counts from here, so containers started in one pass do
	 * not all have their probes due at the same instant. */
	loop_refresh_now(s->loop);
	fdx_close(&devnull);
	if (first)
		close_inherited_once();
	if (pid == -1) {
		memset(&in, 0, sizeof in);
		in.exit_code = spawn_error_exit_code(&err);
		ctr_feed_message(c, EV_SPAWN_FAILED, &in, err.message);
		return;
	}
	c->pid = pid;
	c->pgid = pid;
	if (loop_child_add(s->loop, pid, ctr_exited, c) == -1)
		log_warnx("%s: cannot track pid %d", ctr_name(c), (int)pid);
	ctr_feed(c, EV_SPAWNED, NULL);
}

static void
read_termination_message(struct ctr_rt *c)
{
	const char *path = c->spec->termination_message_path;
	char buf[4096];
	int fd;
	ssize_t n;

	if (path == NULL || c->view->state.kind != VIEW_STATE_TERMINATED)
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd == -1)
		return;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	if ((size_t)n >= sizeof c->view->state.message)
		n = (ssize_t)sizeof c->view->state.message - 1;
	memcpy(c->view->state.message, buf, (size_t)n);
	c->view->state.message[n] = '\0';
}

static void
ctr_exited(struct loop *l, pid_t pid, int wstatus, void *arg)
{
	struct ctr_rt *c = arg;
	struct ctr_input in;

	(void)l;
	if (pid != c->pid)
		return;
	c->pid = 0;
	if (c->cg == NULL)
		c->cpu_base = c->cpu_last;	/* the next instance counts on from here */
	collect_orphans(c);
	memset(&in, 0, sizeof in);
	in.wstatus = wstatus;
	in.oom_killed = c->cg != NULL && cgroup_oom_killed(c->cg);
	in.pod_terminating = c->sup->terminating;
	ctr_feed(c, EV_EXITED, &in);
	read_termination_message(c);
}

static void
ctr_timer_fired(struct loop *l, struct timer *t)
{
	struct ctr_rt *c = t->arg;

	(void)l;
	ctr_feed(c, EV_DEADLINE, NULL);
}

/* ---- the container state machine's actions ---- */

static void
ctr_execute(struct ctr_rt *c, const struct ctr_action *a)
{
	struct super *s = c->sup;

	switch (a->kind) {
	case CA_SPAWN:
		ctr_spawn(c);
		break;
	case CA_RUN_POST_START:
		hook_run(c, &c->spec->post_start);
		break;
	case CA_RUN_PRE_STOP:
		hook_run(c, &c->spec->pre_stop);
		break;
	case CA_CANCEL_HOOK:
		probe_run_cancel(&c->hook);
		break;
	case CA_SEND_STOP_SIGNAL:
		send_stop_signal(c, a->sig);
		break;
	case CA_KILL_ALL:
		kill_all(c);
		break;
	case CA_ARM_DEADLINE:
	case CA_SCHEDULE_RESTART:
		timer_start(s->loop, &c->timer, a->t);
		break;
	case CA_CANCEL_TIMER:
		timer_stop(s->loop, &c->timer);
		break;
	case CA_START_PROBES:
		probes_start(c, a->t);
		break;
	case CA_STOP_PROBES:
		probes_stop(c, a->all);
		break;
	case CA_EMIT_EVENT:
		emit(s, c, a->type == CTR_EVT_WARNING ? EVENT_WARNING : EVENT_NORMAL,
		    a->reason, "%s", a->message);
		break;
	}
}

static void
queue_push(struct ctr_rt *c, enum ctr_event ev, const struct ctr_input *in, const char *msg)
{
	struct queued_event *q;

	if (c->qlen == QUEUE_MAX) {
		log_warnx("%s: event queue full, dropping %s", ctr_name(c), ctr_event_name(ev));
		return;
	}
	q = &c->queue[(c->qhead + c->qlen++) % QUEUE_MAX];
	q->ev = ev;
	if (in != NULL)
		q->in = *in;
	else
		memset(&q->in, 0, sizeof q->in);
	q->in.pod_terminating = c->sup->terminating;
	snprintf(q->message, sizeof q->message, "%s", msg ? msg : "");
	q->in.message = msg ? q->message : NULL;
}

static void
ctr_feed_message(struct ctr_rt *c, enum ctr_event ev, const struct ctr_input *in, const char *msg)
{
	struct ctr_actions acts;

	queue_push(c, ev, in, msg);
	if (c->feeding)
		return;
	c->feeding = true;
	while (c->qlen > 0) {
		struct queued_event q = c->queue[c->qhead];
		c->qhead = (c->qhead + 1) % QUEUE_MAX;
		c->qlen--;
		if (q.in.message != NULL)
			q.in.message = q.message;
		log_debug("%s: %s in %s", ctr_name(c), ctr_event_name(q.ev), ctr_state_name(c->sm.state));
		ctr_sm_step(&c->sm, q.ev, &q.in, now_of(c->sup), &acts);
		for (size_t i = 0; i < acts.n; i++)
			ctr_execute(c, &acts.a[i]);
	}
	c->feeding = false;
	c->sup->dirty = true;
}

static void
ctr_feed(struct ctr_rt *c, enum ctr_event ev, const struct ctr_input *in)
{
	ctr_feed_message(c, ev, in, NULL);
}

/* ---- the view (the projection: ctr_view.c) ---- */

static void
view_update_ctr(struct ctr_rt *c)
{
	struct super *s = c->sup;
	struct ctr_view_input in = {
		.sm = &c->sm,
		.started = c->started,
		.alive = c->pid > 0,
		.readiness_ok = probe_sm_ok(&c->psm[PROBE_READINESS]),
		.behind_init = c->idx >= s->pod->n_init && s->pod->n_init > 0,
		.mono_to_real = s->mono_to_real,
	};

	ctr_view_update(c->view, &in);
}

static void
pod_ctrs(struct super *s, struct pod_sm_ctr *pc)
{
	for (size_t i = 0; i < s->n; i++)
		ctr_view_pod_ctr(&s->c[i].sm, s->c[i].view, &pc[i]);
}

/* ---- pod-level policy (the rules: pod_order.c) ---- */

static void
order_ctrs(const struct super *s, struct pod_order_ctr *oc)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct ctr_rt *c = &s->c[i];
		oc[i] = (struct pod_order_ctr){
			.is_init = c->spec->is_init,
			.is_sidecar = c->spec->is_sidecar,
			.state = c->sm.state,
			.instances = c->sm.instances,
			.shutdown = c->sm.shutdown,
			.finished = ctr_sm_finished(&c->sm),
			.has_term = c->sm.has_term,
			.exit_code = c->sm.term.exit_code,
			.started = c->started,
			.alive = c->pid > 0,
			.stop_sent = c->stop_sent,
		};
	}
}

static void
pod_execute(struct super *s, const struct pod_action *a)
{
	struct ctr_rt *c = &s->c[a->ctr];

	switch (a->kind) {
	case PA_TERMINATE:
		s->terminating = true;
		break;
	case PA_START:
		ctr_feed(c, EV_START, NULL);
		break;
	case PA_STOP:
		c->stop_sent = true;
		ctr_feed(c, EV_STOP, NULL);
		break;
	}
}

/* Stop every regular container at once (sidecars follow in pod_order's
 * order); nothing restarts from here on. */
static void
pod_stop_regular(struct super *s)
{
	struct pod_order_ctr oc[s->n > 0 ? s->n : 1];
	struct pod_action acts[POD_ORDER_ACTIONS_MAX(s->n)];
	size_t k;

	order_ctrs(s, oc);
	k = pod_order_stop(oc, s->n, acts);
	for (size_t i = 0; i < k; i++)
		pod_execute(s, &acts[i]);
}

/* cgroup.kill only queues SIGKILL: processes left in a container (an
 * escapee, a shell's background job) may still be exiting when the last
 * main process was reaped, and the cgroup cannot be removed until they
 * are gone.  So the pod finishes once every cgroup is empty, woken by
 * cgroup.events (EPOLLPRI on a change of "populated"), bounded by
 * DRAIN_NS in case something in it cannot die. */
#define DRAIN_NS	(2 * NS_PER_SEC)

static void
cg_events_ready(struct loop *l, struct watcher *w, uint32_t events)
{
	struct ctr_rt *c = w->arg;
	char buf[256];

	(void)l;
	(void)events;
	/* Reading re-arms kernfs' change notification. */
	if (pread(c->cg_events_fd, buf, sizeof buf, 0) == -1)
		log_debug("%s: cgroup.events: %s", ctr_name(c), strerror(errno));
	c->sup->dirty = true;
}

static void
drain_timer_fired(struct loop *l, struct timer *t)
{
	struct super *s = t->arg;

	(void)l;
	s->drain_expired = true;
	for (size_t i = 0; i < s->n; i++)
		if (s->c[i].cg != NULL && cgroup_populated(s->c[i].cg))
			log_warnx("%s: processes left in the cgroup after SIGKILL", ctr_name(&s->c[i]));
	s->dirty = true;
}

static bool
cgroups_drained(struct super *s)
{
	bool busy = false;

	if (s->drain_expired)
		return true;
	for (size_t i = 0; i < s->n; i++) {
		struct ctr_rt *c = &s->c[i];
		if (c->cg == NULL)
			continue;
		/* Watch first, then look: a change in between still wakes us. */
		if (c->cg_events_fd == -1) {
			c->cg_events_fd = openat(cgroup_dir_fd(c->cg), "cgroup.events",
			    O_RDONLY | O_CLOEXEC);
			if (c->cg_events_fd != -1 &&
			    loop_watch(s->loop, &c->cg_watch, c->cg_events_fd, EPOLLPRI) == -1)
				fdx_close(&c->cg_events_fd);
		}
		if (cgroup_populated(c->cg)) {
			busy = true;
			(void)cgroup_kill(c->cg);
		}
	}
	if (busy && !s->drain_started) {
		s->drain_started = true;
		timer_start(s->loop, &s->drain_timer, now_of(s) + DRAIN_NS);
	}
	return !busy;
}

static void
pod_finish(struct super *s, enum pod_phase phase, const struct pod_sm_ctr *pc)
{
	if (s->done)
		return;
	s->done = true;
	s->exit_code = pod_exit_code(pc, s->n, phase, s->stopped_by_signal, s->remap, s->n_remap);
	log_info("pod %s: %s, exit code %d", s->pod->name, pod_phase_name(phase), s->exit_code);
	loop_stop(s->loop, s->exit_code);
}

/* The pod's state as pod_sm and pod_order read it: the containers' views
 * refreshed, the Initialized condition latched, the phase. */
static enum pod_phase
pod_evaluate(struct super *s, struct pod_sm_ctr *pc, struct pod_order_ctr *oc,
    struct pod_order_pod *pod)
{
	for (size_t i = 0; i < s->n; i++)
		view_update_ctr(&s->c[i]);
	pod_ctrs(s, pc);
	order_ctrs(s, oc);
	if (!s->initialized && pod_initialized(pc, s->n))
		s->initialized = true;
	pod->terminating = s->terminating;
	pod->phase = pod_phase_compute(pc, s->n, s->pod->restart_policy, s->initialized,
	    s->terminating && pod_order_all_finished(oc, s->n));
	pod->regular_all_done = pod_regular_all_done(pc, s->n);
	return pod->phase;
}

static void
pod_update(struct super *s)
{
	struct pod_sm_ctr pc[s->n > 0 ? s->n : 1];
	struct pod_order_ctr oc[s->n > 0 ? s->n : 1];
	struct pod_action acts[POD_ORDER_ACTIONS_MAX(s->n)];
	struct pod_order_pod pod;
	enum pod_phase phase;
	bool live = true;
	size_t k;

	/* Until pod_order asks for nothing more: a start or a stop may
	 * change a container's state at once, so the pod is described
	 * again after each batch.  This ends because each action is given at
	 * most once per container (see pod_order.h). */
	for (;;) {
		phase = pod_evaluate(s, pc, oc, &pod);
		k = pod_order_next(oc, s->n, &pod, acts);
		if (k == 0)
			break;
		for (size_t i = 0; i < k; i++)
			pod_execute(s, &acts[i]);
	}
	s->view.phase = phase;
	pod_view_conditions(&s->view, pc, s->n, phase, s->initialized, clock_real());
	for (size_t i = 0; i < s->n; i++)
		live &= !s->c[i].liveness_failed;
	s->view.live = live && phase != PHASE_FAILED;
	s->view.zombies_reaped = loop_orphans_reaped(s->loop);
	if (pod_order_done(oc, s->n, &pod) && cgroups_drained(s))
		pod_finish(s, phase, pc);
}

/* ---- signals ---- */

static void
on_signal(struct loop *l, const struct signalfd_siginfo *si, void *arg)
{
	struct super *s = arg;
	int sig = (int)si->ssi_signo;

	(void)l;
	if (sig == SIGTERM || sig == SIGINT) {
		if (!s->terminating || !s->stopped_by_signal) {
			log_info("%s: stopping the pod", strconv_signal_name(sig));
			s->stopped_by_signal = true;
			s->shutdown_signal = sig;
			pod_stop_regular(s);
		} else {
			/* Second signal: skip what is left of the grace. */
			log_info("%s again: killing everything now", strconv_signal_name(sig));
			for (size_t i = 0; i < s->n; i++) {
				s->c[i].stop_sent = true;
				ctr_feed(&s->c[i], EV_KILL, NULL);
			}
		}
		s->dirty = true;
		return;
	}
	sig = rewrite_signal(s, sig);
	if (sig <= 0)
		return;
	for (size_t i = 0; i < s->n; i++) {
		struct ctr_rt *c = &s->c[i];
		if (c->pid <= 0)
			continue;
		if (s->opt->group_signal && c->pgid > 0)
			(void)kill(-c->pgid, sig);
		else
			(void)kill(c->pid, sig);
	}
}

/* ---- the status API's view ---- */

static const struct pod_view *
api_view(void *arg)
{
	struct super *s = arg;
	int64_t now = clock_mono();

	/* Sample resource use at most once a second, not per request. */
	if (now - s->last_usage_sample >= NS_PER_SEC) {
		pid_t pgids[s->n ? s->n : 1];
		double pcpu[s->n ? s->n : 1];
		int64_t pmem[s->n ? s->n : 1];
		bool found[s->n ? s->n : 1];
		bool any = false;

		s->last_usage_sample = now;
		(void)usage_self(&s->view.rss_bytes, &s->view.open_fds);
		/* Containers without a cgroup: one /proc pass for all. */
		for (size_t i = 0; i < s->n; i++) {
			pgids[i] = s->c[i].cg == NULL ? s->c[i].pgid : 0;
			any |= pgids[i] > 0;
		}
		memset(pcpu, 0, sizeof pcpu);
		memset(pmem, 0, sizeof pmem);
		memset(found, 0, sizeof found);
		if (any)
			(void)usage_process_groups(pgids, s->n, pcpu, pmem, found);
		for (size_t i = 0; i < s->n; i++) {
			struct ctr_rt *c = &s->c[i];
			struct ctr_view *v = c->view;
			int r = -1;
			double cpu = 0;
			if (c->cg != NULL) {
				r = cgroup_usage(c->cg, &cpu, &v->memory_bytes);
			} else if (found[i]) {
				/* /proc sums lose what exited processes used:
				 * add the ended instances' share. */
				cpu = pcpu[i] + c->cpu_base;
				v->memory_bytes = pmem[i];
				r = 0;
			}
			if (r == 0) {
				v->has_usage = true;
				if (cpu > c->cpu_last)
					c->cpu_last = cpu;
				v->cpu_seconds = c->cpu_last;
			}
		}
	}
	s->view.zombies_reaped = loop_orphans_reaped(s->loop);
	return &s->view;
}

/* The one place the pod is re-evaluated: every callback that changes
 * something marks the supervisor dirty, and the loop calls this at the end
 * of every pass (after fds, exits and timers), so a pass that changed
 * several containers settles the pod once. */
static void
on_idle(struct loop *l, void *arg)
{
	struct super *s = arg;

	(void)l;
	if (s->dirty) {
		s->dirty = false;
		pod_update(s);
	}
}

/* ---- setup ---- */

/* The hierarchy may be shared (the root of /sys/fs/cgroup/unified on a
 * hybrid host, or one session's cgroup for every podinit started from
 * it), and cgroup_create() empties a group that exists already: so two
 * podinits running the same manifest must not use the same names, or the
 * second kills the first one's containers.  The pod name, then our pid
 * namespace's inode and our pid there: unique among live podinits. */
static void
cgroup_prefix(struct super *s, const struct pod_spec *pod)
{
	char link[64];
	unsigned long long ino = 0;
	ssize_t n = readlink("/proc/self/ns/pid", link, sizeof link - 1);

	if (n > 0) {
		link[n] = '\0';
		(void)sscanf(link, "pid:[%llu]", &ino);
	}
	snprintf(s->cg_prefix, sizeof s->cg_prefix, "%.80s.%llu.%d",
	    pod->name ? pod->name : "podinit", ino, (int)getpid());
}

struct super *
super_new(struct loop *l, const struct pod_spec *pod, const struct options *o,
    char *err, size_t errsz)
{
	struct super *s = calloc(1, sizeof *s);
	char why[256];
	bool use_cgroup = false;

	if (s == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	s->loop = l;
	timer_init(&s->drain_timer, drain_timer_fired, s);
	s->pod = pod;
	s->opt = o;
	s->tini_mode = o->manifest == NULL;
	s->mono_to_real = clock_real() - clock_mono();
	s->start_cwd = getcwd(NULL, 0);
	snprintf(s->pod_desc, sizeof s->pod_desc, "%s_%s()", pod->name ? pod->name : "podinit",
	    pod->namespace ? pod->namespace : "default");
	for (int code = 0; code < 256; code++)
		if (o->remap_exit[code])
			s->remap[s->n_remap++] = code;
	s->n = pod->n_containers;
	s->c = calloc(s->n ? s->n : 1, sizeof *s->c);
	s->view.ctrs = calloc(s->n ? s->n : 1, sizeof *s->view.ctrs);
	if (s->c == NULL || s->view.ctrs == NULL) {
		snprintf(err, errsz, "out of memory");
		super_free(s);
		return NULL;
	}
	s->view.spec = pod;
	s->view.n_ctrs = s->n;
	s->view.events = &s->events;
	s->view.start_time = clock_real();
	s->view.live = true;
	(void)events_init(&s->events, o->events_path);

	cgroup_prefix(s, pod);
	if (!o->no_cgroup) {
		bool want = !s->tini_mode;
		for (size_t i = 0; i < s->n; i++)
			want |= pod->containers[i].memory_limit_bytes > 0 ||
			    pod->containers[i].cpu_limit_milli > 0;
		/* tini mode stays as light as tini: no cgroup unless limits
		 * ask for one. */
		if (want) {
			use_cgroup = cgroup_setup(NULL, why, sizeof why);
			if (!use_cgroup)
				log_info("%s", why);
		}
	}

	for (size_t i = 0; i < s->n; i++) {
		struct ctr_rt *c = &s->c[i];
		const struct container_spec *spec = &pod->containers[i];
		struct ctr_cfg cfg;

		c->sup = s;
		c->idx = i;
		c->spec = spec;
		c->view = &s->view.ctrs[i];
		c->view->spec = spec;
		/* Timers, watchers and runs first: super_free() on an error
		 * below stops them, and a zeroed one looks active. */
		c->cg_events_fd = -1;
		watcher_init(&c->cg_watch, cg_events_ready, c);
		timer_init(&c->timer, ctr_timer_fired, c);
		for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
			probe_run_init(&c->prun[t]);
			timer_init(&c->ptimer[t], probe_timer_fired, c);
		}
		probe_run_init(&c->hook);
		if (spec->argv == NULL || spec->argv[0] == NULL) {
			snprintf(err, errsz, "container %s: no command (give one in the manifest or after --)",
			    spec->name);
			super_free(s);
			return NULL;
		}
		c->cwd = spec->working_dir ? spec->working_dir : s->start_cwd;
		c->sec = secctx_prepare(pod, spec, err, errsz);
		if (c->sec == NULL) {
			/* K8S: kubelet records CreateContainerConfigError
			 * with this message; here nothing starts (exit 125),
			 * but the event still reaches --events. */
			events_emit(&s->events, clock_real(), EVENT_WARNING, "Failed", spec->name,
			    "Error: %s", err);
			err[0] = '\0';	/* the Warning event printed it already */
			super_free(s);
			return NULL;
		}
		c->envp = build_envp(spec, (spec->security.has_run_as_user ||
		    pod->security.has_run_as_user) ? secctx_plan_home(c->sec) : NULL);
		if (c->envp == NULL) {
			snprintf(err, errsz, "out of memory");
			super_free(s);
			return NULL;
		}
		if (use_cgroup) {
			char cgerr[256];
			c->cg = cgroup_create(s->cg_prefix, spec->name,
			    spec->memory_limit_bytes, spec->cpu_limit_milli, cgerr, sizeof cgerr);
			if (c->cg == NULL)
				log_warnx("%s: %s", spec->name, cgerr);
		}
		if (c->cg == NULL && (spec->memory_limit_bytes > 0 || spec->cpu_limit_milli > 0))
			log_warnx("%s: resources.limits not applied: no writable cgroup v2", spec->name);
		c->exec_ctx.envp = c->envp;
		c->exec_ctx.cwd = c->cwd;
		c->exec_ctx.sec = c->sec;
		c->exec_ctx.cgroup_procs_fd = c->cg ? cgroup_procs_fd(c->cg) : -1;
		c->exec_ctx.sigmask = loop_original_mask(l);

		ctr_cfg_defaults(&cfg);
		cfg.spec = spec;
		cfg.pod_desc = s->pod_desc;
		cfg.policy = pod->restart_policy;
		cfg.grace_ns = spec_pod_grace_ns(pod);
		cfg.backoff_initial = o->backoff_initial_ns;
		cfg.backoff_max = o->backoff_max_ns;
		cfg.backoff_reset = o->backoff_reset_ns;
		ctr_sm_init(&c->sm, &cfg);
		for (int t = 0; t < PROBE_TYPE_COUNT; t++)
			probe_sm_init(&c->psm[t], &spec->probes[t], (enum probe_type)t);
	}
	loop_on_signal(l, on_signal, s);
	loop_on_idle(l, on_idle, s);
	if (!o->no_socket || o->status_addr != NULL) {
		const char *path = o->no_socket ? NULL
		    : o->socket_path ? o->socket_path : API_DEFAULT_SOCKET;
		s->api = api_start(l, path, o->status_addr, api_view, s);
	}
	return s;
}

int
super_start(struct super *s)
{
	/* The first evaluation starts the first containers: before the loop
	 * runs, as nothing would wake it to reach on_idle. */
	pod_update(s);
	/* Do not pin the directory podinit was started in (dumb-init's
	 * cwd test): children got their own cwd already. */
	if (chdir("/") == -1)
		log_warn("chdir /");
	return 0;
}

int
super_exit_code(const struct super *s)
{
	return s->exit_code;
}

void
super_free(struct super *s)
{
	if (s == NULL)
		return;
	if (s->api != NULL)
		api_stop(s->api);
	for (size_t i = 0; s->c != NULL && i < s->n; i++) {
		struct ctr_rt *c = &s->c[i];
		if (c->sup == NULL)
			continue;
		for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
			probe_run_cancel(&c->prun[t]);
			probe_run_free(&c->prun[t]);
			timer_stop(s->loop, &c->ptimer[t]);
		}
		probe_run_cancel(&c->hook);
		probe_run_free(&c->hook);
		timer_stop(s->loop, &c->timer);
		loop_unwatch(s->loop, &c->cg_watch);
		fdx_close(&c->cg_events_fd);
		if (c->cg != NULL)
			cgroup_destroy(c->cg);
		if (c->sec != NULL)
			secctx_free(c->sec);
		free_envp(c->envp);
	}
	timer_stop(s->loop, &s->drain_timer);
	events_close(&s->events);
	free(s->c);
	free(s->view.ctrs);
	free(s->start_cwd);
	free(s);
}
