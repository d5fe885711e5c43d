/* validate: whole-pod rules on the decoded model.  K8S: validateContainers
 * and validateInitContainers check names across both lists ("Duplicate
 * value"); validateProbe wants successThreshold 1 for liveness and
 * startup.  kubelet, not the API server, refuses runAsNonRoot with uid 0
 * (verifyRunAsNonRoot): a warning, and the container does not start. */
#include "podinit/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
validate_container_path(const struct pod_spec *p, const char *pod_path, size_t i, char *out,
    size_t outsz)
{
	if (i < p->n_init)
		snprintf(out, outsz, "%s.initContainers[%zu]", pod_path, i);
	else
		snprintf(out, outsz, "%s.containers[%zu]", pod_path, i - p->n_init);
}

/* Simple open-addressing set over names: a 1,000-container pod must not
 * cost a million string compares. */
static size_t
hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void
unique_names(const struct pod_spec *p, const char *pod_path, struct diag_list *d)
{
	size_t cap = 16;
	char path[512];

	while (cap < p->n_containers * 2)
		cap *= 2;
	size_t *slots = calloc(cap, sizeof *slots);	/* index + 1; 0 = empty */

	if (slots == NULL)
		return;
	for (size_t i = 0; i < p->n_containers; i++) {
		const struct container_spec *c = &p->containers[i];
		size_t h;

		if (c->name == NULL)
			continue;
		for (h = hash(c->name) & (cap - 1); slots[h]; h = (h + 1) & (cap - 1)) {
			const struct container_spec *o = &p->containers[slots[h] - 1];
			if (strcmp(o->name, c->name) == 0)
				break;
		}
		if (slots[h] == 0) {
			slots[h] = i + 1;
			continue;
		}
		char first[256];
		validate_container_path(p, pod_path, slots[h] - 1, first, sizeof first);
		validate_container_path(p, pod_path, i, path, sizeof path);
		strncat(path, ".name", sizeof path - strlen(path) - 1);
		diag_add(d, DIAG_ERROR, c->mark.line, c->mark.col, path,
		    "duplicate container name \"%s\" (also %s)", c->name, first);
	}
	free(slots);
}

static void
non_root(const struct pod_spec *p, const char *pod_path, struct diag_list *d)
{
	char path[512];

	for (size_t i = 0; i < p->n_containers; i++) {
		const struct container_spec *c = &p->containers[i];
		const struct secctx_spec *cs = c->has_security ? &c->security : NULL;
		int nonroot = cs && cs->run_as_non_root != -1 ? cs->run_as_non_root
		    : p->security.run_as_non_root;
		bool has_uid = (cs && cs->has_run_as_user) || p->security.has_run_as_user;
		int64_t uid = cs && cs->has_run_as_user ? cs->run_as_user : p->security.run_as_user;
		const struct spec_mark *m = cs && cs->has_run_as_user ? &cs->mark
		    : &p->security.mark;

		if (nonroot == 1 && has_uid && uid == 0) {
			validate_container_path(p, pod_path, i, path, sizeof path);
			diag_add(d, DIAG_WARNING, m->line, m->col, path,
			    "runAsNonRoot is true but runAsUser is 0: kubelet will not start the "
			    "container (CreateContainerConfigError: container's runAsUser breaks "
			    "non-root policy)");
		}
	}
}

/* Only readiness may need several successes in a row. */
static void
success_threshold_one(const struct pod_spec *p, const char *pod_path, struct diag_list *d)
{
	static const struct {
		enum probe_type type;
		const char *field, *what;
	} probes[] = {
		{ PROBE_LIVENESS, "livenessProbe", "liveness" },
		{ PROBE_STARTUP, "startupProbe", "startup" },
	};
	char path[512];

	for (size_t i = 0; i < p->n_containers; i++) {
		for (size_t k = 0; k < sizeof probes / sizeof probes[0]; k++) {
			const struct probe_spec *pr = &p->containers[i].probes[probes[k].type];
			size_t len;

			if (!pr->present || pr->success_threshold == 1)
				continue;
			validate_container_path(p, pod_path, i, path, sizeof path);
			len = strlen(path);
			snprintf(path + len, sizeof path - len, ".%s.successThreshold",
			    probes[k].field);
			diag_add(d, DIAG_ERROR, pr->success_threshold_mark.line,
			    pr->success_threshold_mark.col, path, "must be 1 for %s probes",
			    probes[k].what);
		}
	}
}

void
validate_pod(const struct pod_spec *p, const char *pod_path, struct diag_list *d)
{
	unique_names(p, pod_path, d);
	non_root(p, pod_path, d);
	success_threshold_one(p, pod_path, d);
}
