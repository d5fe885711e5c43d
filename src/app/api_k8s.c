/* api_k8s: the read-only part of the Kubernetes API that kubectl needs
 * (SPEC §8), on the status API's connections: discovery, pods, events,
 * watches of both, pods/NAME/log and metrics.k8s.io's PodMetrics, plus
 * /kubeconfig for `podinit kubeconfig`.  The JSON is the core's (k8s_pod,
 * k8s_event, k8s_table, k8s_discovery); this file routes, keeps the pod's
 * resourceVersion (bumped only when the rendered Pod changed), and runs
 * the streams: a watch sends a frame per change from api_notify, a log
 * stream sends what its logbuf holds past its cursor.  Each stream's
 * unsent bytes are bounded (STREAM_BUF_MAX: a reader too slow is closed),
 * at most API_MAX_STREAMS at a time. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/api.h"
#include "podinit/json.h"
#include "podinit/k8s_discovery.h"
#include "podinit/k8s_event.h"
#include "podinit/k8s_pod.h"
#include "podinit/k8s_query.h"
#include "podinit/k8s_table.h"
#include "podinit/log.h"
#include "podinit/logbuf.h"
#include "podinit/units.h"

#include "api_internal.h"

#define JSON_CTYPE	"application/json"
/* The API server ends a watch without timeoutSeconds after 30 to 60
 * minutes; one hour here. */
#define WATCH_MAX_NS	(3600LL * NS_PER_SEC)
#define LOG_PUMP_BYTES	(256u * 1024)	/* log bytes read per pass of a stream */
#define NAME_MAX_K8S	256

enum stream_kind {
	STREAM_PODS,
	STREAM_EVENTS,
	STREAM_LOG,
};

struct api_stream {
	enum stream_kind kind;
	bool	 table, full;		/* as=Table; includeObject=Object */
	char	 ns[NAME_MAX_K8S];	/* "" = every namespace */
	char	 name[NAME_MAX_K8S];	/* a pod's name from the path, "" = any */
	struct k8s_selector fsel, lsel;
	uint64_t rv;			/* pods: the version sent; events: the list's */
	bool	 shown;			/* pods: the pod was sent and matched */
	struct k8s_pod_gone last;	/* pods: the one shown (a Job's next is another) */
	/* logs */
	size_t	 ctr;
	bool	 previous, follow;
	int32_t	 restarts;		/* the instance followed */
	const struct logbuf *log;
	struct logbuf_query q;
	uint64_t cursor;
	int64_t	 written;
};

/* ---- the request's pieces ------------------------------------------------ */

struct k8s_req {
	const struct http_request *http;
	char	 path[HTTP_REQ_TARGET_MAX];
	const char *seg[10];
	size_t	 n;
	bool	 head;
};

static void
split_path(struct k8s_req *r)
{
	char *p;

	memcpy(r->path, r->http->target, r->http->path_len);
	r->path[r->http->path_len] = '\0';
	r->n = 0;
	for (p = r->path; *p == '/'; p++)
		;
	while (*p != '\0' && r->n < sizeof r->seg / sizeof r->seg[0]) {
		char *slash = strchr(p, '/');

		r->seg[r->n++] = p;
		if (slash == NULL)
			break;
		*slash = '\0';
		for (p = slash + 1; *p == '/'; p++)
			;
	}
}

static bool
seg_is(const struct k8s_req *r, size_t i, const char *s)
{
	return i < r->n && strcmp(r->seg[i], s) == 0;
}

bool
api_k8s_path(const struct http_request *req)
{
	static const char *const roots[] = { "/api", "/apis", "/version", "/kubeconfig",
		"/openapi" };

	for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
		size_t n = strlen(roots[i]);

		if (req->path_len >= n && memcmp(req->target, roots[i], n) == 0 &&
		    (req->path_len == n || req->target[n] == '/'))
			return true;
	}
	return false;
}

static const char *
query(const struct k8s_req *r)
{
	return r->http->query ? r->http->query : "";
}

/* Accept: ...;as=Table;v=v1;g=meta.k8s.io (kubectl get). */
static bool
wants_table(const struct http_request *req)
{
	const struct http_req_header *h = http_request_header(req, "Accept");

	if (h == NULL)
		return false;
	for (size_t i = 0; i + 8 <= h->value_len; i++)
		if (memcmp(h->value + i, "as=Table", 8) == 0)
			return true;
	return false;
}

static void
node_of(const struct api *a, struct k8s_node *n)
{
	memset(n, 0, sizeof *n);
	if (a->facts == NULL)
		return;
	n->node_name = a->facts->node_name;
	n->host_ips = a->facts->host_ips;
	n->n_host_ips = a->facts->n_host_ips;
	n->pod_ips = a->facts->pod_ips;
	n->n_pod_ips = a->facts->n_pod_ips;
}

/* ---- answers --------------------------------------------------------- */

struct status_ctx {
	int	 code;
	const char *reason, *message, *name, *kind;
};

