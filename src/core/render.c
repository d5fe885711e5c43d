/* render: pure text and JSON renderers over a read-only struct pod_view.
 * /status follows Kubernetes' PodStatus field names and nesting so jq
 * filters written for `kubectl get pod -o json | jq .status` work; the
 * describe text follows kubectl's describePod layout and wording
 * (k8s.io/kubectl/pkg/describe); /metrics is Prometheus text format 0.0.4
 * with HELP and TYPE for every family, whether or not it has samples. */
#include "podinit/render.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "podinit/clock.h"
#include "podinit/json.h"
#include "podinit/metrics.h"
#include "podinit/render_job.h"
#include "podinit/strconv.h"

bool
render_cond_shown(const struct pod_view *v, enum view_cond c)
{
	return c != VIEW_COND_ALL_CONTAINERS_RESTARTING || v->conditions[c].published;
}

const char *
render_cond_name(enum view_cond c)
{
	switch (c) {
	case VIEW_COND_INITIALIZED: return "Initialized";
	case VIEW_COND_READY: return "Ready";
	case VIEW_COND_CONTAINERS_READY: return "ContainersReady";
	case VIEW_COND_POD_SCHEDULED: return "PodScheduled";
	case VIEW_COND_ALL_CONTAINERS_RESTARTING: return "AllContainersRestarting";
	case VIEW_COND_COUNT: break;
	}
	return "Unknown";
}

static const char *
pod_name(const struct pod_view *v)
{
	return v->spec && v->spec->name ? v->spec->name : "podinit";
}

static const char *
pod_namespace(const struct pod_view *v)
{
	return v->spec && v->spec->namespace ? v->spec->namespace : "default";
}

static const char *
ctr_name(const struct ctr_view *c)
{
	return c->spec && c->spec->name ? c->spec->name : "";
}

static bool
ctr_is_init(const struct ctr_view *c)
{
	return c->spec && c->spec->is_init;
}

/* ---- /status ---------------------------------------------------------- */

void
render_json_time(struct json *j, const char *key, int64_t real_ns)
{
	char ts[40];

	json_key(j, key);
	if (real_ns == 0) {
		json_null(j);
		return;
	}
	clock_rfc3339_sec(real_ns, ts, sizeof ts);
	json_string(j, ts);
}

static void
json_state(struct json *j, const char *key, const struct view_state *s)
{
	json_key(j, key);
	json_object_begin(j);
	switch (s->kind) {
	case VIEW_STATE_NONE:
		break;
	case VIEW_STATE_WAITING:
		json_key(j, "waiting");
		json_object_begin(j);
		if (s->reason[0])
			json_kv_string(j, "reason", s->reason);
		if (s->message[0])
			json_kv_string(j, "message", s->message);
		json_object_end(j);
		break;
	case VIEW_STATE_RUNNING:
		json_key(j, "running");
		json_object_begin(j);
		render_json_time(j, "startedAt", s->started_at);
		json_object_end(j);
		break;
	case VIEW_STATE_TERMINATED:
		json_key(j, "terminated");
		json_object_begin(j);
		json_kv_int(j, "exitCode", s->exit_code);
		if (s->signal)
			json_kv_int(j, "signal", s->signal);
		if (s->reason[0])
			json_kv_string(j, "reason", s->reason);
		if (s->message[0])
			json_kv_string(j, "message", s->message);
		render_json_time(j, "startedAt", s->started_at);
		render_json_time(j, "finishedAt", s->finished_at);
		json_object_end(j);
		break;
	}
	json_object_end(j);
}

static void
json_ctr_statuses(struct json *j, const struct pod_view *v, bool init)
{
	for (size_t i = 0; i < v->n_ctrs; i++) {
		const struct ctr_view *c = &v->ctrs[i];

		if (ctr_is_init(c) != init)
			continue;
		json_object_begin(j);
		json_kv_string(j, "name", ctr_name(c));
		json_state(j, "state", &c->state);
		json_state(j, "lastState", &c->last_state);
		json_kv_bool(j, "ready", c->ready);
		json_kv_int(j, "restartCount", c->restart_count);
		json_kv_bool(j, "started", c->started);
		json_object_end(j);
	}
}

void
render_pod_status_fields(struct json *j, const struct pod_view *v)
{
	size_t n_init = 0;

	for (size_t i = 0; i < v->n_ctrs; i++)
		n_init += ctr_is_init(&v->ctrs[i]);
	json_kv_string(j, "phase", pod_phase_name(v->phase));
	json_key(j, "conditions");
	json_array_begin(j);
	for (int c = 0; c < VIEW_COND_COUNT; c++) {
		const struct view_condition *vc = &v->conditions[c];

		if (!render_cond_shown(v, (enum view_cond)c))
			continue;
		json_object_begin(j);
		json_kv_string(j, "type", render_cond_name((enum view_cond)c));
		json_kv_string(j, "status", vc->status ? "True" : "False");
		json_key(j, "lastProbeTime");
		json_null(j);
		render_json_time(j, "lastTransitionTime", vc->last_transition);
		if (vc->reason[0])
			json_kv_string(j, "reason", vc->reason);
		if (vc->message[0])
			json_kv_string(j, "message", vc->message);
		json_object_end(j);
	}
	json_array_end(j);
	/* PodStatus's order: message and reason after the conditions. */
	if (v->message[0])
		json_kv_string(j, "message", v->message);
	if (v->reason[0])
		json_kv_string(j, "reason", v->reason);
	if (v->start_time)
		render_json_time(j, "startTime", v->start_time);
	if (n_init) {
		json_key(j, "initContainerStatuses");
		json_array_begin(j);
		json_ctr_statuses(j, v, true);
		json_array_end(j);
	}
	json_key(j, "containerStatuses");
	json_array_begin(j);
	json_ctr_statuses(j, v, false);
	json_array_end(j);
}

void
render_status_json(struct buf *b, const struct pod_view *v)
{
	struct json j;

	json_init(&j, b);
	json_object_begin(&j);
	render_pod_status_fields(&j, v);
	if (v->spec) {
		json_key(&j, "spec");
		render_spec_json(&j, v->spec);
	}
	if (v->job != NULL) {
		json_key(&j, "job");
		render_job_json(&j, v);
	}
	json_object_end(&j);
	buf_addc(b, '\n');
}

/* ---- /events ---------------------------------------------------------- */

void
render_events_array(struct json *j, const struct events *e)
{
	const struct event *list[EVENTS_MAX];
	size_t n = e ? events_list(e, list, EVENTS_MAX) : 0;
	char ts[40];

	json_array_begin(j);
	for (size_t i = 0; i < n; i++) {
		const struct event *ev = list[i];

		json_object_begin(j);
		events_json_fields(j, ev);
		clock_rfc3339(ev->first_time, ts, sizeof ts);
		json_kv_string(j, "firstTimestamp", ts);
		clock_rfc3339(ev->last_time, ts, sizeof ts);
		json_kv_string(j, "lastTimestamp", ts);
		json_object_end(j);
	}
	json_array_end(j);
}

void
render_events_json(struct buf *b, const struct events *e)
{
	struct json j;

	json_init(&j, b);
	render_events_array(&j, e);
	buf_addc(b, '\n');
}

/* ---- /metrics --------------------------------------------------------- */

static void
label(struct buf *b, bool *first, const char *name, const char *value)
{
	buf_adds(b, *first ? "{" : ",");
	*first = false;
	buf_adds(b, name);
	buf_adds(b, "=\"");
	metrics_label_value(b, value);
	buf_addc(b, '"');
}

