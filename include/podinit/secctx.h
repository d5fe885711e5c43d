/* secctx: a container's securityContext turned into a fork-ready plan.
 * Prepared in the parent (users resolved, capability sets computed, seccomp
 * BPF compiled and exported); applied in the child between fork and exec
 * with syscalls only.  podinit itself is never filtered. */
#ifndef PODINIT_SECCTX_H
#define PODINIT_SECCTX_H
#include <stdbool.h>
#include <stddef.h>
#include "podinit/spawn_stage.h"
#include "podinit/spec.h"

struct sec_plan;

/* Merge pod- and container-level contexts as Kubernetes does and prepare
 * the plan.  Returns NULL with a message in err when it cannot be met
 * (unknown capability, bad profile, runAsNonRoot violated, ...).  A context
 * that asks for nothing yields a plan that does nothing (never NULL). */
struct sec_plan *secctx_prepare(const struct pod_spec *pod, const struct container_spec *c,
	    char *err, size_t errsz);
void	secctx_free(struct sec_plan *p);
/* For `podinit check`: every problem secctx_prepare would hit (users,
 * seccomp profiles, ...), one "container <name>: ..." line each in err,
 * except what decode and validate warn of at its field (an unknown
 * capability name, runAsNonRoot): those are skipped, and the rest of the
 * context is still examined.  Returns the number of problems. */
int	secctx_check_spec(const struct pod_spec *pod, char *err, size_t errsz);
/* Where a Localhost seccomp profile is read.  K8S: kubelet reads it on
 * the node, relative to its seccomp root: a relative profile is looked up
 * under pod->seccomp_root (--seccomp-root) first, then taken from the
 * manifest's directory (as decoded).  Returns buf or the spec's path. */
const char *secctx_localhost_path(const struct pod_spec *pod, const struct secctx_spec *s,
	    char *buf, size_t bufsz);
/* The home directory of the plan's user, or NULL (for HOME). */
const char *secctx_plan_home(const struct sec_plan *p);

/* Child side: apply in DESIGN.md §1.5 order (groups, gid, uid, caps,
 * no_new_privs, seccomp).  Async-signal-safe.  On failure returns -1 with
 * errno set and *stage naming the step. */
int	secctx_apply_child(const struct sec_plan *p, enum spawn_stage *stage);

#endif /* PODINIT_SECCTX_H */