static void
status_fn(struct buf *b, void *arg)
{
	struct status_ctx *s = arg;

	k8s_status_render(b, s->code, s->reason, s->message, s->name, s->kind);
}

static void
respond_status(struct api_conn *c, const struct k8s_req *r, int code, const char *reason,
    const char *message, const char *name, const char *kind)
{
	struct status_ctx s = { code, reason, message, name, kind };

	api_respond_rendered(c, code, JSON_CTYPE, status_fn, &s, r->head);
}

static void
not_found(struct api_conn *c, const struct k8s_req *r)
{
	respond_status(c, r, 404, "NotFound", "the server could not find the requested resource",
	    NULL, NULL);
}

static void
pod_not_found(struct api_conn *c, const struct k8s_req *r, const char *name)
{
	char msg[NAME_MAX_K8S + 32];

	snprintf(msg, sizeof msg, "pods \"%s\" not found", name);
	respond_status(c, r, 404, "NotFound", msg, name, "pods");
}

static void
bad_request(struct api_conn *c, const struct k8s_req *r, const char *msg)
{
	respond_status(c, r, 400, "BadRequest", msg, NULL, NULL);
}

struct doc_ctx {
	enum k8s_doc d;
};

static void
doc_fn(struct buf *b, void *arg)
{
	k8s_discovery_render(b, ((struct doc_ctx *)arg)->d, PODINIT_VERSION);
}

static void
respond_doc(struct api_conn *c, const struct k8s_req *r, enum k8s_doc d)
{
	struct doc_ctx dc = { d };

	api_respond_rendered(c, 200, JSON_CTYPE, doc_fn, &dc, r->head);
}

/* ---- the pod's resourceVersion ---------------------------------------- */

struct pod_ctx {
	const struct pod_view *v;
	struct k8s_node n;
	uint64_t rv;
	bool	 with_pod, table, full, list;
	int64_t	 real_now;
};

static void
pod_fn(struct buf *b, void *arg)
{
	struct pod_ctx *p = arg;

	if (p->table)
		k8s_pod_table_render(b, p->v, &p->n, p->rv, p->with_pod, p->full, p->real_now);
	else if (p->list)
		k8s_pod_list_render(b, p->v, &p->n, p->rv, p->with_pod);
	else
		k8s_pod_render(b, p->v, &p->n, p->rv);
}

static uint64_t
fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The version moves when the Pod's JSON (at version 0) changed: the
 * view is updated in place, so its bytes are the only witness. */
static uint64_t
pod_rv(struct api *a, const struct pod_view *v)
{
	struct pod_ctx p = { .v = v, .rv = 0 };
	struct buf b;
	uint64_t h;

	node_of(a, &p.n);
	if (api_render(a, pod_fn, &p, &b) == -1)
		return a->pod_rv;
	h = fnv1a(b.p, b.len);
	if (a->pod_rv == 0 || h != a->pod_hash) {
		a->pod_rv++;
		a->pod_hash = h;
	}
	return a->pod_rv;
}

/* Is the pod in what the request (or stream) selects? */
static bool
pod_selected(const struct pod_view *v, const struct k8s_node *n, const char *ns,
    const char *name, const struct k8s_selector *fsel, const struct k8s_selector *lsel)
{
	struct k8s_pod_ref ref = { v, n };

	if (ns[0] && strcmp(ns, k8s_pod_namespace(v)) != 0)
		return false;
	if (name[0] && strcmp(name, k8s_pod_name(v)) != 0)
		return false;
	return k8s_selector_match(fsel, k8s_pod_field, &ref) &&
	    k8s_selector_match(lsel, k8s_pod_label, &ref);
}

/* fieldSelector and labelSelector of the query; 400 answered on error. */
static int
selectors(struct api_conn *c, const struct k8s_req *r, struct k8s_selector *fsel,
    struct k8s_selector *lsel)
{
	char s[1024], err[256];

	fsel->n = lsel->n = 0;
	if (k8s_query_param(query(r), "fieldSelector", s, sizeof s) &&
	    k8s_selector_parse(s, fsel, err, sizeof err) == -1) {
		bad_request(c, r, err);
		return -1;
	}
	if (k8s_query_param(query(r), "labelSelector", s, sizeof s) &&
	    k8s_selector_parse(s, lsel, err, sizeof err) == -1) {
		bad_request(c, r, err);
		return -1;
	}
	return 0;
}

/* ---- streams ------------------------------------------------------------ */

static void
stream_frame_pod(struct json *j, struct api *a, const struct api_stream *st,
    const struct pod_view *v, const struct k8s_node *n, uint64_t rv)
{
	if (st->table)
		k8s_pod_table_json(j, v, n, rv, true, st->full, loop_real_now(a->loop));
	else
		k8s_pod_json(j, v, n, rv);
}

