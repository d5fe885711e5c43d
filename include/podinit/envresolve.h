/* envresolve: a container's environment exactly as kubelet's
 * makeEnvironmentVariables builds it, from the env and envFrom entries as
 * written, the pod's config objects and the pod's facts: envFrom in order
 * (keys that are not valid variable names skipped, with kubelet's
 * InvalidEnvironmentVariableNames text kept as a notice), then env in order
 * (a value $(VAR)-expanded against everything before it, valueFrom
 * resolved), a later variable replacing an earlier one of the same name in
 * place.  Pure: no I/O; strings from the caller's arena. */
#ifndef PODINIT_ENVRESOLVE_H
#define PODINIT_ENVRESOLVE_H
#include <stdbool.h>
#include <stddef.h>

#include "podinit/spec.h"

/* What resolution refused: the entry (an envFrom's when from, else an
 * env's, by index) and whether the message is about its key (a missing
 * key, or a resourceFieldRef's divisor) rather than the object it names.
 * msg is kubelet's words
 * (`configmap "web-config" not found`, `couldn't find key APP_MODE in
 * ConfigMap default/web-config`) or fieldref's. */
typedef void envresolve_error_fn(void *ctx, bool from, size_t index, bool about_key,
	    const char *msg);

/* Resolve into ct->env / ct->n_env and ct->env_notices from decls (the
 * env entries as written: name, source, value unexpanded, ref, key,
 * divisor, optional, mark; `value` is ignored unless source is
 * ENV_SOURCE_VALUE) and ct->env_from.  The resourceFieldRef of another
 * container (key = containerName) reads pod->containers[0..n_ctrs).
 * Every refusal goes to err; returns the number of refusals, -1 when out
 * of memory. */
int	envresolve(struct arena *a, const struct pod_spec *pod, size_t n_ctrs,
	    const struct pod_facts *f, struct container_spec *ct, const struct env_var *decls,
	    size_t n_decls, envresolve_error_fn *err, void *ctx);

/* The facts `podinit check` resolves against (and a load given none): a
 * fixed uid, time, node name and addresses, and the capacity of a small
 * node, so a check's output does not depend on the machine. */
const struct pod_facts *envresolve_placeholder_facts(void);

#endif /* PODINIT_ENVRESOLVE_H */