static void
sample_end(struct buf *b, bool first, double value)
{
	buf_adds(b, first ? " " : "} ");
	metrics_value(b, value);
	buf_addc(b, '\n');
}

/* One `name{container="c"} value` sample. */
static void
ctr_sample(struct buf *b, const char *name, const struct ctr_view *c, double value)
{
	bool first = true;

	buf_adds(b, name);
	label(b, &first, "container", ctr_name(c));
	sample_end(b, first, value);
}

static bool
probe_shown(const struct ctr_view *c, int t)
{
	const struct metrics_probe *m = &c->probes[t];

	return (c->spec && c->spec->probes[t].present) ||
	    m->total[0] || m->total[1] || m->total[2];
}

/* `name{probe_type="T",` + middle + tail + `} value\n`, with the label
 * text built once per container and probe type: a scrape of 50
 * containers writes thousands of these lines. */
static void
probe_line(struct buf *b, const char *name, const struct buf *head, const char *middle,
    const struct buf *tail, const char *after, uint64_t value)
{
	buf_adds(b, name);
	buf_add(b, head->p, head->len);
	buf_adds(b, middle);
	buf_add(b, tail->p, tail->len);
	buf_adds(b, after);
	metrics_uint(b, value);
	buf_addc(b, '\n');
}

/* A family with one sample and no labels. */
static void
pod_metric(struct buf *b, const char *name, const char *help, const char *type, double value)
{
	metrics_family(b, name, help, type);
	buf_adds(b, name);
	sample_end(b, true, value);
}

void
render_metrics(struct buf *b, const struct pod_view *v)
{
	char results[PROBE_RESULT_COUNT][32];	/* result="successful", ... */
	static const char *const le[METRICS_BUCKETS + 1] = {
		",le=\"0.005\"} ", ",le=\"0.01\"} ", ",le=\"0.025\"} ", ",le=\"0.05\"} ",
		",le=\"0.1\"} ", ",le=\"0.25\"} ", ",le=\"0.5\"} ", ",le=\"1\"} ",
		",le=\"2.5\"} ", ",le=\"5\"} ", ",le=\"10\"} ", ",le=\"+Inf\"} ",
	};
	char headmem[64], tailmem[1024];
	struct buf head, tail;
	bool first;

	for (int r = 0; r < PROBE_RESULT_COUNT; r++)
		snprintf(results[r], sizeof results[r], "result=\"%s\",",
		    spec_probe_result_label((enum probe_result)r));
	metrics_family(b, "prober_probe_total",
	    "Cumulative number of a liveness, readiness or startup probe for a container by result.",
	    "counter");
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			metrics_family(b, "prober_probe_duration_seconds",
			    "Duration in seconds for a probe response.", "histogram");
		for (size_t i = 0; i < v->n_ctrs; i++) {
			const struct ctr_view *c = &v->ctrs[i];

			buf_init(&tail, tailmem, sizeof tailmem);
			buf_adds(&tail, "container=\"");
			metrics_label_value(&tail, ctr_name(c));
			buf_adds(&tail, "\",pod=\"");
			metrics_label_value(&tail, pod_name(v));
			buf_adds(&tail, "\",namespace=\"");
			metrics_label_value(&tail, pod_namespace(v));
			buf_addc(&tail, '"');
			for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
				const struct metrics_probe *m = &c->probes[t];
				uint64_t cum = 0;

				if (!probe_shown(c, t))
					continue;
				buf_init(&head, headmem, sizeof headmem);
				buf_printf(&head, "{probe_type=\"%s\",",
				    spec_probe_type_name((enum probe_type)t));
				if (pass == 0) {
					for (int r = 0; r < PROBE_RESULT_COUNT; r++)
						probe_line(b, "prober_probe_total", &head, results[r],
						    &tail,
						    "} ", m->total[r]);
					continue;
				}
				for (int k = 0; k <= METRICS_BUCKETS; k++) {
					cum = k < METRICS_BUCKETS ? cum + m->duration.bucket[k]
					    : m->duration.count;
					probe_line(b, "prober_probe_duration_seconds_bucket", &head, "",
					    &tail,
					    le[k], cum);
				}
				buf_adds(b, "prober_probe_duration_seconds_sum");
				buf_add(b, head.p, head.len);
				buf_add(b, tail.p, tail.len);
				buf_adds(b, "} ");
				metrics_value(b, m->duration.sum);
				buf_addc(b, '\n');
				probe_line(b, "prober_probe_duration_seconds_count", &head, "",
				    &tail, "} ",
				    m->duration.count);
			}
		}
	}

	metrics_family(b, "podinit_container_restarts_total",
	    "Number of times the container has been restarted (restartCount).", "counter");
	for (size_t i = 0; i < v->n_ctrs; i++)
		ctr_sample(b, "podinit_container_restarts_total", &v->ctrs[i],
		    v->ctrs[i].restart_count);
	metrics_family(b, "podinit_container_ready",
	    "Whether the container is ready (1) or not (0).", "gauge");
	for (size_t i = 0; i < v->n_ctrs; i++)
		ctr_sample(b, "podinit_container_ready", &v->ctrs[i], v->ctrs[i].ready);
	metrics_family(b, "podinit_container_started",
	    "Whether the container has passed its startup probe (1) or not (0).", "gauge");
	for (size_t i = 0; i < v->n_ctrs; i++)
		ctr_sample(b, "podinit_container_started", &v->ctrs[i], v->ctrs[i].started);
	metrics_family(b, "podinit_container_last_exit_code",
	    "Exit code of the container's last termination.", "gauge");
	for (size_t i = 0; i < v->n_ctrs; i++)
		if (v->ctrs[i].has_exit_code)
			ctr_sample(b, "podinit_container_last_exit_code", &v->ctrs[i],
			    v->ctrs[i].last_exit_code);
	metrics_family(b, "podinit_container_cpu_seconds_total",
	    "CPU time consumed by the container's processes, in seconds.", "counter");
	for (size_t i = 0; i < v->n_ctrs; i++)
		if (v->ctrs[i].has_usage)
			ctr_sample(b, "podinit_container_cpu_seconds_total", &v->ctrs[i],
			    v->ctrs[i].cpu_seconds);
	metrics_family(b, "podinit_container_memory_bytes",
	    "Memory used by the container's processes, in bytes.", "gauge");
	for (size_t i = 0; i < v->n_ctrs; i++)
		if (v->ctrs[i].has_usage)
			ctr_sample(b, "podinit_container_memory_bytes", &v->ctrs[i],
			    (double)v->ctrs[i].memory_bytes);

	metrics_family(b, "podinit_pod_phase",
	    "The pod's phase: 1 for the current phase, 0 for the others.", "gauge");
	for (int p = 0; p < POD_PHASE_COUNT; p++) {
		first = true;
		buf_adds(b, "podinit_pod_phase");
		label(b, &first, "phase", pod_phase_name((enum pod_phase)p));
		sample_end(b, first, v->phase == (enum pod_phase)p);
	}
	pod_metric(b, "podinit_zombies_reaped_total",
	    "Processes reaped that podinit did not start itself (adopted orphans).", "counter",
	    (double)v->zombies_reaped);
	pod_metric(b, "kubelet_lifecycle_handler_http_fallbacks_total",
	    "The number of times lifecycle handlers successfully fell back to http from https.",
	    "counter", (double)v->lifecycle_http_fallbacks);
	pod_metric(b, "podinit_process_resident_memory_bytes",
	    "Resident memory size of podinit itself, in bytes.", "gauge", (double)v->rss_bytes);
	pod_metric(b, "podinit_process_open_fds",
	    "Number of open file descriptors of podinit itself.", "gauge", (double)v->open_fds);
	render_job_metrics(b, v);
}