struct frame_ctx {
	struct api *a;
	const struct api_stream *st;
	const struct pod_view *v;
	const struct k8s_node *n;
	const char *type;
	uint64_t rv;
	const struct k8s_event_ref *ev;
	bool	 gone;			/* the pod st->uid names, DELETED */
};

static void
frame_fn(struct buf *b, void *arg)
{
	struct frame_ctx *f = arg;
	struct json j;

	json_init(&j, b);
	json_object_begin(&j);
	json_kv_string(&j, "type", f->type);
	json_key(&j, "object");
	if (f->gone && f->st->table)
		k8s_pod_gone_table_json(&j, &f->st->last, f->n, f->rv, loop_real_now(f->a->loop));
	else if (f->gone)
		k8s_pod_gone_json(&j, &f->st->last, f->rv);
	else if (f->ev == NULL)
		stream_frame_pod(&j, f->a, f->st, f->v, f->n, f->rv);
	else if (f->st->table)
		k8s_event_table_json(&j, f->ev, 1, f->rv, loop_real_now(f->a->loop));
	else
		k8s_event_json(&j, f->ev);
	json_object_end(&j);
	buf_addc(b, '\n');
}

/* One WatchEvent line as one chunk; -1 when the connection is gone. */
static int
send_frame(struct api_conn *c, struct frame_ctx *f)
{
	struct buf b;

	if (api_render(c->api, frame_fn, f, &b) == -1) {
		api_conn_close(c);
		return -1;
	}
	return api_stream_chunk(c, b.p, b.len);
}

static const char *
pod_uid(const struct pod_view *v)
{
	return v->spec && v->spec->uid ? v->spec->uid : "";
}

/* Remember the pod shown, for its DELETED once another replaces it. */
static void
pods_shown(struct api_stream *st, const struct pod_view *v)
{
	k8s_pod_gone_fill(&st->last, v);
}

static void
pods_pump(struct api_conn *c, const struct pod_view *v)
{
	struct api_stream *st = c->stream;
	struct k8s_node n;
	uint64_t rv = pod_rv(c->api, v);
	struct frame_ctx f = { .a = c->api, .st = st, .v = v, .n = &n, .rv = rv };
	bool sel;

	node_of(c->api, &n);
	sel = pod_selected(v, &n, st->ns, st->name, &st->fsel, &st->lsel);
	if (rv == st->rv && sel == st->shown)
		return;
	st->rv = rv;
	/* A Job's next pod: the one shown is gone, this one is new. */
	if (st->shown && strcmp(st->last.uid, pod_uid(v)) != 0) {
		f.type = "DELETED";
		f.gone = true;
		if (send_frame(c, &f) == -1)
			return;
		f.gone = false;
		st->shown = false;
	}
	if (sel)
		f.type = st->shown ? "MODIFIED" : "ADDED";
	else if (st->shown)
		f.type = "DELETED";	/* it no longer matches */
	else
		return;
	st->shown = sel;
	pods_shown(st, v);
	(void)send_frame(c, &f);
}

static void
events_pump(struct api_conn *c, const struct pod_view *v)
{
	struct api_stream *st = c->stream;
	struct api *a = c->api;
	struct k8s_node n;
	size_t m;

	node_of(a, &n);
	if (st->ns[0] && strcmp(st->ns, k8s_pod_namespace(v)) != 0)
		return;
	/* A Job's next pod has a set of its own, counted from 1 again: its
	 * part of the version (the low half) starts over. */
	if (strcmp(st->last.uid, pod_uid(v)) != 0) {
		if (st->last.uid[0] != '\0')
			st->rv &= ~(uint64_t)0xffffffffu;
		k8s_pod_gone_fill(&st->last, v);
	}
	m = k8s_events_collect(v, &n, st->rv, a->refs, K8S_EVENTS_MAX);
	st->rv = k8s_events_rv(v);
	for (size_t i = 0; i < m; i++) {
		struct frame_ctx f = { .a = a, .st = st, .v = v, .n = &n, .rv = st->rv,
			.ev = &a->refs[i] };

		if (!k8s_selector_match(&st->fsel, k8s_event_field, &a->refs[i]))
			continue;
		f.type = a->refs[i].ev->count > 1 ? "MODIFIED" : "ADDED";
		if (send_frame(c, &f) == -1)
			return;
	}
}

/* The container's instance the stream reads has ended: nothing more
 * will come (kubectl logs -f returns). */
static bool
log_instance_over(const struct api_stream *st, const struct ctr_view *cv)
{
	return st->previous || !st->follow || cv->restart_count != st->restarts ||
	    cv->log != st->log || cv->state.kind == VIEW_STATE_TERMINATED;
}

