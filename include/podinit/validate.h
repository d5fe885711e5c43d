/* validate: rules on the decoded pod (unique container names, runAsNonRoot
 * against an explicit root uid, successThreshold 1 for liveness and
 * startup probes).  Per-field rules are checked by decode, where the YAML
 * positions are; the model keeps the marks these rules report at. */
#ifndef PODINIT_VALIDATE_H
#define PODINIT_VALIDATE_H
#include "podinit/diag.h"
#include "podinit/spec.h"

/* pod_path is the field path of the pod spec ("spec", "spec.template.spec"). */
void	validate_pod(const struct pod_spec *p, const char *pod_path, struct diag_list *d);
/* Field path of container i ("spec.initContainers[0]", "spec.containers[1]"). */
void	validate_container_path(const struct pod_spec *p, const char *pod_path, size_t i,
	    char *out, size_t outsz);

#endif /* PODINIT_VALIDATE_H */
