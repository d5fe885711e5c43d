/* super_internal: what the supervisor's files share, private to
 * src/app/super*.c:
 *   super.c        setup, spawn and exit, the per-container event queue
 *                  and action executor, the pod's update, signals, drain;
 *   super_probe.c  probe scheduling, exec probe pacing, hooks;
 *   super_usage.c  resource sampling for the status API. */
#ifndef PODINIT_SUPER_INTERNAL_H
#define PODINIT_SUPER_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/cli.h"
#include "podinit/ctr_sm.h"
#include "podinit/events.h"
#include "podinit/inherit.h"
#include "podinit/isolation.h"
#include "podinit/loop.h"
#include "podinit/probe.h"
#include "podinit/probe_sm.h"
#include "podinit/proctree.h"
#include "podinit/spawn.h"
#include "podinit/spec.h"
#include "podinit/super.h"
#include "podinit/view.h"

struct cgroup;
struct logpipe;
struct logsink;
struct sec_plan;
struct volume_set;

/* Events for one container waiting their turn (see ctr_feed): a step's
 * actions queue few (a spawn's result, a hook that fails at once); a
 * full queue is a bug, and queue_push logs each event it drops. */
#define QUEUE_MAX	8

struct queued_event {
	enum ctr_event ev;
	struct ctr_input in;
	char	 message[256];
};

/* One probe of a container (super_probe.c): its state machine, the
 * attempt in flight and the timer that waits for the next one.  The loop's
 * callbacks get the struct itself. */
struct ctr_probe {
	struct probe_sm sm;
	struct probe_run run;
	struct timer timer;
	enum probe_type type;
	struct ctr_rt *ctr;
};

/* One container at run time. */
struct ctr_rt {
	struct super *sup;
	size_t	 idx;
	const struct container_spec *spec;
	struct ctr_view *view;
	struct ctr_sm sm;
	struct timer timer;		/* ctr_sm's one timer */
	struct proctree procs;		/* main process, group, escapees */
	char	**envp;
	const char *cwd;
	struct sec_plan *sec;		/* NULL: it could not be prepared, and
					   every start fails with start_error */
	char	 start_error[512];
	struct cgroup *cg;
	struct probe_exec_ctx exec_ctx;
	/* SPEC §7: the bind mounts of the container's volumes, filled by
	   the volume setup before the first spawn (mount points exist) */
	const struct spawn_mount *mounts;
	size_t	 n_mounts;
	struct spawn_join ns;		/* its namespaces while it runs (exec
					   probes and hooks join them), else -1 */
	struct ctr_probe probes[PROBE_TYPE_COUNT];	/* indexed by enum probe_type */
	struct probe_run hook;
	/* SPEC §8: its output through podinit (NULL: inherited, as with
	   tty: true and the no-manifest mode), and the message of the
	   instance that ended, handed to ctr_sm with EV_EXITED */
	struct logpipe *log;
	char	 term_message[CTR_TERM_MESSAGE_MAX];
	struct watcher cg_watch;	/* cgroup.events, while the pod drains */
	int	 cg_events_fd;
	double	 cpu_base;		/* CPU of ended instances (no cgroup) */
	double	 cpu_last;		/* last value shown: the counter never goes down */
	bool	 started;		/* status.started */
	bool	 liveness_failed;	/* /livez 503 until it runs again */
	bool	 stop_sent;
	struct queued_event queue[QUEUE_MAX];
	size_t	 qhead, qlen;
	bool	 feeding;
};

/* Exec probe pacing (super_probe.c): the exec probe started last. */
struct exec_pacer {
	const struct ctr_probe *last;	/* NULL once it finished */
	int64_t	 last_start;
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
	struct super_hooks hooks;	/* the owner's (workload.c) */
	bool	 stop_requested;	/* super_stop: deleted by its owner */
	bool	 stop_done;
	char	 pod_desc[256];
	char	 cg_prefix[128];	/* cgroup names: "<prefix>-<container>" */
	int64_t	 mono_to_real;
	bool	 initialized;
	bool	 terminating;
	bool	 restarting_all;	/* SPEC §9: between PA_RESTART_BEGIN and PA_RESTART_END */
	bool	 stopped_by_signal;
	int	 shutdown_signal;	/* the signal that started the shutdown */
	bool	 done;
	int	 exit_code;
	bool	 dirty;			/* something changed: on_idle updates the pod */
	struct exec_pacer exec;
	struct timer drain_timer;	/* bounds the wait for empty cgroups and
					   the containers' output pipes */
	struct logsink *sinks[2];	/* SPEC §8: podinit's fd 1 and 2, for the
					   containers' output; NULL: none captured */
	bool	 log_grew;		/* hooks.output at the end of the pass */
	int64_t	 start_mono;		/* status.startTime, monotonic ns */
	struct timer deadline_timer;	/* activeDeadlineSeconds from start_mono */
	bool	 deadline_exceeded;	/* latched: Failed, DeadlineExceeded */
	bool	 drain_started, drain_expired;
	int64_t	 last_usage_sample;
	/* SPEC §7: the containers' namespaces, decided once in super_new */
	struct isolation_plan iso;
	struct isolation_userns userns;
	int	 ns_flags;		/* CLONE_NEW* for every container */
	char	*start_cwd;
	struct volume_set *volumes;	/* SPEC §7: made in super_new, removed in super_free */
};

static inline int64_t
now_of(const struct super *s)
{
	return loop_now(s->loop);
}

static inline const char *
ctr_name(const struct ctr_rt *c)
{
	return c->spec->name;
}

/* super.c */
/* A Kubernetes event (to --events and the status API), and dirty. */
void	super_emit(struct super *s, const struct ctr_rt *c, const char *type,
	    const char *reason, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Feed an event to the container's ctr_sm and execute its actions (queued
 * behind the one being handled, if any). */
void	ctr_feed(struct ctr_rt *c, enum ctr_event ev, const struct ctr_input *in);

/* super_probe.c */
void	super_probes_init(struct ctr_rt *c);	/* at setup: runs, timers, probe_sm */
void	super_probes_free(struct ctr_rt *c);
void	super_probes_start(struct ctr_rt *c, int64_t started_at);	/* CA_START_PROBES */
void	super_probes_stop(struct ctr_rt *c, bool all);			/* CA_STOP_PROBES */
void	super_hook_run(struct ctr_rt *c, const struct handler_spec *h);
void	super_hook_cancel(struct ctr_rt *c);

/* super_usage.c */
/* Sample the containers' and podinit's resource use into the view, at
 * most once a second (the status API asks per request). */
void	super_usage_sample(struct super *s);

#endif /* PODINIT_SUPER_INTERNAL_H */
