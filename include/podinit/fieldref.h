/* fieldref: the values of the Downward API, as kubelet computes them for
 * env[].valueFrom (fieldRef, resourceFieldRef) and for downwardAPI and
 * projected volume items: one implementation for both.  Pure: the pod,
 * a container and the pod's facts in, a string out. */
#ifndef PODINIT_FIELDREF_H
#define PODINIT_FIELDREF_H
#include <stdbool.h>
#include <stddef.h>

#include "podinit/spec.h"

/* The value of fieldPath (metadata.name, metadata.namespace, metadata.uid,
 * metadata.labels['k'], metadata.annotations['k'], spec.nodeName,
 * spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP,
 * status.podIPs; with `volume`, also metadata.labels and
 * metadata.annotations whole, as kubelet's volume plugin formats them:
 * sorted `key="value"` lines).  The result is allocated from a.  NULL with
 * err filled (kubelet's words) for a path the context does not support,
 * or when out of memory. */
char	*fieldref_value(struct arena *a, const struct pod_spec *pod, const struct pod_facts *f,
	    const char *field_path, bool volume, char *err, size_t errsz);

/* The value of resource (limits.cpu, limits.memory, limits.ephemeral-storage,
 * requests.cpu, requests.memory, requests.ephemeral-storage) of container
 * ct divided by divisor (NULL = "1"), rounded up as kubelet does; an unset
 * limit is the node's capacity from f.  Allocated from a; NULL with err. */
char	*fieldref_resource_value(struct arena *a, const struct container_spec *ct,
	    const struct pod_facts *f, const char *resource, const char *divisor, char *err,
	    size_t errsz);

#endif /* PODINIT_FIELDREF_H */