static void
log_pump(struct api_conn *c, const struct pod_view *v)
{
	struct api_stream *st = c->stream;
	const struct ctr_view *cv;
	size_t sent = 0;

	if (st->ctr >= v->n_ctrs) {
		api_stream_end(c);
		return;
	}
	cv = &v->ctrs[st->ctr];
	/* Stop filling while the reader has not taken half of its buffer. */
	while (c->out_len - c->out_off < STREAM_BUF_MAX / 2 && sent < LOG_PUMP_BYTES) {
		struct buf b;
		bool done;

		if (st->log == NULL || (!st->previous && cv->log != st->log)) {
			api_stream_end(c);
			return;
		}
		buf_init(&b, c->api->scratch, c->api->scratch_cap);
		done = logbuf_read(st->log, &st->q, &st->cursor, &st->written, &b);
		if (b.len > 0 && api_stream_chunk(c, b.p, b.len) == -1)
			return;
		sent += b.len;
		if (st->q.limit_bytes >= 0 && st->written >= st->q.limit_bytes) {
			api_stream_end(c);
			return;
		}
		if (done) {
			if (log_instance_over(st, cv))
				api_stream_end(c);
			return;
		}
		if (b.len == 0)
			return;
	}
}

static void
stream_pump(struct api_conn *c)
{
	const struct pod_view *v = c->api->fn(c->api->arg);

	if (v == NULL || c->stream == NULL)
		return;
	switch (c->stream->kind) {
	case STREAM_PODS:
		pods_pump(c, v);
		break;
	case STREAM_EVENTS:
		events_pump(c, v);
		break;
	case STREAM_LOG:
		log_pump(c, v);
		break;
	}
}

void
api_k8s_notify(struct api *a, bool logs_only)
{
	for (size_t i = 0; i < API_MAX_CONNS; i++) {
		struct api_conn *c = &a->conns[i];

		if (c->state == CONN_STREAMING && c->stream != NULL &&
		    (!logs_only || c->stream->kind == STREAM_LOG))
			stream_pump(c);
	}
}

void
api_k8s_stream_pump(struct api_conn *c)
{
	if (c->state == CONN_STREAMING && c->stream != NULL && c->stream->kind == STREAM_LOG)
		stream_pump(c);
}

void
api_k8s_stream_free(struct api_conn *c)
{
	if (c->stream == NULL)
		return;
	free(c->stream);
	c->stream = NULL;
	c->api->n_streams--;
}

void
api_k8s_stream_timeout(struct api_conn *c)
{
	api_stream_end(c);
}

void
api_k8s_free(struct api *a)
{
	free(a->refs);
	a->refs = NULL;
	free(a->cpu_base);
	a->cpu_base = NULL;
}

static struct api_stream *
stream_new(struct api_conn *c, const struct k8s_req *r, enum stream_kind kind)
{
	struct api_stream *st;

	if (c->api->n_streams >= API_MAX_STREAMS) {
		respond_status(c, r, 429, "TooManyRequests",
		    "too many watches and log streams open", NULL, NULL);
		return NULL;
	}
	if ((st = calloc(1, sizeof *st)) == NULL) {
		respond_status(c, r, 500, "InternalError", "out of memory", NULL, NULL);
		return NULL;
	}
	st->kind = kind;
	c->api->n_streams++;
	return st;
}

/* Start the stream (head sent), arm its deadline and send what is due. */
static void
stream_start(struct api_conn *c, const struct k8s_req *r, struct api_stream *st,
    const char *ctype)
{
	int64_t t = 0;

	if (api_stream_begin(c, ctype, st) == -1)
		return;
	if (!k8s_query_int(query(r), "timeoutSeconds", &t) || t <= 0 ||
	    t > WATCH_MAX_NS / NS_PER_SEC)
		t = WATCH_MAX_NS / NS_PER_SEC;
	timer_start(c->api->loop, &c->t, loop_now(c->api->loop) + t * NS_PER_SEC);
	stream_pump(c);
}

static bool
is_watch(const struct k8s_req *r)
{
	return k8s_query_true(query(r), "watch");
}

/* resourceVersion of the query; 0 when absent or "0" (from the start). */
static uint64_t
query_rv(const struct k8s_req *r)
{
	int64_t v = 0;

	return k8s_query_int(query(r), "resourceVersion", &v) && v > 0 ? (uint64_t)v : 0;
}

/* ---- routes ------------------------------------------------------------ */

static void
pods(struct api_conn *c, const struct k8s_req *r, const struct pod_view *v, const char *ns,
    const char *name)
{
	struct pod_ctx p = { .v = v, .real_now = loop_real_now(c->api->loop) };
	struct k8s_selector fsel, lsel;
	char inc[16];

	node_of(c->api, &p.n);
	p.rv = pod_rv(c->api, v);
	p.table = wants_table(r->http);
	p.full = p.table && k8s_query_param(query(r), "includeObject", inc, sizeof inc) &&
	    strcmp(inc, "Object") == 0;
	if (selectors(c, r, &fsel, &lsel) == -1)
		return;
	if (is_watch(r)) {
		struct api_stream *st = stream_new(c, r, STREAM_PODS);

		if (st == NULL)
			return;
		st->table = p.table;
		st->full = p.full;
		snprintf(st->ns, sizeof st->ns, "%s", ns);
		snprintf(st->name, sizeof st->name, "%s", name);
		st->fsel = fsel;
		st->lsel = lsel;
		/* From a version: the pod is known to the client as of then
		 * (a MODIFIED when it changed since); from none, an ADDED. */
		st->rv = query_rv(r);
		st->shown = st->rv != 0 && pod_selected(v, &p.n, ns, name, &fsel, &lsel);
		pods_shown(st, v);
		stream_start(c, r, st, JSON_CTYPE);
		return;
	}
	if (name[0]) {
		if (!pod_selected(v, &p.n, ns, name, &fsel, &lsel)) {
			pod_not_found(c, r, name);
			return;
		}
		p.with_pod = true;
	} else {
		p.list = true;
		p.with_pod = pod_selected(v, &p.n, ns, "", &fsel, &lsel);
	}
	api_respond_rendered(c, 200, JSON_CTYPE, pod_fn, &p, r->head);
}

