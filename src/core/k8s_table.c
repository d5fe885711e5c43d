/* k8s_table: the API server's Table for pods and events.  The columns and
 * cells are pkg/printers/internalversion/printers.go's (printPod,
 * printEvent); STATUS is printPod's reason, worked out from the same
 * PodStatus fields the view holds. */
#include "podinit/k8s_table.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "podinit/json.h"
#include "podinit/render.h"

struct column {
	const char *name, *type, *format, *description;
	int	 priority;
};

static const struct column pod_columns[] = {
	{ "Name", "string", "name", "Name must be unique within a namespace.", 0 },
	{ "Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic.", 0 },
	{ "Status", "string", "", "The aggregate status of the containers in this pod.", 0 },
	{ "Restarts", "string", "", "The number of times the containers in this pod have been "
	    "restarted and when the last container in this pod has restarted.", 0 },
	{ "Age", "string", "", "CreationTimestamp is a timestamp representing the server time "
	    "when this object was created.", 0 },
	{ "IP", "string", "", "podIP address allocated to the pod.", 1 },
	{ "Node", "string", "", "NodeName indicates in which node this pod is scheduled.", 1 },
	{ "Nominated Node", "string", "", "nominatedNodeName is set only when this pod preempts "
	    "other pods on the node.", 1 },
	{ "Readiness Gates", "string", "", "If specified, all readiness gates will be evaluated "
	    "for pod readiness.", 1 },
};

static const struct column event_columns[] = {
	{ "Last Seen", "string", "", "The last time the event was seen.", 0 },
	{ "Type", "string", "", "Type of this event (Normal, Warning).", 0 },
	{ "Reason", "string", "", "This should be a short, machine understandable string that "
	    "gives the reason for this event being generated.", 0 },
	{ "Object", "string", "", "The object that this event is about.", 0 },
	{ "Subobject", "string", "", "The subobject (container) this event is about.", 1 },
	{ "Source", "string", "", "The component reporting this event.", 1 },
	{ "Message", "string", "", "A human-readable description of the status of this operation.", 0 },
	{ "First Seen", "string", "", "The first time the event was seen.", 1 },
	{ "Count", "integer", "", "The number of times this event has occurred.", 1 },
	{ "Name", "string", "name", "Name must be unique within a namespace.", 1 },
};

static void
columns(struct json *j, const struct column *c, size_t n)
{
	json_key(j, "columnDefinitions");
	json_array_begin(j);
	for (size_t i = 0; i < n; i++) {
		json_object_begin(j);
		json_kv_string(j, "name", c[i].name);
		json_kv_string(j, "type", c[i].type);
		json_kv_string(j, "format", c[i].format);
		json_kv_string(j, "description", c[i].description);
		json_kv_int(j, "priority", c[i].priority);
		json_object_end(j);
	}
	json_array_end(j);
}

static void
table_begin(struct json *j, uint64_t rv)
{
	char s[24];

	snprintf(s, sizeof s, "%" PRIu64, rv);
	k8s_type_begin(j, "Table", "meta.k8s.io/v1");
	json_key(j, "metadata");
	json_object_begin(j);
	json_kv_string(j, "resourceVersion", s);
	json_object_end(j);
}

static void
note_restart(const struct ctr_view *c, struct k8s_pod_row *r)
{
	r->restarts += c->restart_count;
	if (c->last_state.kind == VIEW_STATE_TERMINATED && c->last_state.finished_at > r->last_restart)
		r->last_restart = c->last_state.finished_at;
}

