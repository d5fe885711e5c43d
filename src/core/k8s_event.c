/* k8s_event: v1.Event objects from the event sets podinit keeps (the
 * pod's, kubelet's words; the Job's, its controller's).  A kept event is
 * what the API server would hold after kubelet's correlator: count,
 * firstTimestamp, lastTimestamp.  Its resourceVersion is its sequence in
 * its set, so a change (count++) is a new version.  A list's version
 * holds both sets' sequences, the Job's in the high 32 bits, so a watch
 * from it resumes each set where the list left it. */
#include "podinit/k8s_event.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "podinit/clock.h"
#include "podinit/json.h"

#define JOB_SEQ_SHIFT	32
#define SEQ_LOW		0xffffffffu

static bool
is_job_set(const struct k8s_event_ref *r)
{
	return r->set == r->v->job_events && r->v->job_events != NULL;
}

static uint64_t
ref_seq(const struct pod_view *v, const struct events *set, const struct event *ev)
{
	return set == v->job_events ? (ev->seq & SEQ_LOW) << JOB_SEQ_SHIFT : ev->seq & SEQ_LOW;
}

/* The container's field path: spec.containers{NAME} or initContainers. */
static void
field_path(const struct k8s_event_ref *r, char *out, size_t outsz)
{
	const struct pod_spec *p = r->v->spec;

	out[0] = '\0';
	if (is_job_set(r) || r->ev->container[0] == '\0')
		return;
	for (size_t i = 0; p && i < p->n_containers; i++)
		if (p->containers[i].name && strcmp(p->containers[i].name, r->ev->container) == 0) {
			snprintf(out, outsz, "spec.%s{%s}",
			    p->containers[i].is_init ? "initContainers" : "containers", r->ev->container);
			return;
		}
	snprintf(out, outsz, "spec.containers{%s}", r->ev->container);
}

static void
fill_ref(struct k8s_event_ref *r, const struct pod_view *v, const struct k8s_node *n,
    const struct events *set, const struct event *ev)
{
	const char *obj = set == v->job_events && v->spec && v->spec->job.name ?
	    v->spec->job.name : k8s_pod_name(v);

	r->v = v;
	r->n = n;
	r->set = set;
	r->ev = ev;
	/* K8S: kubelet's "%v.%x" of the object and the time; the slot's
	 * index after it: events of one loop pass share their time. */
	snprintf(r->name, sizeof r->name, "%s.%" PRIx64 "%02zx", obj,
	    (uint64_t)ev->first_time, (size_t)(ev - set->ev) & 0xff);
	snprintf(r->rv, sizeof r->rv, "%" PRIu64, ref_seq(v, set, ev));
	field_path(r, r->path, sizeof r->path);
}

size_t
k8s_events_collect(const struct pod_view *v, const struct k8s_node *n, uint64_t after,
    struct k8s_event_ref *out, size_t max)
{
	const struct events *sets[2] = { v->job_events, v->events };
	const struct event *list[EVENTS_MAX];
	size_t k = 0;

	for (int s = 0; s < 2; s++) {
		size_t m;

		if (sets[s] == NULL)
			continue;
		m = events_list(sets[s], list, EVENTS_MAX);
		uint64_t from = s == 0 ? after >> JOB_SEQ_SHIFT : after & SEQ_LOW;

		for (size_t i = 0; i < m && k < max; i++)
			if ((list[i]->seq & SEQ_LOW) > from)
				fill_ref(&out[k++], v, n, sets[s], list[i]);
	}
	return k;
}

uint64_t
k8s_events_rv(const struct pod_view *v)
{
	uint64_t job = v->job_events ? v->job_events->seq & SEQ_LOW : 0;

	return job << JOB_SEQ_SHIFT | (v->events ? v->events->seq & SEQ_LOW : 0);
}

static const char *
obj_uid(const struct k8s_event_ref *r)
{
	const struct pod_spec *p = r->v->spec;

	if (p == NULL)
		return "";
	if (is_job_set(r))
		return p->job.uid ? p->job.uid : "";
	return p->uid ? p->uid : "";
}

static const char *
obj_name(const struct k8s_event_ref *r)
{
	const struct pod_spec *p = r->v->spec;

	if (is_job_set(r) && p && p->job.name)
		return p->job.name;
	return k8s_pod_name(r->v);
}