struct events_ctx {
	struct api *a;
	const struct pod_view *v;
	struct k8s_node n;
	const char *ns;
	const struct k8s_selector *sel;
	bool	 table;
};

static void
events_fn(struct buf *b, void *arg)
{
	struct events_ctx *e = arg;

	if (!e->table) {
		k8s_event_list_render(b, e->v, &e->n, e->ns, e->sel, e->a->refs);
		return;
	}
	struct json j;
	size_t m = 0, k = 0;

	if (e->ns == NULL || strcmp(e->ns, k8s_pod_namespace(e->v)) == 0)
		m = k8s_events_collect(e->v, &e->n, 0, e->a->refs, K8S_EVENTS_MAX);
	for (size_t i = 0; i < m; i++)
		if (k8s_selector_match(e->sel, k8s_event_field, &e->a->refs[i]))
			e->a->refs[k++] = e->a->refs[i];
	json_init(&j, b);
	k8s_event_table_json(&j, e->a->refs, k, k8s_events_rv(e->v), loop_real_now(e->a->loop));
	buf_addc(b, '\n');
}

static void
events(struct api_conn *c, const struct k8s_req *r, const struct pod_view *v, const char *ns)
{
	struct events_ctx e = { .a = c->api, .v = v, .ns = ns[0] ? ns : NULL };
	struct k8s_selector fsel, lsel;

	if (c->api->refs == NULL &&
	    (c->api->refs = calloc(K8S_EVENTS_MAX, sizeof *c->api->refs)) == NULL) {
		respond_status(c, r, 500, "InternalError", "out of memory", NULL, NULL);
		return;
	}
	node_of(c->api, &e.n);
	if (selectors(c, r, &fsel, &lsel) == -1)
		return;
	e.sel = &fsel;
	e.table = wants_table(r->http);
	if (is_watch(r)) {
		struct api_stream *st = stream_new(c, r, STREAM_EVENTS);

		if (st == NULL)
			return;
		st->table = e.table;
		snprintf(st->ns, sizeof st->ns, "%s", ns);
		st->fsel = fsel;
		st->rv = query_rv(r);
		k8s_pod_gone_fill(&st->last, v);
		stream_start(c, r, st, JSON_CTYPE);
		return;
	}
	api_respond_rendered(c, 200, JSON_CTYPE, events_fn, &e, r->head);
}

/* ---- logs ------------------------------------------------------------ */

/* days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* n digits at *s as a number, -1 when not digits. */
static int
digits(const char **s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++, (*s)++) {
		if (**s < '0' || **s > '9')
			return -1;
		v = v * 10 + (**s - '0');
	}
	return v;
}

static bool
expect(const char **s, char c)
{
	if (**s != c)
		return false;
	(*s)++;
	return true;
}

/* sinceTime: RFC 3339 "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)" (no sscanf:
 * it would bring glibc's scanf into the static binary, see base/utc.c). */
static bool
parse_rfc3339(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0;
	int64_t t;
	char sign;

	if ((y = digits(&s, 4)) < 0 || !expect(&s, '-') || (mo = digits(&s, 2)) < 1 || mo > 12 ||
	    !expect(&s, '-') || (d = digits(&s, 2)) < 1 || d > 31 ||
	    !(expect(&s, 'T') || expect(&s, 't')) || (h = digits(&s, 2)) < 0 || h > 23 ||
	    !expect(&s, ':') || (mi = digits(&s, 2)) < 0 || mi > 59 || !expect(&s, ':') ||
	    (sec = digits(&s, 2)) < 0 || sec > 60)
		return false;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	sign = *s++;
	if (sign == '+' || sign == '-') {
		if ((oh = digits(&s, 2)) < 0 || !expect(&s, ':') || (om = digits(&s, 2)) < 0)
			return false;
	} else if (sign != 'Z' && sign != 'z')
		return false;
	if (*s != '\0')
		return false;
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	if (sign == '+')
		t -= oh * 3600 + om * 60;
	else if (sign == '-')
		t += oh * 3600 + om * 60;
	*out = t * NS_PER_SEC;
	return true;
}