/* K8S: printers.go printPod, over the view's statuses in their order. */
void
k8s_pod_row(const struct pod_view *v, struct k8s_pod_row *r)
{
	size_t n_init = 0, i_init = 0;
	int sidecar_restarts = 0;
	bool initializing = false;

	memset(r, 0, sizeof *r);
	snprintf(r->status, sizeof r->status, "%s",
	    v->reason[0] ? v->reason : pod_phase_name(v->phase));
	for (size_t i = 0; i < v->n_ctrs; i++) {
		const struct ctr_view *c = &v->ctrs[i];

		if (c->spec && c->spec->is_init) {
			n_init++;
			if (c->spec->is_sidecar)
				r->total++;
		} else
			r->total++;
	}
	for (size_t i = 0; i < v->n_ctrs; i++) {
		const struct ctr_view *c = &v->ctrs[i];
		const struct view_state *s = &c->state;

		if (c->spec == NULL || !c->spec->is_init)
			continue;
		note_restart(c, r);
		if (c->spec->is_sidecar)
			sidecar_restarts += c->restart_count;
		if (s->kind == VIEW_STATE_TERMINATED && s->exit_code == 0) {
			i_init++;
			continue;
		}
		if (c->spec->is_sidecar && c->started) {
			r->ready += c->ready;
			i_init++;
			continue;
		}
		if (s->kind == VIEW_STATE_TERMINATED) {
			if (s->reason[0])
				snprintf(r->status, sizeof r->status, "Init:%s", s->reason);
			else if (s->signal)
				snprintf(r->status, sizeof r->status, "Init:Signal:%d", s->signal);
			else
				snprintf(r->status, sizeof r->status, "Init:ExitCode:%d", s->exit_code);
		} else if (s->kind == VIEW_STATE_WAITING && s->reason[0] &&
		    strcmp(s->reason, "PodInitializing") != 0)
			snprintf(r->status, sizeof r->status, "Init:%s", s->reason);
		else
			snprintf(r->status, sizeof r->status, "Init:%zu/%zu", i_init, n_init);
		initializing = true;
		break;
	}
	if (!initializing || v->conditions[VIEW_COND_INITIALIZED].status) {
		bool running = false;

		r->restarts = sidecar_restarts;
		for (size_t k = v->n_ctrs; k-- > 0;) {
			const struct ctr_view *c = &v->ctrs[k];
			const struct view_state *s = &c->state;

			if (c->spec && c->spec->is_init)
				continue;
			note_restart(c, r);
			if (s->kind == VIEW_STATE_WAITING && s->reason[0])
				snprintf(r->status, sizeof r->status, "%s", s->reason);
			else if (s->kind == VIEW_STATE_TERMINATED && s->reason[0])
				snprintf(r->status, sizeof r->status, "%s", s->reason);
			else if (s->kind == VIEW_STATE_TERMINATED && s->signal)
				snprintf(r->status, sizeof r->status, "Signal:%d", s->signal);
			else if (s->kind == VIEW_STATE_TERMINATED)
				snprintf(r->status, sizeof r->status, "ExitCode:%d", s->exit_code);
			else if (c->ready && s->kind == VIEW_STATE_RUNNING) {
				running = true;
				r->ready++;
			}
		}
		if (strcmp(r->status, "Completed") == 0 && running)
			snprintf(r->status, sizeof r->status, "%s",
			    v->conditions[VIEW_COND_READY].status ? "Running" : "NotReady");
	}
}

static void
age_cell(struct json *j, int64_t t, int64_t real_now)
{
	char s[32];

	if (t == 0) {
		json_string(j, "<unknown>");
		return;
	}
	render_human_duration(real_now > t ? real_now - t : 0, s, sizeof s);
	json_string(j, s);
}

static void
pod_cells(struct json *j, const char *name, const struct k8s_pod_row *r, int64_t created,
    const struct k8s_node *n, int64_t real_now)
{
	char cell[96], ago[32];

	json_key(j, "cells");
	json_array_begin(j);
	json_string(j, name);
	snprintf(cell, sizeof cell, "%d/%d", r->ready, r->total);
	json_string(j, cell);
	json_string(j, r->status);
	if (r->restarts && r->last_restart) {
		render_human_duration(real_now > r->last_restart ? real_now - r->last_restart : 0,
		    ago, sizeof ago);
		snprintf(cell, sizeof cell, "%d (%s ago)", r->restarts, ago);
	} else
		snprintf(cell, sizeof cell, "%d", r->restarts);
	json_string(j, cell);
	age_cell(j, created, real_now);
	json_string(j, n && n->n_pod_ips ? n->pod_ips[0] : "<none>");
	json_string(j, n && n->node_name ? n->node_name : "<none>");
	json_string(j, "<none>");
	json_string(j, "<none>");
	json_array_end(j);
}

