/* k8s_pod: the pod as the Kubernetes API serves it (SPEC §8): a full
 * v1.Pod (metadata, the decoded spec with the API server's defaults, the
 * status of render.c plus addresses and qosClass), a v1.PodList, and the
 * fields a fieldSelector on pods reads.  Pure: times are arguments; a
 * Secret's value never appears (env from one is its valueFrom). */
#ifndef PODINIT_K8S_POD_H
#define PODINIT_K8S_POD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/buf.h"
#include "podinit/view.h"

/* What kubelet knows beyond the view (struct pod_facts' part the API
 * shows); every field may be NULL/0. */
struct k8s_node {
	const char *node_name;
	const char *const *host_ips;
	size_t	 n_host_ips;
	const char *const *pod_ips;
	size_t	 n_pod_ips;
};

struct json;
/* An object's opening: {"kind": kind, "apiVersion": api_version, ... */
void	k8s_type_begin(struct json *j, const char *kind, const char *api_version);
const char *k8s_pod_name(const struct pod_view *v);
const char *k8s_pod_namespace(const struct pod_view *v);
/* kubelet's qos.GetPodQOS: "Guaranteed", "Burstable" or "BestEffort". */
const char *k8s_qos_class(const struct pod_spec *p);
/* The pod's ObjectMeta (name, namespace, uid, resourceVersion rv,
 * creationTimestamp, labels, annotations, ownerReferences to its Job) as
 * the value of "metadata" (the key written by the caller). */
void	k8s_pod_metadata(struct json *j, const struct pod_view *v, uint64_t rv);
/* One v1.Pod, as a value. */
void	k8s_pod_json(struct json *j, const struct pod_view *v, const struct k8s_node *n,
	    uint64_t rv);
/* kubectl's printPod: the READY, STATUS and RESTARTS cells (k8s_table). */
struct k8s_pod_row {
	int	 ready, total;
	char	 status[VIEW_REASON_MAX + 32];	/* Running, Init:0/1, CrashLoopBackOff, ... */
	int	 restarts;
	int64_t	 last_restart;			/* realtime ns, 0 = none */
};

/* A pod that is gone (a Job's pod its next one replaced), as a watch's
 * DELETED frame shows it: its identity and its last row. */
struct k8s_pod_gone {
	char	 name[256], namespace_name[256], uid[64];
	int64_t	 created;			/* realtime ns */
	struct k8s_pod_row row;
};
void	k8s_pod_gone_json(struct json *j, const struct k8s_pod_gone *g, uint64_t rv);
/* The whole answer of GET .../pods/NAME. */
void	k8s_pod_render(struct buf *b, const struct pod_view *v, const struct k8s_node *n,
	    uint64_t rv);
/* A v1.PodList at resourceVersion rv with the pod in it or not. */
void	k8s_pod_list_render(struct buf *b, const struct pod_view *v, const struct k8s_node *n,
	    uint64_t rv, bool with_pod);
/* The pod's field for a fieldSelector (metadata.name, metadata.namespace,
 * status.phase, spec.nodeName, spec.restartPolicy, ...) or a label
 * ("labels:KEY" is not a field: k8s_pod_label reads labels). */
struct k8s_pod_ref {
	const struct pod_view *v;
	const struct k8s_node *n;
};
const char *k8s_pod_field(const void *ref, const char *key);
const char *k8s_pod_label(const void *ref, const char *key);

#endif /* PODINIT_K8S_POD_H */