static int
find_ctr(const struct pod_view *v, const char *name)
{
	for (size_t i = 0; i < v->n_ctrs; i++)
		if (v->ctrs[i].spec && v->ctrs[i].spec->name &&
		    strcmp(v->ctrs[i].spec->name, name) == 0)
			return (int)i;
	return -1;
}

static void
logs(struct api_conn *c, const struct k8s_req *r, const struct pod_view *v)
{
	const char *pod = k8s_pod_name(v);
	char name[NAME_MAX_K8S], msg[1024], t[64];
	const struct ctr_view *cv;
	struct api_stream *st;
	int64_t n;
	int i = -1;

	if (k8s_query_param(query(r), "container", name, sizeof name) && name[0])
		i = find_ctr(v, name);
	else {
		const char *def = v->spec ? spec_kv_get(v->spec->annotations,
		    v->spec->n_annotations, "kubectl.kubernetes.io/default-container") : NULL;
		size_t regular = 0;

		if (def != NULL)
			i = find_ctr(v, def);
		for (size_t k = 0; i < 0 && k < v->n_ctrs; k++)
			regular += v->ctrs[k].spec && !v->ctrs[k].spec->is_init;
		if (i < 0 && regular == 1)
			for (size_t k = 0; k < v->n_ctrs; k++)
				if (v->ctrs[k].spec && !v->ctrs[k].spec->is_init)
					i = (int)k;
		if (i < 0) {
			snprintf(msg, sizeof msg,
			    "a container name must be specified for pod %s", pod);
			bad_request(c, r, msg);
			return;
		}
		snprintf(name, sizeof name, "%s", v->ctrs[i].spec->name);
	}
	if (i < 0) {
		snprintf(msg, sizeof msg, "container %s is not valid for pod %s", name, pod);
		bad_request(c, r, msg);
		return;
	}
	cv = &v->ctrs[i];
	if ((st = stream_new(c, r, STREAM_LOG)) == NULL)
		return;
	st->ctr = (size_t)i;
	st->previous = k8s_query_true(query(r), "previous");
	st->follow = k8s_query_true(query(r), "follow");
	st->restarts = cv->restart_count;
	st->log = st->previous ? cv->log_previous : cv->log;
	st->q.tail_lines = k8s_query_int(query(r), "tailLines", &n) ? n : -1;
	st->q.limit_bytes = k8s_query_int(query(r), "limitBytes", &n) && n > 0 ? n : -1;
	st->q.timestamps = k8s_query_true(query(r), "timestamps");
	if (k8s_query_int(query(r), "sinceSeconds", &n) && n > 0)
		st->q.since_ns = loop_real_now(c->api->loop) - n * NS_PER_SEC;
	else if (k8s_query_param(query(r), "sinceTime", t, sizeof t) &&
	    !parse_rfc3339(t, &st->q.since_ns)) {
		free(st);
		c->api->n_streams--;
		bad_request(c, r, "sinceTime: not an RFC 3339 time");
		return;
	}
	/* K8S: the API server's words for a container with nothing to show. */
	if (st->previous && (cv->log_previous == NULL || cv->restart_count == 0)) {
		free(st);
		c->api->n_streams--;
		snprintf(msg, sizeof msg, "previous terminated container \"%s\" in pod \"%s\" not found",
		    name, pod);
		bad_request(c, r, msg);
		return;
	}
	if (!st->previous && cv->state.kind == VIEW_STATE_WAITING && cv->restart_count == 0) {
		free(st);
		c->api->n_streams--;
		snprintf(msg, sizeof msg, "container \"%s\" in pod \"%s\" is waiting to start: %s",
		    name, pod, cv->state.reason[0] ? cv->state.reason : "ContainerCreating");
		bad_request(c, r, msg);
		return;
	}
	if (r->head) {
		free(st);
		c->api->n_streams--;
		api_respond(c, 200, "text/plain", "", 0, true, NULL);
		return;
	}
	/* No capture (tty, the no-manifest mode): an empty log, as for a
	 * container that wrote nothing. */
	stream_start(c, r, st, "text/plain");
}

/* ---- metrics.k8s.io ------------------------------------------------------ */

struct metrics_ctx {
	const struct pod_view *v;
	struct k8s_usage *u;
	size_t	 n;
	int64_t	 ts, window;
	bool	 list, with_pod;
};

static void
metrics_fn(struct buf *b, void *arg)
{
	struct metrics_ctx *m = arg;

	k8s_pod_metrics_render(b, m->v, m->u, m->n, m->ts, m->window, m->list, m->with_pod);
}

/* CPU as metrics-server gives it: a rate over the time since the last
 * sample kept (the first request: since the pod started). */