/* ---- describe --------------------------------------------------------- */

void
render_human_duration(int64_t ns, char *out, size_t outsz)
{
	/* K8S: k8s.io/apimachinery/pkg/util/duration HumanDuration. */
	int64_t secs = ns / NS_PER_SEC, mins, hours;

	if (secs < -1) {
		snprintf(out, outsz, "<invalid>");
		return;
	}
	if (secs < 0) {
		snprintf(out, outsz, "0s");
		return;
	}
	if (secs < 60 * 2) {
		snprintf(out, outsz, "%llds", (long long)secs);
		return;
	}
	mins = secs / 60;
	if (mins < 10) {
		if (secs % 60 == 0)
			snprintf(out, outsz, "%lldm", (long long)mins);
		else
			snprintf(out, outsz, "%lldm%llds", (long long)mins, (long long)(secs % 60));
		return;
	}
	if (mins < 60 * 3) {
		snprintf(out, outsz, "%lldm", (long long)mins);
		return;
	}
	hours = secs / 3600;
	if (hours < 8) {
		if (mins % 60 == 0)
			snprintf(out, outsz, "%lldh", (long long)hours);
		else
			snprintf(out, outsz, "%lldh%lldm", (long long)hours, (long long)(mins % 60));
	} else if (hours < 48)
		snprintf(out, outsz, "%lldh", (long long)hours);
	else if (hours < 24 * 8) {
		if (hours % 24 == 0)
			snprintf(out, outsz, "%lldd", (long long)(hours / 24));
		else
			snprintf(out, outsz, "%lldd%lldh", (long long)(hours / 24), (long long)(hours % 24));
	} else if (hours < 24 * 365 * 2)
		snprintf(out, outsz, "%lldd", (long long)(hours / 24));
	else if (hours < 24 * 365 * 8) {
		long long dy = (hours / 24) % 365;

		if (dy == 0)
			snprintf(out, outsz, "%lldy", (long long)(hours / 24 / 365));
		else
			snprintf(out, outsz, "%lldy%lldd", (long long)(hours / 24 / 365), dy);
	} else
		snprintf(out, outsz, "%lldy", (long long)(hours / 24 / 365));
}

