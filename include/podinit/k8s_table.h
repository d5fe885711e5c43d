/* k8s_table: meta.k8s.io/v1 Tables as the API server's printers make them
 * for `kubectl get` (Accept: application/json;as=Table;v=v1;g=meta.k8s.io):
 * pods (NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE
 * READINESS GATES) and events (LAST SEEN TYPE REASON OBJECT MESSAGE, wide
 * SUBOBJECT SOURCE FIRST SEEN COUNT NAME).  The server always fills every
 * column; kubectl hides those of priority 1 unless -o wide.  Pure: the
 * ages are against the caller's real_now. */
#ifndef PODINIT_K8S_TABLE_H
#define PODINIT_K8S_TABLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/k8s_event.h"
#include "podinit/k8s_pod.h"

void	k8s_pod_row(const struct pod_view *v, struct k8s_pod_row *r);

struct json;
/* A Table with the pod as its one row (or none); full: the row's object is
 * the whole v1.Pod (includeObject=Object), else its PartialObjectMetadata. */
void	k8s_pod_table_json(struct json *j, const struct pod_view *v, const struct k8s_node *n,
	    uint64_t rv, bool with_pod, bool full, int64_t real_now);
void	k8s_pod_table_render(struct buf *b, const struct pod_view *v, const struct k8s_node *n,
	    uint64_t rv, bool with_pod, bool full, int64_t real_now);
/* Remember v as g (its identity and printPod's row). */
void	k8s_pod_gone_fill(struct k8s_pod_gone *g, const struct pod_view *v);
/* A gone pod's Table (its last row) for a watch's DELETED frame. */
void	k8s_pod_gone_table_json(struct json *j, const struct k8s_pod_gone *g,
	    const struct k8s_node *n, uint64_t rv, int64_t real_now);
/* A Table of events refs[0..m) at list version rv. */
void	k8s_event_table_json(struct json *j, const struct k8s_event_ref *refs, size_t m,
	    uint64_t rv, int64_t real_now);

#endif /* PODINIT_K8S_TABLE_H */
