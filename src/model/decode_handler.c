/* decode_handler: the handler actions (exec, httpGet, tcpSocket, grpc,
 * sleep) and what holds them: probes and the lifecycle hooks (postStart,
 * preStop, stopSignal).  Private to src/model/decode*.c (see
 * decode_internal.h). */
#include "decode_internal.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "podinit/hostport.h"
#include "podinit/strconv.h"
#include "podinit/units.h"

static bool
header_name_ok(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || strchr("!#$%&'*+-.^_`|~", *s)))
			return false;
	return true;
}

/* ---- handlers ---- */

/* Decoding a probe or a lifecycle handler, and the action inside it. */
struct handler_decode {
	struct handler_spec *h;
	const struct container_spec *ct;	/* named ports, $(VAR) */
	struct probe_spec *probe;	/* NULL: a lifecycle handler */
	enum probe_type type;
	const char *first;		/* the action already set, or NULL */
};

static bool
exec_command(struct dctx *c, const struct field_at *at)
{
	struct handler_decode *hd = at->object;
	struct handler_spec *h = hd->h;
	const struct ynode *cmd = at->value;

	if (cmd == NULL)
		return required(c, at);
	if (!d_strlist(c, cmd, at->path, &h->command, &h->n_command))
		return false;
	if (h->n_command == 0) {
		decode_err(c, cmd, at->path, "required value (must not be empty)");
		return false;
	}
	/* K8S: probes expand $(VAR) against the container's env
	 * (ExpandContainerCommandOnlyStatic); lifecycle hooks run the
	 * command as written (lifecycle/handlers.go). */
	if (hd->probe)
		for (size_t i = 0; i < h->n_command; i++) {
			char *x = decode_expand(c->a, h->command[i], hd->ct->env, hd->ct->n_env);
			if (x == NULL)
				decode_err(c, cmd->kids[i], at->path, "$(VAR) expansion is too long");
			else
				h->command[i] = x;
		}
	return true;
}

static const struct field exec_rows[] = { F_ALWAYS("command", exec_command) };
const struct field_table exec_fields = TABLE("ExecAction", exec_rows);

/* A named port the container does not declare.  K8S: the API server
 * accepts it; kubelet's prober cannot resolve it, and every attempt
 * fails.  So a warning, and port 0 (the runner's failure, probe.c). */
static bool
undeclared_port_name(struct dctx *c, const struct ynode *v, const char *path,
    struct handler_decode *hd)
{
	const struct container_spec *ct = hd->ct;
	const char *cands[64], *suggestion;
	size_t nc = 0;

	if (v->kind != YNODE_SCALAR || ynode_scalar_type(v) != YS_STRING ||
	    port_name_problem(v->str) != NULL)
		return false;
	for (size_t i = 0; i < ct->n_ports; i++) {
		if (ct->ports[i].name == NULL)
			continue;
		if (strcmp(ct->ports[i].name, v->str) == 0)
			return false;
		if (nc < NELEM(cands))
			cands[nc++] = ct->ports[i].name;
	}
	suggestion = decode_suggest(v->str, cands, nc);
	decode_warn(c, v, path, "named port \"%s\" not found in the container's ports: "
	    "the %s fails each time it runs%s%s%s", v->str, hd->probe ? "probe" : "hook",
	    suggestion ? "; did you mean " : "", suggestion ? suggestion : "",
	    suggestion ? "?" : "");
	hd->h->port = 0;
	hd->h->port_name = arena_strdup(c->a, v->str);
	return true;
}

/* The port of an httpGet or tcpSocket action. */
static bool
action_port(struct dctx *c, const struct field_at *at)
{
	struct handler_decode *hd = at->object;

	if (at->value == NULL)
		required(c, at);
	else if (!undeclared_port_name(c, at->value, at->path, hd))
		d_port(c, at->value, at->path, hd->ct, false, &hd->h->port, &hd->h->port_name);
	return true;
}

static bool
action_host(struct dctx *c, const struct field_at *at)
{
	struct handler_spec *h = ((struct handler_decode *)at->object)->h;

	if (at->value)
		d_str(c, at->value, at->path, &h->host);
	return true;
}

static bool
http_path(struct dctx *c, const struct field_at *at)
{
	struct handler_spec *h = ((struct handler_decode *)at->object)->h;

	if (at->value)
		d_str(c, at->value, at->path, &h->path);
	if (h->path == NULL || h->path[0] == '\0')
		h->path = arena_strdup(c->a, "/");
	return true;
}