void
render_rfc1123z(int64_t real_ns, char *out, size_t outsz)
{
	static const char *const wday[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t secs = (time_t)(real_ns / NS_PER_SEC);
	struct tm tm;

	if (gmtime_r(&secs, &tm) == NULL) {
		snprintf(out, outsz, "<invalid>");
		return;
	}
	snprintf(out, outsz, "%s, %02d %s %04d %02d:%02d:%02d +0000", wday[tm.tm_wday],
	    tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* "10s" for whole seconds (kubectl's %ds), else Go's duration form for the
 * command line's sub-second settings. */
static void
probe_secs(struct buf *b, const char *key, int64_t ns)
{
	char tmp[32];

	if (ns % NS_PER_SEC == 0)
		buf_printf(b, "%s=%llds", key, (long long)(ns / NS_PER_SEC));
	else {
		strconv_format_duration(ns, tmp, sizeof tmp);
		buf_printf(b, "%s=%s", key, tmp);
	}
}

static void
handler_port(struct buf *b, const struct handler_spec *h)
{
	if (h->port_name && h->port_name[0])
		buf_adds(b, h->port_name);
	else
		buf_printf(b, "%d", h->port);
}

/* kubectl prints the host as written; an unset host is empty ("http://:80/").
 * The spec defaults it to SPEC_DEFAULT_HOST, which we show as unset. */
static const char *
handler_host(const struct handler_spec *h)
{
	if (h->host == NULL || strcmp(h->host, SPEC_DEFAULT_HOST) == 0)
		return "";
	return h->host;
}

void
render_probe_line(struct buf *b, const struct probe_spec *p)
{
	const struct handler_spec *h = &p->handler;
	const char *host = handler_host(h);

	/* K8S: k8s.io/kubectl/pkg/describe DescribeProbe. */
	switch (h->kind) {
	case HANDLER_EXEC:
		buf_adds(b, "exec [");
		for (size_t i = 0; i < h->n_command && h->command && h->command[i]; i++) {
			if (i)
				buf_addc(b, ' ');
			buf_adds(b, h->command[i]);
		}
		buf_adds(b, "] ");
		break;
	case HANDLER_HTTP_GET:
		buf_printf(b, "http-get %s://", h->https ? "https" : "http");
		if (strchr(host, ':'))
			buf_printf(b, "[%s]:", host);
		else
			buf_printf(b, "%s:", host);
		handler_port(b, h);
		buf_adds(b, h->path && h->path[0] ? h->path : "");
		buf_addc(b, ' ');
		break;
	case HANDLER_TCP_SOCKET:
		buf_printf(b, "tcp-socket %s:", host);
		handler_port(b, h);
		buf_addc(b, ' ');
		break;
	case HANDLER_GRPC:
		buf_printf(b, "grpc <pod>:%d %s ", h->port, h->grpc_service ? h->grpc_service : "");
		break;
	case HANDLER_SLEEP:
	case HANDLER_NONE:
		buf_adds(b, "unknown ");
		break;
	}
	probe_secs(b, "delay", p->initial_delay_ns);
	buf_addc(b, ' ');
	probe_secs(b, "timeout", p->timeout_ns);
	buf_addc(b, ' ');
	probe_secs(b, "period", p->period_ns);
	buf_printf(b, " #success=%d #failure=%d", p->success_threshold, p->failure_threshold);
}

/* A "Key:   value" line: key at `indent`, value at column `col`. */
void
render_kv_begin(struct buf *b, int indent, int col, const char *key)
{
	int n = indent + (int)strlen(key) + 1;

	buf_printf(b, "%*s%s:", indent, "", key);
	buf_printf(b, "%*s", n + 2 > col ? 2 : col - n, "");
}

/* A multi-line value with its continuation lines under the first. */
static void
add_indented(struct buf *b, const char *s, int col)
{
	for (; *s; s++) {
		buf_addc(b, *s);
		if (*s == '\n' && s[1] != '\0')
			buf_printf(b, "%*s", col, "");
	}
	if (s[-1] != '\n')
		buf_addc(b, '\n');
}

/* ---- kubectl's tabwriter ---------------------------------------------- */

/* kubectl describe writes through text/tabwriter (minwidth 0, padding 2,
 * padchar ' ', no flags): a "\t"-terminated cell is padded to the widest
 * cell of its column block (the consecutive lines that have that cell),
 * plus 2, blocks nested per column as Go's Writer.format finds them.  The
 * sections below are written with tabs at b->p[mark..] and laid out in
 * place (tab_layout): the text is moved to the top of the buffer and
 * written back down, so no second buffer is needed; when the padding would
 * overtake what is still to be read, the output could not fit anyway and
 * b->overflow is set (the caller retries with a bigger buffer). */

#define TAB_MAX_COLS 8

struct tabw {
	struct buf *b;
	const char *end;		/* of the moved text */
	int	 widths[TAB_MAX_COLS];
	size_t	 depth;
	int	 lead;			/* the first block's column 0, at least */
	const char *first;		/* the first line */
};

static const char *
line_end(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));

	return nl ? nl : end;
}

static const char *
next_line(const char *s, const char *end)
{
	const char *e = line_end(s, end);

	return e < end ? e + 1 : end;
}

/* Tab-terminated cells of the line at s (its last cell is not one). */
static size_t
line_tabs(const char *s, const char *end)
{
	size_t n = 0;

	for (const char *e = line_end(s, end); s < e; s++)
		n += *s == '\t';
	return n;
}

/* The width of cell col of the line at s, in runes as tabwriter counts. */
static int
cell_width(const char *s, const char *end, size_t col)
{
	const char *e = line_end(s, end);
	int w = 0;

	for (; s < e && col > 0; s++)
		col -= *s == '\t';
	for (; s < e && *s != '\t'; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/* Write src[0..n) (or n spaces when src is NULL) at the end of the
 * output, which must not pass `unread`, the first byte still to be read. */
static bool
tab_put(struct tabw *t, const char *src, size_t n, const char *unread)
{
	struct buf *b = t->b;

	if (b->overflow)
		return false;
	if (b->p + b->len + n > unread) {
		b->overflow = true;
		return false;
	}
	if (src)
		memmove(b->p + b->len, src, n);
	else
		memset(b->p + b->len, ' ', n);
	b->len += n;
	return true;
}

static void
tab_write_lines(struct tabw *t, const char *l0, const char *l1)
{
	for (const char *s = l0; s < l1; s = next_line(s, t->end)) {
		const char *e = line_end(s, t->end), *c = s;

		for (size_t j = 0; c <= e; j++) {
			const char *tab = memchr(c, '\t', (size_t)(e - c));
			const char *ce = tab ? tab : e;
			int w = cell_width(c, e, 0);

			if (!tab_put(t, c, (size_t)(ce - c), ce))
				return;
			if (tab == NULL)
				break;
			if (j < t->depth) {
				if (t->widths[j] > w &&
				    !tab_put(t, NULL, (size_t)(t->widths[j] - w), tab + 1))
					return;
			} else if (!tab_put(t, NULL, 2, tab + 1)) {
				/* Past TAB_MAX_COLS columns (a value full of
				 * tabs): the padding alone, not aligned. */
				return;
			}
			c = tab + 1;
		}
		if (e < t->end && !tab_put(t, e, 1, e + 1))
			return;
	}
}

static void
tab_format(struct tabw *t, const char *l0, const char *l1)
{
	size_t column = t->depth;
	const char *s = l0;

	if (column >= TAB_MAX_COLS) {
		tab_write_lines(t, l0, l1);
		return;
	}
	while (s < l1) {
		int width = 0;
		const char *start;

		if (line_tabs(s, t->end) <= column) {
			s = next_line(s, t->end);
			continue;
		}
		tab_write_lines(t, l0, s);
		start = l0 = s;
		for (; s < l1 && line_tabs(s, t->end) > column; s = next_line(s, t->end)) {
			int w = cell_width(s, t->end, column) + 2;
			if (w > width)
				width = w;
		}
		if (column == 0 && start == t->first && t->lead > width)
			width = t->lead;
		t->widths[t->depth++] = width;
		tab_format(t, l0, s);
		t->depth--;
		l0 = s;
	}
	tab_write_lines(t, l0, l1);
}

/* Lay out b->p[mark..b->len) as kubectl's tabwriter would; `lead` is the
 * width of column 0 of the block the text's first lines continue (0: none). */
static void
tab_layout(struct buf *b, size_t mark, int lead)
{
	size_t n;
	struct tabw t = { .b = b, .lead = lead };
	char *src;

	if (b->overflow || mark > b->len)
		return;
	n = b->len - mark;
	src = b->p + b->cap - n;
	memmove(src, b->p + mark, n);
	b->len = mark;
	t.end = src + n;
	t.first = src;
	tab_format(&t, src, t.end);
}

#define CTR_COL 20	/* "    Restart Count:  " */

static void
describe_state(struct buf *b, const char *name, const struct view_state *s)
{
	char ts[64];

	render_kv_begin(b, 4, CTR_COL, name);
	switch (s->kind) {
	case VIEW_STATE_RUNNING:
		buf_adds(b, "Running\n");
		render_rfc1123z(s->started_at, ts, sizeof ts);
		render_kv_begin(b, 6, CTR_COL, "Started");
		buf_printf(b, "%s\n", ts);
		break;
	case VIEW_STATE_TERMINATED:
		buf_adds(b, "Terminated\n");
		if (s->reason[0]) {
			render_kv_begin(b, 6, CTR_COL, "Reason");
			buf_printf(b, "%s\n", s->reason);
		}
		if (s->message[0]) {
			render_kv_begin(b, 6, CTR_COL, "Message");
			add_indented(b, s->message, CTR_COL);
		}
		render_kv_begin(b, 6, CTR_COL, "Exit Code");
		buf_printf(b, "%d\n", s->exit_code);
		if (s->signal > 0) {
			render_kv_begin(b, 6, CTR_COL, "Signal");
			buf_printf(b, "%d\n", s->signal);
		}
		render_rfc1123z(s->started_at, ts, sizeof ts);
		render_kv_begin(b, 6, CTR_COL, "Started");
		buf_printf(b, "%s\n", ts);
		render_rfc1123z(s->finished_at, ts, sizeof ts);
		render_kv_begin(b, 6, CTR_COL, "Finished");
		buf_printf(b, "%s\n", ts);
		break;
	case VIEW_STATE_WAITING:
	case VIEW_STATE_NONE:
		buf_adds(b, "Waiting\n");
		if (s->kind == VIEW_STATE_WAITING && s->reason[0]) {
			render_kv_begin(b, 6, CTR_COL, "Reason");
			buf_printf(b, "%s\n", s->reason);
		}
		break;
	}
}

/* ---- describe: environment, mounts, volumes --------------------------- */

static const char *
go_bool(bool v)
{
	return v ? "true" : "false";
}

/* Go's %q of a string (kubectl's path=%q): printable ASCII as is, the
 * rest escaped. */
static void
go_quote(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			buf_printf(b, "\\%c", ch);
		else if (ch == '\n')
			buf_adds(b, "\\n");
		else if (ch == '\t')
			buf_adds(b, "\\t");
		else if (ch < 0x20 || ch == 0x7f)
			buf_printf(b, "\\x%02x", ch);
		else
			buf_addc(b, (char)ch);
	}
	buf_addc(b, '"');
}

static bool
mark_before(const struct spec_mark *a, const struct spec_mark *b)
{
	return a->line < b->line || (a->line == b->line && a->col < b->col);
}

/* The container's own `env` entries (not those envFrom brought) in the
 * order they are written: the model keeps kubelet's order, where an
 * entry that replaces one of envFrom's sits at that one's place.  Calls
 * fn on each; O(n) when already in order (the usual case). */
typedef void env_fn(void *arg, const struct container_spec *c, const struct env_var *e);

static void
each_written_env(const struct container_spec *c, env_fn *fn, void *arg)
{
	const struct env_var *prev = NULL;
	bool sorted = true;

	for (size_t i = 0; i < c->n_env; i++) {
		const struct env_var *e = &c->env[i];

		if (e->source == ENV_SOURCE_ENV_FROM)
			continue;
		if (prev && (e->mark.line == 0 || !mark_before(&prev->mark, &e->mark)))
			sorted = false;
		prev = e;
	}
	if (sorted) {
		for (size_t i = 0; i < c->n_env; i++)
			if (c->env[i].source != ENV_SOURCE_ENV_FROM)
				fn(arg, c, &c->env[i]);
		return;
	}
	/* By position, each once: the next one after the last written. */
	for (prev = NULL;;) {
		const struct env_var *next = NULL;

		for (size_t i = 0; i < c->n_env; i++) {
			const struct env_var *e = &c->env[i];

			if (e->source == ENV_SOURCE_ENV_FROM)
				continue;
			if (prev && !(mark_before(&prev->mark, &e->mark) || (!mark_before(&e->mark,
			    &prev->mark) && e > prev)))
				continue;
			if (next == NULL || mark_before(&e->mark, &next->mark))
				next = e;
		}
		if (next == NULL)
			return;
		fn(arg, c, next);
		prev = next;
	}
}

static size_t
written_env_count(const struct container_spec *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n_env; i++)
		n += c->env[i].source != ENV_SOURCE_ENV_FROM;
	return n;
}

/* The container a resourceFieldRef reads: its containerName, else its own. */
static const struct container_spec *
resource_container(const struct pod_spec *p, const struct container_spec *c,
    const struct env_var *e)
{
	if (p && e->key && e->key[0])
		for (size_t i = 0; i < p->n_containers; i++)
			if (p->containers[i].name && strcmp(p->containers[i].name, e->key) == 0)
				return &p->containers[i];
	return c;
}

struct env_line {
	struct buf *b;
	const struct pod_spec *pod;
};

/* K8S: kubectl describeContainerEnvVars. */
static void
describe_env_var(void *arg, const struct container_spec *c, const struct env_var *e)
{
	struct env_line *el = arg;
	struct buf *b = el->b;
	const char *v = e->value ? e->value : "";

	/* kubectl shows a value as written, before $(VAR) expansion. */
	if (e->source == ENV_SOURCE_VALUE && e->raw)
		v = e->raw;

	switch (e->source) {
	case ENV_SOURCE_VALUE:
		buf_printf(b, "      %s:\t", e->name);
		for (const char *nl; (nl = strchr(v, '\n')) != NULL; v = nl + 1)
			buf_printf(b, "%.*s\n      \t", (int)(nl - v), v);
		buf_printf(b, "%s\n", v);
		break;
	case ENV_SOURCE_FIELD:
		buf_printf(b, "      %s:\t%s (v1:%s)\n", e->name, v, e->ref ? e->ref : "");
		break;
	case ENV_SOURCE_RESOURCE: {
		/* kubectl computes the value from the spec, where an unset
		 * limit is 0, shown for cpu and memory as "node allocatable"
		 * (kubelet gives the node's capacity, as the process sees). */
		const struct container_spec *rc = resource_container(el->pod, c, e);
		const char *r = e->ref ? e->ref : "";

		if ((strcmp(r, "limits.cpu") == 0 && !rc->has_cpu_limit && rc->cpu_limit_milli == 0) ||
		    (strcmp(r, "limits.memory") == 0 && !rc->has_memory_limit &&
		    rc->memory_limit_bytes == 0))
			v = "node allocatable";
		else if (strcmp(r, "limits.ephemeral-storage") == 0 && !rc->has_ephemeral_limit &&
		    rc->ephemeral_limit_bytes == 0)
			v = "0";
		buf_printf(b, "      %s:\t%s (%s)\n", e->name, v, r);
		break;
	}
	case ENV_SOURCE_SECRET_KEY:
		buf_printf(b, "      %s:\t<set to the key '%s' in secret '%s'>\tOptional: %s\n",
		    e->name, e->key ? e->key : "", e->ref ? e->ref : "", go_bool(e->optional));
		break;
	case ENV_SOURCE_CONFIGMAP_KEY:
		buf_printf(b, "      %s:\t<set to the key '%s' of config map '%s'>\tOptional: %s\n",
		    e->name, e->key ? e->key : "", e->ref ? e->ref : "", go_bool(e->optional));
		break;
	case ENV_SOURCE_ENV_FROM:
		break;
	}
}

/* K8S: kubectl describeContainerVolumes: sorted by mountPath; a
 * subPathExpr is not shown (kubectl prints SubPath only). */
static void
describe_mounts(struct buf *b, const struct container_spec *c)
{
	const struct volume_mount *prev = NULL;

	buf_printf(b, "    Mounts:%s\n", c->n_mounts ? "" : "\t<none>");
	for (size_t k = 0; k < c->n_mounts; k++) {
		const struct volume_mount *next = NULL;

		for (size_t i = 0; i < c->n_mounts; i++) {
			const struct volume_mount *m = &c->mounts[i];
			int cmp = prev ? strcmp(m->mount_path, prev->mount_path) : 1;

			if (cmp < 0 || (cmp == 0 && m <= prev))
				continue;
			if (next == NULL || strcmp(m->mount_path, next->mount_path) < 0)
				next = m;
		}
		if (next == NULL)
			break;
		buf_printf(b, "      %s from %s (%s", next->mount_path, next->name,
		    next->read_only ? "ro" : "rw");
		if (next->sub_path && next->sub_path[0] && next->sub_path_expr == NULL) {
			buf_adds(b, ",path=");
			go_quote(b, next->sub_path);
		}
		buf_adds(b, ")\n");
		prev = next;
	}
}

/* Environment Variables from, Environment and Mounts of one container,
 * laid out together: they are one run of kubectl's tabwriter. */
static void
describe_env_and_mounts(struct buf *b, const struct pod_spec *pod, const struct container_spec *c)
{
	size_t mark = b->len;
	struct env_line el = { b, pod };

	if (c->n_env_from) {
		buf_adds(b, "    Environment Variables from:\n");
		for (size_t i = 0; i < c->n_env_from; i++) {
			const struct env_from_spec *f = &c->env_from[i];

			buf_printf(b, "      %s\t%s", f->name ? f->name : "",
			    spec_config_kind_name(f->kind));
			if (f->prefix && f->prefix[0])
				buf_printf(b, " with prefix '%s'", f->prefix);
			buf_printf(b, "\tOptional: %s\n", go_bool(f->optional));
		}
	}
	buf_printf(b, "    Environment:%s\n", written_env_count(c) ? "" : "\t<none>");
	each_written_env(c, describe_env_var, &el);
	describe_mounts(b, c);
	tab_layout(b, mark, CTR_COL);
}

/* resource.Quantity's canonical form of a byte count, as kubectl prints a
 * sizeLimit.  The model keeps bytes, not the suffix written: of the binary
 * (Ki, Mi, ...) and the decimal (k, M, ...) forms, the shorter (so "64Mi"
 * and "1G" come back as written; a plain "1024" would show as "1Ki"). */
void
render_quantity_bytes(struct buf *b, int64_t v)
{
	static const char *const bin[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
	static const char *const dec[] = { "", "k", "M", "G", "T", "P", "E" };
	char bs[32], ds[32];
	int64_t bv = v, dv = v;
	int bk = 0, dk = 0;

	while (bv != 0 && bv % 1024 == 0 && bk < 6) {
		bv /= 1024;
		bk++;
	}
	while (dv != 0 && dv % 1000 == 0 && dk < 6) {
		dv /= 1000;
		dk++;
	}
	snprintf(bs, sizeof bs, "%lld%s", (long long)bv, bin[bk]);
	snprintf(ds, sizeof ds, "%lld%s", (long long)dv, dec[dk]);
	buf_adds(b, strlen(bs) < strlen(ds) ? bs : ds);
}

/* K8S: kubectl describeVolumes and its print*VolumeSource. */
static void
describe_volume(struct buf *b, const struct volume_spec *v)
{
	const struct volume_source *src = v->n_sources ? &v->sources[0] : NULL;
	const char *name = src && src->name ? src->name : "";
	bool optional = src && src->optional;

	buf_printf(b, "  %s:\n", v->name);
	switch (v->type) {
	case VOLUME_EMPTY_DIR:
		buf_printf(b, "    Type:\tEmptyDir (a temporary directory that shares a pod's "
		    "lifetime)\n    Medium:\t%s\n    SizeLimit:\t", v->medium_memory ? "Memory" : "");
		if (v->size_limit_bytes > 0)
			render_quantity_bytes(b, v->size_limit_bytes);
		else
			buf_adds(b, "<unset>");
		buf_addc(b, '\n');
		break;
	case VOLUME_CONFIGMAP:
		buf_printf(b, "    Type:\tConfigMap (a volume populated by a ConfigMap)\n"
		    "    Name:\t%s\n    Optional:\t%s\n", name, go_bool(optional));
		break;
	case VOLUME_SECRET:
		buf_printf(b, "    Type:\tSecret (a volume populated by a Secret)\n"
		    "    SecretName:\t%s\n    Optional:\t%s\n", name, go_bool(optional));
		break;
	case VOLUME_DOWNWARD_API:
		buf_adds(b, "    Type:\tDownwardAPI (a volume populated by information about the "
		    "pod)\n    Items:\n");
		for (size_t i = 0; i < v->n_files; i++)
			if (v->files[i].field_ref)
				buf_printf(b, "      %s -> %s\n", v->files[i].field_ref,
				    v->files[i].path);
		break;
	case VOLUME_PROJECTED:
		buf_adds(b, "    Type:\tProjected (a volume that contains injected data from "
		    "multiple sources)\n");
		for (size_t i = 0; v->sources && i < v->n_sources; i++) {
			const struct volume_source *ps = &v->sources[i];

			if (ps->type == VOLUME_SECRET)
				buf_printf(b, "    SecretName:\t%s\n    Optional:\t%s\n",
				    ps->name ? ps->name : "", go_bool(ps->optional));
			else if (ps->type == VOLUME_DOWNWARD_API)
				buf_adds(b, "    DownwardAPI:\ttrue\n");
			else if (ps->type == VOLUME_CONFIGMAP)
				buf_printf(b, "    ConfigMapName:\t%s\n    Optional:\t%s\n",
				    ps->name ? ps->name : "", go_bool(ps->optional));
		}
		break;
	case VOLUME_HOST_PATH:
		/* The API server defaults type to "": kubectl shows it empty. */
		buf_printf(b, "    Type:\tHostPath (bare host directory volume)\n    Path:\t%s\n"
		    "    HostPathType:\t%s\n", v->path ? v->path : "",
		    v->host_path_type ? v->host_path_type : "");
		break;
	case VOLUME_PVC:
		buf_printf(b, "    Type:\tPersistentVolumeClaim (a reference to a "
		    "PersistentVolumeClaim in the same namespace)\n    ClaimName:\t%s\n"
		    "    ReadOnly:\t%s\n", v->path ? v->path : "", go_bool(v->read_only));
		break;
	}
}

/* `lead`: the Conditions table's first column, which "Volumes:\t<none>"
 * continues in kubectl's tabwriter. */
static void
describe_volumes(struct buf *b, const struct pod_spec *p, int lead)
{
	size_t mark = b->len;

	if (p == NULL || p->n_volumes == 0)
		buf_adds(b, "Volumes:\t<none>\n");
	else {
		buf_adds(b, "Volumes:\n");
		for (size_t i = 0; i < p->n_volumes; i++)
			describe_volume(b, &p->volumes[i]);
	}
	tab_layout(b, mark, lead);
}

static void
describe_container(struct buf *b, const struct pod_spec *pod, const struct ctr_view *c)
{
	const struct container_spec *cs = c->spec;

	buf_printf(b, "  %s:\n", ctr_name(c));
	if (cs) {
		render_kv_begin(b, 4, CTR_COL, cs->n_ports > 1 ? "Ports" : "Port");
		if (cs->n_ports == 0)
			buf_adds(b, "<none>");
		for (size_t i = 0; i < cs->n_ports; i++)
			buf_printf(b, "%s%d/%s", i ? ", " : "", cs->ports[i].container_port,
			    cs->ports[i].protocol ? cs->ports[i].protocol : "TCP");
		buf_addc(b, '\n');
		if (cs->argv && cs->argv[0]) {
			buf_adds(b, "    Command:\n");
			for (size_t i = 0; cs->argv[i]; i++)
				buf_printf(b, "      %s\n", cs->argv[i]);
		}
	}
	describe_state(b, "State", &c->state);
	if (c->last_state.kind == VIEW_STATE_TERMINATED)
		describe_state(b, "Last State", &c->last_state);
	render_kv_begin(b, 4, CTR_COL, "Ready");
	buf_printf(b, "%s\n", c->ready ? "True" : "False");
	render_kv_begin(b, 4, CTR_COL, "Restart Count");
	buf_printf(b, "%d\n", c->restart_count);
	if (cs) {
		for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
			if (!cs->probes[t].present)
				continue;
			render_kv_begin(b, 4, CTR_COL, spec_probe_type_name((enum probe_type)t));
			render_probe_line(b, &cs->probes[t]);
			buf_addc(b, '\n');
		}
		describe_env_and_mounts(b, pod, cs);
	}
}

static void
ev_age(const struct event *ev, int64_t real_now, char *out, size_t outsz)
{
	char last[32], first[32];

	render_human_duration(real_now - ev->last_time, last, sizeof last);
	if (ev->count > 1) {
		render_human_duration(real_now - ev->first_time, first, sizeof first);
		snprintf(out, outsz, "%s (x%u over %s)", last, ev->count, first);
	} else
		snprintf(out, outsz, "%s", last);
}

static void
pad(struct buf *b, const char *s, size_t width)
{
	size_t n = strlen(s);

	buf_adds(b, s);
	buf_printf(b, "%*s", (int)(width > n ? width - n : 0), "");
}

void
render_events_table(struct buf *b, const struct events *e, int64_t real_now)
{
	render_events_table_from(b, e, real_now, "kubelet");
}

void
render_events_table_from(struct buf *b, const struct events *e, int64_t real_now,
    const char *from)
{
	const struct event *list[EVENTS_MAX];
	size_t n = e ? events_list(e, list, EVENTS_MAX) : 0;
	size_t wt = 4, wr = 6, wa = 4;	/* the header and its dashes */
	char age[96];

	if (n == 0) {
		render_kv_begin(b, 0, RENDER_TOP_COL, "Events");
		buf_adds(b, "<none>\n");
		return;
	}
	/* kubectl: tabwriter with padding 2 over Type, Reason, Age, From. */
	for (size_t i = 0; i < n; i++) {
		ev_age(list[i], real_now, age, sizeof age);
		if (strlen(list[i]->type) > wt)
			wt = strlen(list[i]->type);
		if (strlen(list[i]->reason) > wr)
			wr = strlen(list[i]->reason);
		if (strlen(age) > wa)
			wa = strlen(age);
	}
	buf_adds(b, "Events:\n  ");
	pad(b, "Type", wt + 2);
	pad(b, "Reason", wr + 2);
	pad(b, "Age", wa + 2);
	pad(b, "From", strlen(from) + 2);
	buf_adds(b, "Message\n  ");
	pad(b, "----", wt + 2);
	pad(b, "------", wr + 2);
	pad(b, "----", wa + 2);
	pad(b, "----", strlen(from) + 2);
	buf_adds(b, "-------\n");
	for (size_t i = 0; i < n; i++) {
		const struct event *ev = list[i];

		ev_age(ev, real_now, age, sizeof age);
		buf_adds(b, "  ");
		pad(b, ev->type, wt + 2);
		pad(b, ev->reason, wr + 2);
		pad(b, age, wa + 2);
		/* kubectl trims the message (strings.TrimSpace): an exec
		 * probe's output usually ends in a newline. */
		const char *m = ev->message;
		size_t ml = strlen(m);
		while (*m == ' ' || *m == '\n' || *m == '\t' || *m == '\r')
			m++, ml--;
		while (ml > 0 && (m[ml - 1] == ' ' || m[ml - 1] == '\n' || m[ml - 1] == '\t' ||
		    m[ml - 1] == '\r'))
			ml--;
		buf_printf(b, "%s  %.*s\n", from, (int)ml, m);
	}
}

void
render_describe(struct buf *b, const struct pod_view *v, int64_t real_now)
{
	char ts[64];
	size_t n_init = 0, wc = 4;

	render_kv_begin(b, 0, RENDER_TOP_COL, "Name");
	buf_printf(b, "%s\n", pod_name(v));
	render_kv_begin(b, 0, RENDER_TOP_COL, "Namespace");
	buf_printf(b, "%s\n", pod_namespace(v));
	if (v->start_time) {
		render_rfc1123z(v->start_time, ts, sizeof ts);
		render_kv_begin(b, 0, RENDER_TOP_COL, "Start Time");
		buf_printf(b, "%s\n", ts);
	}
	render_kv_begin(b, 0, RENDER_TOP_COL, "Status");
	buf_printf(b, "%s\n", pod_phase_name(v->phase));
	/* kubectl describe: Reason and Message under Status, when set. */
	if (v->reason[0]) {
		render_kv_begin(b, 0, RENDER_TOP_COL, "Reason");
		buf_printf(b, "%s\n", v->reason);
	}
	if (v->message[0]) {
		render_kv_begin(b, 0, RENDER_TOP_COL, "Message");
		buf_printf(b, "%s\n", v->message);
	}
	if (v->job != NULL && v->job->cfg.spec->name != NULL) {
		render_kv_begin(b, 0, RENDER_TOP_COL, "Controlled By");
		buf_printf(b, "Job/%s\n", v->job->cfg.spec->name);
	}
	if (v->spec) {
		render_kv_begin(b, 0, RENDER_TOP_COL, "Restart Policy");
		buf_printf(b, "%s\n", spec_restart_policy_name(v->spec->restart_policy));
	}
	for (size_t i = 0; i < v->n_ctrs; i++)
		n_init += ctr_is_init(&v->ctrs[i]);
	if (n_init) {
		buf_adds(b, "Init Containers:\n");
		for (size_t i = 0; i < v->n_ctrs; i++)
			if (ctr_is_init(&v->ctrs[i]))
				describe_container(b, v->spec, &v->ctrs[i]);
	}
	buf_adds(b, "Containers:\n");
	for (size_t i = 0; i < v->n_ctrs; i++)
		if (!ctr_is_init(&v->ctrs[i]))
			describe_container(b, v->spec, &v->ctrs[i]);

	/* kubectl writes "%v \t%v \n": the trailing blanks are its. */
	for (int c = 0; c < VIEW_COND_COUNT; c++)
		if (render_cond_shown(v, (enum view_cond)c) &&
		    strlen(render_cond_name((enum view_cond)c)) + 1 > wc)
			wc = strlen(render_cond_name((enum view_cond)c)) + 1;
	buf_adds(b, "Conditions:\n  ");
	pad(b, "Type", wc + 2);
	buf_adds(b, "Status\n");
	for (int c = 0; c < VIEW_COND_COUNT; c++) {
		char cell[64];

		if (!render_cond_shown(v, (enum view_cond)c))
			continue;
		snprintf(cell, sizeof cell, "%s ", render_cond_name((enum view_cond)c));
		buf_adds(b, "  ");
		pad(b, cell, wc + 2);
		buf_printf(b, "%s \n", v->conditions[c].status ? "True" : "False");
	}
	describe_volumes(b, v->spec, (int)(2 + wc + 2));
	render_events_table(b, v->events, real_now);
	if (v->job != NULL) {
		buf_addc(b, '\n');
		render_job_describe(b, v, real_now);
	}
}

/* ---- /status: the spec's environment, mounts and volumes ---------------- */

/* A field path of the Downward API, or a resource (limits.*, requests.*). */
static bool
is_resource_ref(const char *ref)
{
	return strncmp(ref, "limits.", 7) == 0 || strncmp(ref, "requests.", 9) == 0;
}

static void
json_key_ref(struct json *j, const char *kind, const char *name, const char *key, bool optional)
{
	json_key(j, kind);
	json_object_begin(j);
	json_kv_string(j, "name", name ? name : "");
	if (key)
		json_kv_string(j, "key", key);
	if (optional)
		json_kv_bool(j, "optional", true);
	json_object_end(j);
}

static void
json_field_ref(struct json *j, const char *path)
{
	json_key(j, "fieldRef");
	json_object_begin(j);
	json_kv_string(j, "apiVersion", "v1");
	json_kv_string(j, "fieldPath", path);
	json_object_end(j);
}

/* One EnvVar as a PodSpec holds it.  A plain value (as written, before
 * $(VAR)) and what fieldRef and resourceFieldRef resolved to are shown as
 * `value`; a ConfigMap's or a Secret's key only as its `valueFrom`, so no
 * Secret value is served. */
struct env_json {
	struct json *j;
	bool	 resolved;
};

static void
json_env_var(void *arg, const struct container_spec *c, const struct env_var *e)
{
	struct env_json *ej = arg;
	struct json *j = ej->j;

	(void)c;
	json_object_begin(j);
	json_kv_string(j, "name", e->name);
	if (e->source == ENV_SOURCE_VALUE)
		json_kv_string(j, "value", e->raw ? e->raw : e->value ? e->value : "");
	else if (ej->resolved && (e->source == ENV_SOURCE_FIELD || e->source == ENV_SOURCE_RESOURCE))
		json_kv_string(j, "value", e->value ? e->value : "");
	if (e->source != ENV_SOURCE_VALUE) {
		json_key(j, "valueFrom");
		json_object_begin(j);
		switch (e->source) {
		case ENV_SOURCE_FIELD:
			json_field_ref(j, e->ref ? e->ref : "");
			break;
		case ENV_SOURCE_RESOURCE:
			json_key(j, "resourceFieldRef");
			json_object_begin(j);
			if (e->key)
				json_kv_string(j, "containerName", e->key);
			json_kv_string(j, "resource", e->ref ? e->ref : "");
			/* The API server's zero Quantity, when none is written. */
			json_kv_string(j, "divisor", e->divisor ? e->divisor : "0");
			json_object_end(j);
			break;
		case ENV_SOURCE_CONFIGMAP_KEY:
			json_key_ref(j, "configMapKeyRef", e->ref, e->key ? e->key : "", e->optional);
			break;
		case ENV_SOURCE_SECRET_KEY:
			json_key_ref(j, "secretKeyRef", e->ref, e->key ? e->key : "", e->optional);
			break;
		case ENV_SOURCE_VALUE:
		case ENV_SOURCE_ENV_FROM:
			break;
		}
		json_object_end(j);
	}
	json_object_end(j);
}

static void
json_container_spec(struct json *j, const struct container_spec *c)
{
	json_object_begin(j);
	json_kv_string(j, "name", c->name ? c->name : "");
	render_container_env_fields(j, c, true);
	render_container_mounts_field(j, c);
	json_object_end(j);
}

void
render_container_env_fields(struct json *j, const struct container_spec *c, bool resolved)
{
	struct env_json ej = { j, resolved };

	if (written_env_count(c)) {
		json_key(j, "env");
		json_array_begin(j);
		each_written_env(c, json_env_var, &ej);
		json_array_end(j);
	}
	if (c->n_env_from) {
		json_key(j, "envFrom");
		json_array_begin(j);
		for (size_t i = 0; i < c->n_env_from; i++) {
			const struct env_from_spec *f = &c->env_from[i];

			json_object_begin(j);
			json_key_ref(j, f->kind == CONFIG_SECRET ? "secretRef" : "configMapRef",
			    f->name, NULL, f->optional);
			if (f->prefix && f->prefix[0])
				json_kv_string(j, "prefix", f->prefix);
			json_object_end(j);
		}
		json_array_end(j);
	}
}

void
render_container_mounts_field(struct json *j, const struct container_spec *c)
{
	if (c->n_mounts) {
		json_key(j, "volumeMounts");
		json_array_begin(j);
		for (size_t i = 0; i < c->n_mounts; i++) {
			const struct volume_mount *m = &c->mounts[i];

			json_object_begin(j);
			json_kv_string(j, "name", m->name);
			json_kv_string(j, "mountPath", m->mount_path);
			if (m->read_only)
				json_kv_bool(j, "readOnly", true);
			if (m->sub_path_expr)
				json_kv_string(j, "subPathExpr", m->sub_path_expr);
			else if (m->sub_path && m->sub_path[0])
				json_kv_string(j, "subPath", m->sub_path);
			json_object_end(j);
		}
		json_array_end(j);
	}
}

/* A downwardAPI volume's (or projection's) items: its files that came
 * from a field or a resource. */
static void
json_downward_items(struct json *j, const struct volume_spec *v)
{
	json_key(j, "items");
	json_array_begin(j);
	for (size_t i = 0; i < v->n_files; i++) {
		const struct volume_file *f = &v->files[i];

		if (f->field_ref == NULL)
			continue;
		json_object_begin(j);
		json_kv_string(j, "path", f->path);
		if (is_resource_ref(f->field_ref)) {
			/* The model keeps the resource, not its containerName
			 * or divisor: those are left out rather than guessed. */
			json_key(j, "resourceFieldRef");
			json_object_begin(j);
			json_kv_string(j, "resource", f->field_ref);
			json_object_end(j);
		} else
			json_field_ref(j, f->field_ref);
		if (f->mode != v->default_mode)
			json_kv_int(j, "mode", f->mode);
		json_object_end(j);
	}
	json_array_end(j);
}

/* One Volume as a PodSpec holds it (what the API server shows: the
 * source, never a ConfigMap's or Secret's data). */
void
render_volume_json(struct json *j, const struct volume_spec *v)
{
	const struct volume_source *src = v->n_sources ? &v->sources[0] : NULL;

	json_object_begin(j);
	json_kv_string(j, "name", v->name);
	switch (v->type) {
	case VOLUME_EMPTY_DIR:
		json_key(j, "emptyDir");
		json_object_begin(j);
		if (v->medium_memory)
			json_kv_string(j, "medium", "Memory");
		if (v->size_limit_bytes > 0) {
			char mem[32];
			struct buf q;

			buf_init(&q, mem, sizeof mem);
			render_quantity_bytes(&q, v->size_limit_bytes);
			json_kv_string(j, "sizeLimit", buf_cstr(&q));
		}
		json_object_end(j);
		break;
	case VOLUME_CONFIGMAP:
	case VOLUME_SECRET:
		json_key(j, v->type == VOLUME_SECRET ? "secret" : "configMap");
		json_object_begin(j);
		json_kv_string(j, v->type == VOLUME_SECRET ? "secretName" : "name",
		    src && src->name ? src->name : "");
		json_kv_int(j, "defaultMode", v->default_mode);
		if (src && src->optional)
			json_kv_bool(j, "optional", true);
		json_object_end(j);
		break;
	case VOLUME_DOWNWARD_API:
		json_key(j, "downwardAPI");
		json_object_begin(j);
		json_downward_items(j, v);
		json_kv_int(j, "defaultMode", v->default_mode);
		json_object_end(j);
		break;
	case VOLUME_PROJECTED: {
		bool items_done = false;

		json_key(j, "projected");
		json_object_begin(j);
		json_key(j, "sources");
		json_array_begin(j);
		for (size_t i = 0; v->sources && i < v->n_sources; i++) {
			const struct volume_source *ps = &v->sources[i];

			json_object_begin(j);
			if (ps->type == VOLUME_DOWNWARD_API) {
				json_key(j, "downwardAPI");
				json_object_begin(j);
				/* The model keeps the files, not which source made
				 * each: the first downwardAPI source shows them. */
				if (!items_done)
					json_downward_items(j, v);
				items_done = true;
				json_object_end(j);
			} else
				json_key_ref(j, ps->type == VOLUME_SECRET ? "secret" : "configMap",
				    ps->name, NULL, ps->optional);
			json_object_end(j);
		}
		json_array_end(j);
		json_kv_int(j, "defaultMode", v->default_mode);
		json_object_end(j);
		break;
	}
	case VOLUME_HOST_PATH:
		json_key(j, "hostPath");
		json_object_begin(j);
		json_kv_string(j, "path", v->path ? v->path : "");
		json_kv_string(j, "type", v->host_path_type ? v->host_path_type : "");
		json_object_end(j);
		break;
	case VOLUME_PVC:
		json_key(j, "persistentVolumeClaim");
		json_object_begin(j);
		json_kv_string(j, "claimName", v->path ? v->path : "");
		if (v->read_only)
			json_kv_bool(j, "readOnly", true);
		json_object_end(j);
		break;
	}
	json_object_end(j);
}

void
render_spec_json(struct json *j, const struct pod_spec *p)
{
	json_object_begin(j);
	if (p && p->n_init) {
		json_key(j, "initContainers");
		json_array_begin(j);
		for (size_t i = 0; i < p->n_containers; i++)
			if (p->containers[i].is_init)
				json_container_spec(j, &p->containers[i]);
		json_array_end(j);
	}
	json_key(j, "containers");
	json_array_begin(j);
	for (size_t i = 0; p && i < p->n_containers; i++)
		if (!p->containers[i].is_init)
			json_container_spec(j, &p->containers[i]);
	json_array_end(j);
	if (p && p->n_volumes) {
		json_key(j, "volumes");
		json_array_begin(j);
		for (size_t i = 0; i < p->n_volumes; i++)
			render_volume_json(j, &p->volumes[i]);
		json_array_end(j);
	}
	json_object_end(j);
}
