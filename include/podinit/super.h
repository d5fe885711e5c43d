/* super: the supervisor.  Owns every container's runtime (ctr_sm, probes,
 * hooks, timers, process group, cgroup), feeds loop, reaper, probe and hook
 * callbacks into the pure core (ctr_sm, probe_sm, pod_sm, pod_order,
 * ctr_view), executes the actions it returns, forwards signals, publishes
 * the pod_view that the status API reads, and stops the loop with the
 * pod's exit code when the pod is done.  src/app/super*.c. */
#ifndef PODINIT_SUPER_H
#define PODINIT_SUPER_H
#include <stddef.h>

#include "podinit/cli.h"
#include "podinit/loop.h"
#include "podinit/spec.h"

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

#endif /* PODINIT_SUPER_H */