static bool
http_scheme(struct dctx *c, const struct field_at *at)
{
	struct handler_spec *h = ((struct handler_decode *)at->object)->h;
	char *s = NULL;

	if (d_str(c, at->value, at->path, &s)) {
		if (strcmp(s, "HTTPS") == 0)
			h->https = true;
		else if (strcmp(s, "HTTP") != 0 && s[0] != '\0')
			decode_err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
			    "\"HTTP\", \"HTTPS\"", s);
	}
	return true;
}

/* HTTPHeader fields decode into a struct http_header. */
static bool
header_name(struct dctx *c, const struct field_at *at)
{
	struct http_header *hd = at->object;

	if (at->value == NULL)
		return required(c, at);
	if (!d_str(c, at->value, at->path, &hd->name))
		return false;
	if (!header_name_ok(hd->name)) {
		decode_err(c, at->value, at->path, "invalid HTTP header name \"%s\"", hd->name);
		return false;
	}
	hostport_canonical_header(hd->name, hd->name);
	return true;
}

static bool
header_value(struct dctx *c, const struct field_at *at)
{
	struct http_header *hd = at->object;

	if (at->value == NULL) {
		hd->value = arena_strdup(c->a, "");
		return true;
	}
	return d_str(c, at->value, at->path, &hd->value);
}

static const struct field header_rows[] = {
	F_ALWAYS("name", header_name), F_ALWAYS("value", header_value),
};
const struct field_table header_fields = TABLE("HTTPHeader", header_rows);

static bool
http_headers(struct dctx *c, const struct field_at *at)
{
	struct handler_spec *h = ((struct handler_decode *)at->object)->h;
	const struct ynode *v = at->value;
	char q[FIELDPATH_MAX];

	if (!want_seq(c, v, at->path))
		return false;
	h->headers = arena_alloc(c->a, (v->n + 1) * sizeof *h->headers);
	if (h->headers == NULL)
		return false;
	for (size_t i = 0; i < v->n; i++)
		if (decode_object(c, v->kids[i], fieldpath_index(q, at->path, i), &header_fields,
		    &h->headers[h->n_headers]))
			h->n_headers++;
	return true;
}

static const struct field http_rows[] = {
	F_ALWAYS("path", http_path), F_ALWAYS("port", action_port), F_ALWAYS("host", action_host),
	F("scheme", http_scheme), F("httpHeaders", http_headers),
};
const struct field_table http_fields = TABLE("HTTPGetAction", http_rows);

static const struct field tcp_rows[] = {
	F_ALWAYS("port", action_port), F_ALWAYS("host", action_host),
};
const struct field_table tcp_fields = TABLE("TCPSocketAction", tcp_rows);

static bool
grpc_port(struct dctx *c, const struct field_at *at)
{
	struct handler_decode *hd = at->object;

	if (at->value == NULL)
		required(c, at);
	else
		d_port(c, at->value, at->path, hd->ct, true, &hd->h->port, &hd->h->port_name);
	return true;
}

static bool
grpc_service(struct dctx *c, const struct field_at *at)
{
	struct handler_spec *h = ((struct handler_decode *)at->object)->h;

	d_str(c, at->value, at->path, &h->grpc_service);
	return true;
}

static const struct field grpc_rows[] = {
	F_ALWAYS("port", grpc_port), F("service", grpc_service),
};
const struct field_table grpc_fields = TABLE("GRPCAction", grpc_rows);

static bool
sleep_seconds(struct dctx *c, const struct field_at *at)
{
	struct handler_spec *h = ((struct handler_decode *)at->object)->h;
	int64_t s;
	int64_t tgps = c->pod->termination_grace_ns >= SPEC_DURATION_MAX_NS ? INT64_MAX
	    : c->pod->termination_grace_ns / NS_PER_SEC;

	if (at->value == NULL)
		return required(c, at);
	if (!d_int(c, at->value, at->path, INT64_MIN, INT64_MAX, &s))
		return false;
	/* K8S: validateSleepAction with PodLifecycleSleepActionAllowZero (GA
	 * in 1.34): 0 is allowed; seconds == TGPS passes despite the text. */
	if (s < 0 || s > tgps) {
		decode_err(c, at->value, at->path, "must be non-negative and less than "
		    "terminationGracePeriodSeconds (%" PRId64 ")", tgps);
		return false;
	}
	h->sleep_ns = spec_seconds_to_ns(s);
	return true;
}

static const struct field sleep_rows[] = { F_ALWAYS("seconds", sleep_seconds) };
const struct field_table sleep_fields = TABLE("SleepAction", sleep_rows);

/* An action row of a probe or lifecycle handler (exec, httpGet, ...): the
 * first one written is the handler, a second is an error.  The handler
 * to fill, or NULL. */
