/* isolation_plan: SPEC §7's decision of which namespaces the pod's
 * containers get, made once at setup from what podinit may do (its
 * capabilities), what the kernel answered (isolation.c tried it), what was
 * asked (--isolation) and what the pod needs (volumes, a shared PID
 * namespace).  Pure: the answer is a mode, or the refusal's message (the
 * run then exits 125), plus the one notice to log. */
#ifndef PODINIT_ISOLATION_PLAN_H
#define PODINIT_ISOLATION_PLAN_H
#include <stdbool.h>
#include <stddef.h>

#include "podinit/cli.h"
#include "podinit/spec.h"

/* Kubelet's limit on a pod's host name (truncatePodHostnameIfNeeded). */
#define ISOLATION_HOSTNAME_MAX	63

/* What the shell found out (isolation_probe). */
struct isolation_facts {
	bool	 tini_mode;		/* no manifest: never isolated */
	enum isolation_mode requested;	/* --isolation */
	bool	 cap_sys_admin;		/* in podinit's effective set */
	bool	 namespaces_ok;		/* new mount, UTS and PID namespaces worked */
	bool	 userns_ok;		/* the same inside a new user namespace */
	char	 why[256];		/* the kernel's refusal, when !namespaces_ok
					   and !userns_ok: "clone ...: Operation not permitted" */
};

enum isolation_kind {
	ISOLATION_KIND_NONE = 0,	/* podinit's namespaces (tini mode, --isolation none,
					   or the fallback with its notice) */
	ISOLATION_KIND_NAMESPACES,	/* new mount, UTS and (unless shared) PID namespaces */
	ISOLATION_KIND_USERNS,		/* the same inside a user namespace of their own */
};

struct isolation_plan {
	enum isolation_kind kind;
	bool	 new_mount, new_uts, new_pid, new_user;
	char	 hostname[ISOLATION_HOSTNAME_MAX + 1];	/* with new_uts */
	bool	 refused;		/* the pod does not start: exit 125 */
	char	 message[640];		/* the refusal, or the one notice ("" = none) */
};

/* Decide.  Returns 0, or -1 when the pod is refused (plan->refused, the
 * message names the volume and what is missing). */
int	isolation_decide(const struct pod_spec *pod, const struct isolation_facts *f,
	    struct isolation_plan *plan);
/* The pod's host name as kubelet gives it: spec.hostname, else the pod's
 * name; cut to 63 characters and stripped of trailing '-' and '.'. */
void	isolation_hostname(const struct pod_spec *pod, char *out, size_t outsz);

#endif /* PODINIT_ISOLATION_PLAN_H */
