/* k8s_event: the pod's events (and its Job's) as v1.Event objects (SPEC
 * §8): involvedObject {kind Pod or Job, name, namespace, uid, fieldPath
 * "spec.containers{NAME}"}, count, first/last timestamps, source kubelet
 * (job-controller for the Job's), a metadata name "<object>.<hex>" unique
 * among those kept, resourceVersion = the event's sequence.  A v1.EventList
 * filtered by a fieldSelector, as `kubectl describe` sends it.  Pure. */
#ifndef PODINIT_K8S_EVENT_H
#define PODINIT_K8S_EVENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/buf.h"
#include "podinit/events.h"
#include "podinit/k8s_pod.h"
#include "podinit/k8s_query.h"
#include "podinit/view.h"

/* One event with what it is about: the pod's set or the Job's. */
struct k8s_event_ref {
	const struct pod_view *v;
	const struct k8s_node *n;
	const struct events *set;	/* v->events or v->job_events */
	const struct event *ev;
	char	 name[320];		/* metadata.name */
	char	 rv[24];
	char	 path[EVENT_CONTAINER_MAX + 32];	/* involvedObject.fieldPath */
};

#define K8S_EVENTS_MAX	(2 * EVENTS_MAX)	/* the pod's and the Job's */

/* The events of the pod and its Job, oldest last occurrence first, newer
 * than the list version `after` (0: all), at most max; the number filled. */
size_t	k8s_events_collect(const struct pod_view *v, const struct k8s_node *n, uint64_t after,
	    struct k8s_event_ref *out, size_t max);
/* The list's resourceVersion: both sets' sequences. */
uint64_t k8s_events_rv(const struct pod_view *v);
/* The fields a fieldSelector on events reads (involvedObject.*, reason,
 * type, source, metadata.name, metadata.namespace). */
const char *k8s_event_field(const void *ref, const char *key);
void	k8s_event_json(struct json *j, const struct k8s_event_ref *r);
/* A v1.EventList of those that match sel (NULL: all) and, when ns is not
 * NULL, are in namespace ns; refs: room for K8S_EVENTS_MAX (the caller's,
 * too big for the stack). */
void	k8s_event_list_render(struct buf *b, const struct pod_view *v, const struct k8s_node *n,
	    const char *ns, const struct k8s_selector *sel, struct k8s_event_ref *refs);

#endif /* PODINIT_K8S_EVENT_H */