static struct handler_spec *
action_begin(struct dctx *c, const struct field_at *at, enum handler_kind kind)
{
	struct handler_decode *hd = at->object;

	if (hd->first) {
		decode_err(c, field_key(at), at->path, "may not specify more than 1 handler type "
		    "(%s is already set)", hd->first);
		return NULL;
	}
	hd->first = at->name;
	hd->h->mark.line = at->value->line;
	hd->h->mark.col = at->value->col;
	hd->h->kind = kind;
	return hd->h;
}

static bool
action_exec(struct dctx *c, const struct field_at *at)
{
	if (action_begin(c, at, HANDLER_EXEC))
		decode_object(c, at->value, at->path, &exec_fields, at->object);
	return true;
}

static bool
action_http_get(struct dctx *c, const struct field_at *at)
{
	if (action_begin(c, at, HANDLER_HTTP_GET))
		decode_object(c, at->value, at->path, &http_fields, at->object);
	return true;
}

static bool
action_tcp_socket(struct dctx *c, const struct field_at *at)
{
	struct handler_decode *hd = at->object;

	if (action_begin(c, at, HANDLER_TCP_SOCKET) == NULL)
		return true;
	if (hd->probe == NULL)
		decode_warn(c, field_key(at), at->path, "deprecated: Kubernetes accepts tcpSocket in "
		    "a lifecycle handler but never runs it");
	decode_object(c, at->value, at->path, &tcp_fields, hd);
	return true;
}

static bool
action_grpc(struct dctx *c, const struct field_at *at)
{
	if (action_begin(c, at, HANDLER_GRPC))
		decode_object(c, at->value, at->path, &grpc_fields, at->object);
	return true;
}

static bool
action_sleep(struct dctx *c, const struct field_at *at)
{
	if (action_begin(c, at, HANDLER_SLEEP))
		decode_object(c, at->value, at->path, &sleep_fields, at->object);
	return true;
}

/* Probe fields decode into a struct handler_decode.  After the action
 * rows: one must be set, and a network action without a host gets the
 * default one. */
static bool
probe_action_required(struct dctx *c, const struct field_at *at)
{
	struct handler_decode *hd = at->object;

	if (hd->first == NULL)
		decode_err(c, at->map, at->path, "must specify a handler type (one of exec, httpGet, "
		    "tcpSocket, grpc)");
	spec_handler_default_host(hd->h, c->a);
	return true;
}

/* A probe number given as 0.  K8S: SetDefaults_Probe runs before
 * validation and turns 0 into the default, so the API server accepts it
 * (validateProbe only refuses a negative number); said at -v. */
static int64_t
probe_zero_default(struct dctx *c, const struct field_at *at, int64_t x, int64_t dflt)
{
	if (x != 0 || dflt == 0)
		return x;
	diag_add(c->d, DIAG_NOTE, at->value->line, at->value->col, at->path,
	    "0 means the default, %" PRId64, dflt);
	return dflt;
}

/* Seconds, 0..int32 (K8S: int32 fields, ValidateNonnegativeField). */
static bool
probe_seconds(struct dctx *c, const struct field_at *at, int64_t dflt, int64_t *ns)
{
	int64_t x;

	if (d_int(c, at->value, at->path, 0, INT32_MAX, &x))
		*ns = spec_seconds_to_ns(probe_zero_default(c, at, x, dflt));
	return true;
}

static bool
probe_initial_delay(struct dctx *c, const struct field_at *at)
{
	struct handler_decode *hd = at->object;

	return probe_seconds(c, at, 0, &hd->probe->initial_delay_ns);
}

static bool
probe_timeout(struct dctx *c, const struct field_at *at)
{
	struct handler_decode *hd = at->object;

	return probe_seconds(c, at, 1, &hd->probe->timeout_ns);
}

static bool
probe_period(struct dctx *c, const struct field_at *at)
{
	struct handler_decode *hd = at->object;

	return probe_seconds(c, at, 10, &hd->probe->period_ns);
}

/* Where it is written is kept for validate's liveness/startup rule. */
static bool
probe_success_threshold(struct dctx *c, const struct field_at *at)
{
	struct probe_spec *pr = ((struct handler_decode *)at->object)->probe;
	int64_t x;

	if (d_int(c, at->value, at->path, 0, INT32_MAX, &x)) {
		pr->success_threshold = (int32_t)probe_zero_default(c, at, x, 1);
		pr->success_threshold_mark.line = at->value->line;
		pr->success_threshold_mark.col = at->value->col;
	}
	return true;
}

