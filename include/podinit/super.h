/* super: the supervisor.  Owns every container's runtime (ctr_sm, probes,
 * hooks, timers, process group, cgroup), feeds loop, reaper, probe and hook
 * callbacks into the pure core (ctr_sm, probe_sm, pod_sm, pod_order,
 * ctr_view), executes the actions it returns, forwards signals, publishes
 * the pod_view that the status API reads, and says when the pod is done
 * (its owner, workload.c, runs the next pod of a Job or stops the loop).
 * src/app/super*.c. */
#ifndef PODINIT_SUPER_H
#define PODINIT_SUPER_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/signalfd.h>

#include "podinit/cli.h"
#include "podinit/loop.h"
#include "podinit/spec.h"
#include "podinit/view.h"

struct super;

/* Record the fds podinit inherited (>= 3) and mark them close-on-exec, so
 * they go to the first container only (LISTEN_FDS sockets: to every
 * instance).  Call early in main, before podinit opens anything. */
void	super_inherit_fds(void);

/* Setup: may fail (message in err; exit 125). */
struct super *super_new(struct loop *l, const struct pod_spec *pod, const struct options *o,
	    char *err, size_t errsz);
/* Start the pod.  -1 when nothing could start (see super_exit_code). */
int	super_start(struct super *s);
int	super_exit_code(const struct super *s);
void	super_free(struct super *s);

/* What the owner hears: `changed` after each settled update of the pod
 * (its containers' restarts, its readiness), `finished` once, when the pod
 * is done, with its exit code.  Without hooks, finished stops the loop
 * with the code.  Both are called from the loop's idle pass: the owner
 * must not free the super from inside them. */
struct super_hooks {
	void	(*changed)(void *arg);
	void	(*output)(void *arg);	/* SPEC §8: a container's log grew */
	void	(*finished)(void *arg, int code);
	void	*arg;
};
void	super_set_hooks(struct super *s, const struct super_hooks *h);
/* The pod is deleted by its owner (a Job that failed): every container
 * stops with preStop and grace; its exit code is then never 0. */
void	super_stop(struct super *s);
bool	super_done(const struct super *s);
/* A signal from the loop: SIGTERM/SIGINT stop the pod, others go on to
 * the containers. */
void	super_signal(struct super *s, const struct signalfd_siginfo *si);
/* The view the status API shows, its resource usage sampled (at most once
 * a second). */
struct pod_view *super_view(struct super *s);
/* The view as the last update left it (no sampling: for the owner's
 * decisions). */
const struct pod_view *super_pod_view(const struct super *s);

#endif /* PODINIT_SUPER_H */