const char *
k8s_event_field(const void *ref, const char *key)
{
	const struct k8s_event_ref *r = ref;

	if (strcmp(key, "involvedObject.name") == 0)
		return obj_name(r);
	if (strcmp(key, "involvedObject.namespace") == 0 || strcmp(key, "metadata.namespace") == 0)
		return k8s_pod_namespace(r->v);
	if (strcmp(key, "involvedObject.kind") == 0)
		return is_job_set(r) ? "Job" : "Pod";
	if (strcmp(key, "involvedObject.uid") == 0)
		return obj_uid(r);
	if (strcmp(key, "involvedObject.apiVersion") == 0)
		return is_job_set(r) ? "batch/v1" : "v1";
	if (strcmp(key, "involvedObject.fieldPath") == 0)
		return r->path;
	if (strcmp(key, "involvedObject.resourceVersion") == 0)
		return "";
	if (strcmp(key, "metadata.name") == 0)
		return r->name;
	if (strcmp(key, "reason") == 0)
		return r->ev->reason;
	if (strcmp(key, "type") == 0)
		return r->ev->type;
	if (strcmp(key, "source") == 0 || strcmp(key, "reportingComponent") == 0)
		return is_job_set(r) ? "job-controller" : "kubelet";
	return NULL;
}

void
k8s_event_json(struct json *j, const struct k8s_event_ref *r)
{
	const struct event *ev = r->ev;
	const char *host = r->n && r->n->node_name ? r->n->node_name : "";
	const char *component = is_job_set(r) ? "job-controller" : "kubelet";
	char ts[40];

	k8s_type_begin(j, "Event", "v1");
	json_key(j, "metadata");
	json_object_begin(j);
	json_kv_string(j, "name", r->name);
	json_kv_string(j, "namespace", k8s_pod_namespace(r->v));
	json_kv_string(j, "resourceVersion", r->rv);
	clock_rfc3339_sec(ev->first_time, ts, sizeof ts);
	json_kv_string(j, "creationTimestamp", ts);
	json_object_end(j);
	json_key(j, "involvedObject");
	json_object_begin(j);
	json_kv_string(j, "kind", is_job_set(r) ? "Job" : "Pod");
	json_kv_string(j, "namespace", k8s_pod_namespace(r->v));
	json_kv_string(j, "name", obj_name(r));
	json_kv_string(j, "uid", obj_uid(r));
	json_kv_string(j, "apiVersion", is_job_set(r) ? "batch/v1" : "v1");
	if (r->path[0])
		json_kv_string(j, "fieldPath", r->path);
	json_object_end(j);
	json_kv_string(j, "reason", ev->reason);
	json_kv_string(j, "message", ev->message);
	json_key(j, "source");
	json_object_begin(j);
	json_kv_string(j, "component", component);
	if (!is_job_set(r) && host[0])
		json_kv_string(j, "host", host);
	json_object_end(j);
	clock_rfc3339_sec(ev->first_time, ts, sizeof ts);
	json_kv_string(j, "firstTimestamp", ts);
	clock_rfc3339_sec(ev->last_time, ts, sizeof ts);
	json_kv_string(j, "lastTimestamp", ts);
	json_kv_int(j, "count", ev->count);
	json_kv_string(j, "type", ev->type);
	json_key(j, "eventTime");
	json_null(j);
	json_kv_string(j, "reportingComponent", component);
	json_kv_string(j, "reportingInstance", is_job_set(r) ? "" : host);
	json_object_end(j);
}

void
k8s_event_list_render(struct buf *b, const struct pod_view *v, const struct k8s_node *n,
    const char *ns, const struct k8s_selector *sel, struct k8s_event_ref *refs)
{
	size_t m = k8s_events_collect(v, n, 0, refs, K8S_EVENTS_MAX);
	struct json j;
	char rv[24];

	snprintf(rv, sizeof rv, "%" PRIu64, k8s_events_rv(v));
	json_init(&j, b);
	k8s_type_begin(&j, "EventList", "v1");
	json_key(&j, "metadata");
	json_object_begin(&j);
	json_kv_string(&j, "resourceVersion", rv);
	json_object_end(&j);
	json_key(&j, "items");
	json_array_begin(&j);
	for (size_t i = 0; i < m; i++) {
		if (ns && strcmp(ns, k8s_pod_namespace(v)) != 0)
			break;
		if (sel && !k8s_selector_match(sel, k8s_event_field, &refs[i]))
			continue;
		k8s_event_json(&j, &refs[i]);
	}
	json_array_end(&j);
	json_object_end(&j);
	buf_addc(b, '\n');
}