static void
pod_metrics(struct api_conn *c, const struct k8s_req *r, const struct pod_view *v,
    const char *ns, const char *name)
{
	struct api *a = c->api;
	struct metrics_ctx m = { .v = v, .ts = loop_real_now(a->loop) };
	struct k8s_usage u[64];
	bool in_ns = ns[0] == '\0' || strcmp(ns, k8s_pod_namespace(v)) == 0;
	int64_t since;

	if (name[0] && (!in_ns || strcmp(name, k8s_pod_name(v)) != 0)) {
		char msg[NAME_MAX_K8S + 48];

		snprintf(msg, sizeof msg, "podmetrics.metrics.k8s.io \"%s\" not found", name);
		respond_status(c, r, 404, "NotFound", msg, name, "pods");
		return;
	}
	if (a->n_cpu_base != v->n_ctrs) {
		free(a->cpu_base);
		a->cpu_base = calloc(v->n_ctrs ? v->n_ctrs : 1, sizeof *a->cpu_base);
		a->n_cpu_base = a->cpu_base ? v->n_ctrs : 0;
		a->cpu_base_at = 0;
	}
	since = a->cpu_base_at ? a->cpu_base_at : v->start_time;
	m.window = m.ts > since ? m.ts - since : NS_PER_SEC;
	for (size_t i = 0; i < v->n_ctrs && m.n < sizeof u / sizeof u[0]; i++) {
		const struct ctr_view *cv = &v->ctrs[i];
		double base = a->cpu_base && a->cpu_base_at ? a->cpu_base[i] : 0;

		/* metrics-server lists the containers that run. */
		if (cv->state.kind != VIEW_STATE_RUNNING)
			continue;
		u[m.n].name = cv->spec && cv->spec->name ? cv->spec->name : "";
		u[m.n].cpu_cores = cv->cpu_seconds > base ?
		    (cv->cpu_seconds - base) / ((double)m.window / NS_PER_SEC) : 0;
		u[m.n].memory_bytes = cv->memory_bytes;
		m.n++;
	}
	if (a->cpu_base && m.ts - a->cpu_base_at >= NS_PER_SEC) {
		for (size_t i = 0; i < v->n_ctrs; i++)
			a->cpu_base[i] = v->ctrs[i].cpu_seconds;
		a->cpu_base_at = m.ts;
	}
	m.u = u;
	m.list = name[0] == '\0';
	m.with_pod = in_ns;
	api_respond_rendered(c, 200, JSON_CTYPE, metrics_fn, &m, r->head);
}

/* ---- /kubeconfig ------------------------------------------------------- */

struct kubeconfig_ctx {
	const char *server, *name, *ns;
};

static void
kubeconfig_fn(struct buf *b, void *arg)
{
	struct kubeconfig_ctx *k = arg;

	k8s_kubeconfig_render(b, k->server, k->name, k->ns);
}

static void
kubeconfig(struct api_conn *c, const struct k8s_req *r, const struct pod_view *v)
{
	struct api *a = c->api;
	char server[320], addr[256], name[NAME_MAX_K8S];
	struct kubeconfig_ctx k = { server, k8s_pod_name(v), k8s_pod_namespace(v) };

	if (k8s_query_param(query(r), "name", name, sizeof name) && name[0])
		k.name = name;
	if (k8s_query_param(query(r), "server", addr, sizeof addr) && addr[0])
		snprintf(server, sizeof server, "http://%s", addr);
	else if (a->lis[1].fd >= 0)
		snprintf(server, sizeof server, "http://%s:%d", a->tcp_host, a->tcp_port);
	else {
		respond_status(c, r, 404, "NotFound",
		    "podinit serves no TCP address (--status-addr) for kubectl", NULL, NULL);
		return;
	}
	api_respond_rendered(c, 200, "application/yaml", kubeconfig_fn, &k, r->head);
}

/* ---- namespaces: the pod's own ------------------------------------------- */

struct ns_ctx {
	const struct pod_view *v;
	bool	 list;
};

static void
ns_fn(struct buf *b, void *arg)
{
	struct ns_ctx *n = arg;

	k8s_namespace_render(b, n->v, n->list);
}

static void
namespaces(struct api_conn *c, const struct k8s_req *r, const char *name)
{
	const struct pod_view *v;
	struct ns_ctx n;
	char msg[NAME_MAX_K8S + 40];

	if (strcmp(r->http->method, "GET") != 0 && !r->head) {
		respond_status(c, r, 405, "MethodNotAllowed",
		    "the server does not allow this method on the requested resource", NULL, NULL);
		return;
	}
	if ((v = c->api->fn(c->api->arg)) == NULL) {
		respond_status(c, r, 503, "ServiceUnavailable", "the pod has no status yet",
		    NULL, NULL);
		return;
	}
	if (name && strcmp(name, k8s_pod_namespace(v)) != 0) {
		snprintf(msg, sizeof msg, "namespaces \"%s\" not found", name);
		respond_status(c, r, 404, "NotFound", msg, name, "namespaces");
		return;
	}
	n.v = v;
	n.list = name == NULL;
	api_respond_rendered(c, 200, JSON_CTYPE, ns_fn, &n, r->head);
}

