/* k8s_discovery: the documents a Kubernetes client reads before it asks
 * for anything (SPEC §8): /version, /api (APIVersions), /api/v1 and
 * /apis/metrics.k8s.io/v1beta1 (APIResourceList: only what podinit
 * serves), /apis (APIGroupList) and /apis/metrics.k8s.io (APIGroup); the
 * v1.Status of a refusal; the PodMetrics of metrics.k8s.io; and the
 * kubeconfig `podinit kubeconfig` prints.  Pure. */
#ifndef PODINIT_K8S_DISCOVERY_H
#define PODINIT_K8S_DISCOVERY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/buf.h"
#include "podinit/view.h"

/* The Kubernetes release whose API podinit answers as. */
#define K8S_SERVER_MAJOR	"1"
#define K8S_SERVER_MINOR	"33"

enum k8s_doc {
	K8S_DOC_VERSION,
	K8S_DOC_API,		/* /api */
	K8S_DOC_API_V1,		/* /api/v1 */
	K8S_DOC_APIS,		/* /apis */
	K8S_DOC_METRICS_GROUP,	/* /apis/metrics.k8s.io */
	K8S_DOC_METRICS_V1BETA1,	/* /apis/metrics.k8s.io/v1beta1 */
};

/* version: podinit's own (PODINIT_VERSION), shown in gitVersion. */
void	k8s_discovery_render(struct buf *b, enum k8s_doc d, const char *version);
/* A v1.Status failure: {kind Status, status Failure, message, reason,
 * details {name?, kind?}, code}. */
void	k8s_status_render(struct buf *b, int code, const char *reason, const char *message,
	    const char *name, const char *kind);

/* The pod's namespace as a v1.Namespace (Active), or a NamespaceList of it. */
void	k8s_namespace_render(struct buf *b, const struct pod_view *v, bool list);

/* One container's usage for PodMetrics: CPU as a rate (cores) over the
 * window, memory in bytes. */
struct k8s_usage {
	const char *name;
	double	 cpu_cores;
	int64_t	 memory_bytes;
};
/* A metrics.k8s.io/v1beta1 PodMetrics (list: a PodMetricsList with it, or
 * none when !with_pod) at real time ts over window_ns. */
void	k8s_pod_metrics_render(struct buf *b, const struct pod_view *v, const struct k8s_usage *u,
	    size_t n, int64_t ts, int64_t window_ns, bool list, bool with_pod);

/* A kubeconfig (YAML) for server (an http:// URL), its cluster, context
 * and user named after the pod, the namespace its. */
void	k8s_kubeconfig_render(struct buf *b, const char *server, const char *name,
	    const char *namespace_name);

#endif /* PODINIT_K8S_DISCOVERY_H */