void
k8s_pod_table_json(struct json *j, const struct pod_view *v, const struct k8s_node *n,
    uint64_t rv, bool with_pod, bool full, int64_t real_now)
{
	struct k8s_pod_row r;

	table_begin(j, rv);
	columns(j, pod_columns, sizeof pod_columns / sizeof pod_columns[0]);
	json_key(j, "rows");
	json_array_begin(j);
	if (with_pod) {
		k8s_pod_row(v, &r);
		json_object_begin(j);
		pod_cells(j, k8s_pod_name(v), &r, v->start_time, n, real_now);
		json_key(j, "object");
		if (full)
			k8s_pod_json(j, v, n, rv);
		else {
			k8s_type_begin(j, "PartialObjectMetadata", "meta.k8s.io/v1");
			json_key(j, "metadata");
			k8s_pod_metadata(j, v, rv);
			json_object_end(j);
		}
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

void
k8s_pod_gone_fill(struct k8s_pod_gone *g, const struct pod_view *v)
{
	snprintf(g->name, sizeof g->name, "%s", k8s_pod_name(v));
	snprintf(g->namespace_name, sizeof g->namespace_name, "%s", k8s_pod_namespace(v));
	snprintf(g->uid, sizeof g->uid, "%s", v->spec && v->spec->uid ? v->spec->uid : "");
	g->created = v->start_time;
	k8s_pod_row(v, &g->row);
}

void
k8s_pod_gone_table_json(struct json *j, const struct k8s_pod_gone *g, const struct k8s_node *n,
    uint64_t rv, int64_t real_now)
{
	table_begin(j, rv);
	columns(j, pod_columns, sizeof pod_columns / sizeof pod_columns[0]);
	json_key(j, "rows");
	json_array_begin(j);
	json_object_begin(j);
	pod_cells(j, g->name, &g->row, g->created, n, real_now);
	json_key(j, "object");
	k8s_pod_gone_json(j, g, rv);
	json_object_end(j);
	json_array_end(j);
	json_object_end(j);
}

void
k8s_pod_table_render(struct buf *b, const struct pod_view *v, const struct k8s_node *n,
    uint64_t rv, bool with_pod, bool full, int64_t real_now)
{
	struct json j;

	json_init(&j, b);
	k8s_pod_table_json(&j, v, n, rv, with_pod, full, real_now);
	buf_addc(b, '\n');
}

void
k8s_event_table_json(struct json *j, const struct k8s_event_ref *refs, size_t m, uint64_t rv,
    int64_t real_now)
{
	table_begin(j, rv);
	columns(j, event_columns, sizeof event_columns / sizeof event_columns[0]);
	json_key(j, "rows");
	json_array_begin(j);
	for (size_t i = 0; i < m; i++) {
		const struct k8s_event_ref *r = &refs[i];
		const struct event *ev = r->ev;
		char last[32], first[32], cell[128];
		bool job = r->set == r->v->job_events && r->v->job_events != NULL;

		render_human_duration(real_now > ev->last_time ? real_now - ev->last_time : 0,
		    last, sizeof last);
		render_human_duration(real_now > ev->first_time ? real_now - ev->first_time : 0,
		    first, sizeof first);
		json_object_begin(j);
		json_key(j, "cells");
		json_array_begin(j);
		/* K8S: printEvent: "5s (x3 over 2m)" once an event repeats. */
		if (ev->count > 1)
			snprintf(cell, sizeof cell, "%s (x%u over %s)", last, ev->count, first);
		else
			snprintf(cell, sizeof cell, "%s", last);
		json_string(j, cell);
		json_string(j, ev->type);
		json_string(j, ev->reason);
		snprintf(cell, sizeof cell, "%s/%s", job ? "job" : "pod",
		    k8s_event_field(r, "involvedObject.name"));
		json_string(j, cell);
		json_string(j, r->path);
		if (job)
			json_string(j, "job-controller");
		else {
			snprintf(cell, sizeof cell, "kubelet, %s",
			    r->n && r->n->node_name ? r->n->node_name : "");
			json_string(j, cell);
		}
		json_string(j, ev->message);
		json_string(j, first);
		json_int(j, ev->count);
		json_string(j, r->name);
		json_array_end(j);
		json_key(j, "object");
		k8s_event_json(j, r);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}