/* ---- dispatch ---------------------------------------------------------- */

/* The resource under api/v1 (seg[2]...) or metrics (seg[3]...): pods,
 * events, with a namespace or not, a name, a subresource. */
struct target {
	const char *ns, *resource, *name, *sub;
	bool	 ok;
};

static struct target
target_of(const struct k8s_req *r, size_t at)
{
	struct target t = { "", "", "", NULL, false };
	size_t i = at;

	if (seg_is(r, i, "namespaces")) {
		if (i + 1 >= r->n)
			return t;
		t.ns = r->seg[i + 1];
		i += 2;
	}
	if (i >= r->n)
		return t;
	t.resource = r->seg[i++];
	if (i < r->n)
		t.name = r->seg[i++];
	if (i < r->n)
		t.sub = r->seg[i++];
	t.ok = i == r->n;
	return t;
}

void
api_k8s_handle(struct api_conn *c, const struct http_request *req)
{
	static struct k8s_req r;	/* one request at a time: the loop's */
	const struct pod_view *v;
	struct target t = { "", "", "", NULL, false };
	bool read_only_path = false;

	memset(&r, 0, sizeof r);
	r.http = req;
	r.head = strcmp(req->method, "HEAD") == 0;
	split_path(&r);
	if (seg_is(&r, 0, "api") && seg_is(&r, 1, "v1") && seg_is(&r, 2, "namespaces") && r.n <= 4) {
		namespaces(c, &r, r.n == 4 ? r.seg[3] : NULL);
		return;
	}
	if (seg_is(&r, 0, "api") && seg_is(&r, 1, "v1") && r.n > 2) {
		t = target_of(&r, 2);
		read_only_path = t.ok && (strcmp(t.resource, "pods") == 0 ||
		    strcmp(t.resource, "events") == 0);
	} else if (seg_is(&r, 0, "apis") && seg_is(&r, 1, "metrics.k8s.io") &&
	    seg_is(&r, 2, "v1beta1") && r.n > 3) {
		t = target_of(&r, 3);
		read_only_path = t.ok && strcmp(t.resource, "pods") == 0 && t.sub == NULL;
	}
	if (strcmp(req->method, "GET") != 0 && !r.head) {
		if (read_only_path || r.n <= 3)
			respond_status(c, &r, 405, "MethodNotAllowed",
			    "the server does not allow this method on the requested resource",
			    NULL, NULL);
		else
			not_found(c, &r);
		return;
	}
	if (seg_is(&r, 0, "version") && r.n == 1) {
		respond_doc(c, &r, K8S_DOC_VERSION);
		return;
	}
	if (seg_is(&r, 0, "api") && r.n == 1) {
		respond_doc(c, &r, K8S_DOC_API);
		return;
	}
	if (seg_is(&r, 0, "api") && seg_is(&r, 1, "v1") && r.n == 2) {
		respond_doc(c, &r, K8S_DOC_API_V1);
		return;
	}
	if (seg_is(&r, 0, "apis") && r.n == 1) {
		respond_doc(c, &r, K8S_DOC_APIS);
		return;
	}
	if (seg_is(&r, 0, "apis") && seg_is(&r, 1, "metrics.k8s.io") && r.n <= 3) {
		if (r.n == 2)
			respond_doc(c, &r, K8S_DOC_METRICS_GROUP);
		else if (seg_is(&r, 2, "v1beta1"))
			respond_doc(c, &r, K8S_DOC_METRICS_V1BETA1);
		else
			not_found(c, &r);
		return;
	}
	if (!read_only_path && !(seg_is(&r, 0, "kubeconfig") && r.n == 1)) {
		not_found(c, &r);
		return;
	}
	if ((v = c->api->fn(c->api->arg)) == NULL) {
		respond_status(c, &r, 503, "ServiceUnavailable", "the pod has no status yet",
		    NULL, NULL);
		return;
	}
	if (seg_is(&r, 0, "kubeconfig")) {
		kubeconfig(c, &r, v);
		return;
	}
	if (seg_is(&r, 0, "apis")) {
		pod_metrics(c, &r, v, t.ns, t.name);
		return;
	}
	if (strcmp(t.resource, "events") == 0) {
		if (t.name[0] || t.sub)
			not_found(c, &r);	/* one event by name: not served */
		else
			events(c, &r, v, t.ns);
		return;
	}
	if (t.sub == NULL) {
		pods(c, &r, v, t.ns, t.name);
		return;
	}
	if (strcmp(t.sub, "log") == 0 && t.ns[0]) {
		if (strcmp(t.ns, k8s_pod_namespace(v)) != 0 || strcmp(t.name, k8s_pod_name(v)) != 0)
			pod_not_found(c, &r, t.name);
		else
			logs(c, &r, v);
		return;
	}
	if (strcmp(t.sub, "status") == 0 && t.ns[0]) {
		pods(c, &r, v, t.ns, t.name);
		return;
	}
	not_found(c, &r);
}