static bool
probe_failure_threshold(struct dctx *c, const struct field_at *at)
{
	struct probe_spec *pr = ((struct handler_decode *)at->object)->probe;
	int64_t x;

	if (d_int(c, at->value, at->path, 0, INT32_MAX, &x))
		pr->failure_threshold = (int32_t)probe_zero_default(c, at, x, 3);
	return true;
}

/* K8S: validateProbe: "must be greater than 0"; any int64 above is legal
 * and saturates in nanoseconds. */
static bool
probe_termination_grace(struct dctx *c, const struct field_at *at)
{
	struct handler_decode *hd = at->object;
	int64_t x;

	if (hd->type == PROBE_READINESS)
		decode_err(c, field_key(at), at->path, "must not be set for readinessProbes");
	else if (d_int(c, at->value, at->path, INT64_MIN, INT64_MAX, &x)) {
		if (x <= 0) {
			decode_err(c, at->value, at->path, "must be greater than 0");
			return true;
		}
		hd->probe->has_termination_grace = true;
		hd->probe->termination_grace_ns = spec_seconds_to_ns(x);
	}
	return true;
}

static const struct field probe_rows[] = {
	F("exec", action_exec), F("httpGet", action_http_get), F("tcpSocket", action_tcp_socket),
	F("grpc", action_grpc), RULE(probe_action_required),
	F("initialDelaySeconds", probe_initial_delay), F("timeoutSeconds", probe_timeout),
	F("periodSeconds", probe_period), F("successThreshold", probe_success_threshold),
	F("failureThreshold", probe_failure_threshold),
	F("terminationGracePeriodSeconds", probe_termination_grace),
};
const struct field_table probe_fields = TABLE("Probe", probe_rows);

void
d_probe(struct dctx *c, const struct ynode *n, const char *path, struct container_spec *ct,
    enum probe_type t)
{
	struct probe_spec *pr = &ct->probes[t];
	struct handler_decode hd = { .h = &pr->handler, .ct = ct, .probe = pr, .type = t };

	spec_probe_defaults(pr);
	if (!check_fields(c, n, path, &probe_fields))
		return;
	pr->present = true;
	pr->mark.line = n->line;
	pr->mark.col = n->col;
	spec_handler_defaults(&pr->handler);
	pr->handler.mark.line = n->line;
	pr->handler.mark.col = n->col;
	decode_fields(c, n, path, &probe_fields, &hd);
}

/* LifecycleHandler fields decode into a struct handler_decode (the
 * action rule as the probe's). */
static bool
hook_action_required(struct dctx *c, const struct field_at *at)
{
	struct handler_decode *hd = at->object;

	if (hd->first == NULL)
		decode_err(c, at->map, at->path, "must specify a handler type (one of exec, httpGet, "
		    "sleep)");
	spec_handler_default_host(hd->h, c->a);
	return true;
}

static const struct field hook_rows[] = {
	F("exec", action_exec), F("httpGet", action_http_get), F("tcpSocket", action_tcp_socket),
	F("sleep", action_sleep), RULE(hook_action_required),
};
const struct field_table hook_fields = TABLE("LifecycleHandler", hook_rows);

/* Lifecycle fields decode into the container_spec. */
static bool
lifecycle_hook(struct dctx *c, const struct field_at *at, struct handler_spec *h)
{
	struct handler_decode hd = { .h = h, .ct = at->object };

	if (!check_fields(c, at->value, at->path, &hook_fields))
		return true;
	spec_handler_defaults(h);
	h->mark.line = at->value->line;
	h->mark.col = at->value->col;
	decode_fields(c, at->value, at->path, &hook_fields, &hd);
	return true;
}

static bool
lifecycle_post_start(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = at->object;

	return lifecycle_hook(c, at, &ct->post_start);
}

static bool
lifecycle_pre_stop(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = at->object;

	return lifecycle_hook(c, at, &ct->pre_stop);
}

static bool
lifecycle_stop_signal(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = at->object;
	char *s;
	int sig;

	if (d_str(c, at->value, at->path, &s)) {
		if (strncmp(s, "SIG", 3) != 0 || strconv_signal(s, &sig) == -1)
			decode_err(c, at->value, at->path, "unsupported value \"%s\": must be a signal "
			    "name such as SIGTERM", s);
		else
			ct->stop_signal = sig;
	}
	return true;
}

static const struct field lifecycle_rows[] = {
	F("postStart", lifecycle_post_start), F("preStop", lifecycle_pre_stop),
	F("stopSignal", lifecycle_stop_signal),
};
const struct field_table lifecycle_fields = TABLE("Lifecycle", lifecycle_rows);
