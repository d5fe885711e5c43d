/* isolation_plan: which namespaces the pod's containers get (see
 * isolation_plan.h).  The table, in order:
 *   no manifest (tini mode)                 -> none, silently
 *   --isolation none, pod without volumes   -> none
 *   --isolation none, pod with volumes      -> refused (nowhere to mount them)
 *   CAP_SYS_ADMIN and the namespaces work   -> namespaces
 *   else a user namespace works             -> namespaces in a user namespace
 *   else pod with volumes                   -> refused, naming the volume
 *   else                                    -> none, with one notice
 * shareProcessNamespace drops the new PID namespace in every isolated
 * mode (the containers share podinit's, as they share the pause
 * container's under kubelet). */
#include "podinit/isolation_plan.h"

#include <stdio.h>
#include <string.h>

void
isolation_hostname(const struct pod_spec *pod, char *out, size_t outsz)
{
	const char *h = pod->hostname != NULL && pod->hostname[0] != '\0' ? pod->hostname
	    : pod->name != NULL && pod->name[0] != '\0' ? pod->name : "podinit";
	size_t n = strlen(h);

	/* K8S: truncatePodHostnameIfNeeded: the first 63, then no trailing
	   '-' or '.' */
	if (n > ISOLATION_HOSTNAME_MAX) {
		n = ISOLATION_HOSTNAME_MAX;
		while (n > 0 && (h[n - 1] == '-' || h[n - 1] == '.'))
			n--;
	}
	if (outsz == 0)
		return;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, h, n);
	out[n] = '\0';
}

/* The volume a refusal names: the first one a container mounts (with the
 * container and where), else the first declared. */
static void
describe_volume(const struct pod_spec *pod, char *out, size_t outsz)
{
	for (size_t i = 0; i < pod->n_containers; i++) {
		const struct container_spec *c = &pod->containers[i];
		if (c->n_mounts == 0)
			continue;
		snprintf(out, outsz, "volume \"%s\" (container %s mounts it at %s)",
		    c->mounts[0].name ? c->mounts[0].name : "?", c->name ? c->name : "?",
		    c->mounts[0].mount_path ? c->mounts[0].mount_path : "?");
		return;
	}
	snprintf(out, outsz, "volume \"%s\"",
	    pod->n_volumes > 0 && pod->volumes[0].name ? pod->volumes[0].name : "?");
}

static bool
needs_volumes(const struct pod_spec *pod)
{
	if (pod->n_volumes > 0)
		return true;
	for (size_t i = 0; i < pod->n_containers; i++)
		if (pod->containers[i].n_mounts > 0)
			return true;
	return false;
}

int
isolation_decide(const struct pod_spec *pod, const struct isolation_facts *f,
    struct isolation_plan *plan)
{
	char vol[256], lack[320];

	memset(plan, 0, sizeof *plan);
	plan->kind = ISOLATION_KIND_NONE;
	if (f->tini_mode)
		return 0;
	if (f->requested == ISOLATION_NONE) {
		if (!needs_volumes(pod))
			return 0;
		describe_volume(pod, vol, sizeof vol);
		snprintf(plan->message, sizeof plan->message,
		    "%s: --isolation none gives the containers no mount namespace to mount it in",
		    vol);
		plan->refused = true;
		return -1;
	}
	if (f->cap_sys_admin && f->namespaces_ok)
		plan->kind = ISOLATION_KIND_NAMESPACES;
	else if (f->userns_ok)
		plan->kind = ISOLATION_KIND_USERNS;
	if (plan->kind != ISOLATION_KIND_NONE) {
		plan->new_mount = plan->new_uts = true;
		plan->new_pid = !pod->share_process_namespace;
		plan->new_user = plan->kind == ISOLATION_KIND_USERNS;
		isolation_hostname(pod, plan->hostname, sizeof plan->hostname);
		if (plan->new_user)
			snprintf(plan->message, sizeof plan->message,
			    "isolation: %s: the containers' namespaces are made in a user namespace "
			    "(podinit's uid and gid are root in it)",
			    f->cap_sys_admin ? "the kernel refused new namespaces"
			    : "podinit lacks CAP_SYS_ADMIN");
		return 0;
	}
	if (f->cap_sys_admin)
		snprintf(lack, sizeof lack, "the kernel refused new namespaces (%.200s)", f->why);
	else
		snprintf(lack, sizeof lack,
		    "podinit lacks CAP_SYS_ADMIN and the kernel refused the namespaces in a user namespace (%.200s)",
		    f->why);
	if (needs_volumes(pod)) {
		describe_volume(pod, vol, sizeof vol);
		snprintf(plan->message, sizeof plan->message,
		    "%.200s: cannot be mounted: %.250s; run podinit with CAP_SYS_ADMIN "
		    "(e.g. --cap-add SYS_ADMIN)", vol, lack);
		plan->refused = true;
		return -1;
	}
	snprintf(plan->message, sizeof plan->message,
	    "isolation: %.320s: every container runs in podinit's namespaces, as with --isolation none",
	    lack);
	return 0;
}
