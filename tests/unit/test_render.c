/* render: /status, /events, /metrics and describe text from a fixed view,
 * against golden files in tests/golden_render/ (PODINIT_UPDATE_GOLDEN=1
 * rewrites them), plus kubectl's probe one-liners and HumanDuration. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "golden_render/fixture_view.h"
#include "podinit/events_sink.h"
#include "podinit/render.h"

static char mem[512 * 1024];

static void
check_golden(const char *name, struct buf *b)
{
	const char *err;

	cr_assert(!b->overflow);
	err = fx_golden(name, b->p, b->len);
	cr_assert(err == NULL, "%s", err);
}

Test(render, status_json)
{
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	render_status_json(&b, fx_build());
	check_golden("status.json", &b);
	/* PodStatus shape, spot checks. */
	buf_cstr(&b);
	cr_assert(strstr(b.p, "\"phase\":\"Running\""));
	cr_assert(strstr(b.p, "\"lastState\":{\"terminated\":{\"exitCode\":137,\"reason\":\"Error\","
	    "\"startedAt\":\"2023-11-14T22:13:23Z\",\"finishedAt\":\"2023-11-14T22:14:19Z\"}}"));
	cr_assert(strstr(b.p, "\"initContainerStatuses\":[{\"name\":\"setup\""));
}

Test(render, status_json_no_init_and_empty_last_state)
{
	struct pod_view *v = fx_build();
	struct buf b;

	v->ctrs++;
	v->n_ctrs = 1;
	v->ctrs[0].last_state.kind = VIEW_STATE_NONE;
	buf_init(&b, mem, sizeof mem);
	render_status_json(&b, v);
	buf_cstr(&b);
	cr_assert(strstr(b.p, "initContainerStatuses") == NULL);
	cr_assert(strstr(b.p, "\"lastState\":{}"));
}

/* SPEC §9: a pod ended by its deadline has status.reason and .message,
 * after the conditions as in PodStatus, and describe's Reason/Message
 * lines under Status; a pod without them has neither. */
Test(render, pod_reason_and_message)
{
	struct pod_view *v = fx_build();
	struct buf b;
	const char *cond_end, *msg, *reason, *start;

	buf_init(&b, mem, sizeof mem);
	render_status_json(&b, v);
	buf_cstr(&b);
	cr_assert(strstr(b.p, "\"reason\":\"DeadlineExceeded\"") == NULL);
	cr_assert(strstr(b.p, "\"message\":\"Pod was") == NULL);
	buf_reset(&b);
	render_describe(&b, v, FX_NOW);
	buf_cstr(&b);
	cr_assert(strstr(b.p, "\nReason:") == NULL);
	cr_assert(strstr(b.p, "\nMessage:") == NULL);

	v->phase = PHASE_FAILED;
	snprintf(v->reason, sizeof v->reason, "DeadlineExceeded");
	snprintf(v->message, sizeof v->message,
	    "Pod was active on the node longer than the specified deadline");
	buf_reset(&b);
	render_status_json(&b, v);
	buf_cstr(&b);
	cond_end = strstr(b.p, "],\"message\"");
	msg = strstr(b.p, "\"message\":\"Pod was active on the node longer than the specified "
	    "deadline\",\"reason\":\"DeadlineExceeded\"");
	reason = strstr(b.p, "\"reason\":\"DeadlineExceeded\"");
	start = strstr(b.p, "\"startTime\"");
	cr_assert(strstr(b.p, "\"phase\":\"Failed\""));
	cr_assert(cond_end != NULL && msg != NULL && msg == cond_end + 2, "%s", b.p);
	cr_assert(start != NULL && reason < start);
	buf_reset(&b);
	render_describe(&b, v, FX_NOW);
	buf_cstr(&b);
	cr_assert(strstr(b.p, "\nStatus:           Failed\nReason:           DeadlineExceeded\n"
	    "Message:          Pod was active on the node longer than the specified deadline\n"),
	    "%s", b.p);
}

Test(render, events_json)
{
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	render_events_json(&b, fx_build()->events);
	check_golden("events.json", &b);
	buf_reset(&b);
	render_events_json(&b, NULL);
	cr_assert_str_eq(buf_cstr(&b), "[]\n");
}

Test(render, metrics_text)
{
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	render_metrics(&b, fx_build());
	check_golden("metrics.txt", &b);
}

Test(render, describe_text)
{
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	render_describe(&b, fx_build(), FX_NOW);
	check_golden("describe.txt", &b);
	buf_cstr(&b);
	cr_assert(strstr(b.p, "    Liveness:       http-get http://:80/index.html delay=1s "
	    "timeout=10s period=3s #success=1 #failure=3\n"));
	cr_assert(strstr(b.p, "  Warning  Unhealthy  2m24s (x3 over 2m30s)  kubelet  "
	    "Liveness probe failed: HTTP probe failed with statuscode: 500\n"));
}

Test(render, describe_no_events)
{
	struct pod_view *v = fx_build();
	struct buf b;

	v->events = NULL;
	buf_init(&b, mem, sizeof mem);
	render_describe(&b, v, FX_NOW);
	buf_cstr(&b);
	cr_assert(strstr(b.p, "\nEvents:           <none>\n"));
}

Test(render, overflow_is_flagged)
{
	static char small[100];
	struct buf b;

	buf_init(&b, small, sizeof small);
	render_metrics(&b, fx_build());
	cr_assert(b.overflow);
}

struct probe_case {
	int	kind;
	char	host[16];
	int	port;
	char	port_name[16];
	char	path[32];
	char	want[128];
};

ParameterizedTestParameters(render, probe_line)
{
	static struct probe_case c[] = {
		{ HANDLER_HTTP_GET, "", 80, "", "/index.html",
		  "http-get http://:80/index.html delay=1s timeout=10s period=3s #success=1 #failure=3" },
		{ HANDLER_HTTP_GET, "10.0.0.1", 0, "liveness-port", "/healthz",
		  "http-get http://10.0.0.1:liveness-port/healthz delay=1s timeout=10s period=3s #success=1 #failure=3" },
		{ HANDLER_HTTP_GET, "::1", 8080, "", "/",
		  "http-get http://[::1]:8080/ delay=1s timeout=10s period=3s #success=1 #failure=3" },
		{ HANDLER_TCP_SOCKET, "", 8080, "", "",
		  "tcp-socket :8080 delay=1s timeout=10s period=3s #success=1 #failure=3" },
		{ HANDLER_GRPC, "", 2379, "", "",
		  "grpc <pod>:2379  delay=1s timeout=10s period=3s #success=1 #failure=3" },
	};
	return cr_make_param_array(struct probe_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct probe_case *pc, render, probe_line)
{
	struct probe_spec p;
	struct buf b;
	char out[256];

	spec_probe_defaults(&p);
	p.present = true;
	p.initial_delay_ns = 1 * NS_PER_SEC;
	p.timeout_ns = 10 * NS_PER_SEC;
	p.period_ns = 3 * NS_PER_SEC;
	p.handler.kind = (enum handler_kind)pc->kind;
	p.handler.host = pc->host[0] ? pc->host : NULL;
	p.handler.port = pc->port;
	p.handler.port_name = pc->port_name[0] ? pc->port_name : NULL;
	p.handler.path = pc->path;
	buf_init(&b, out, sizeof out);
	render_probe_line(&b, &p);
	cr_assert_str_eq(buf_cstr(&b), pc->want);
}

Test(render, probe_line_exec_and_subsecond)
{
	static char *cmd[] = { "cat", "/tmp/healthy", NULL };
	struct probe_spec p;
	struct buf b;
	char out[256];

	spec_probe_defaults(&p);
	p.handler.kind = HANDLER_EXEC;
	p.handler.command = cmd;
	p.handler.n_command = 2;
	p.period_ns = 500 * NS_PER_MS;
	buf_init(&b, out, sizeof out);
	render_probe_line(&b, &p);
	cr_assert_str_eq(buf_cstr(&b),
	    "exec [cat /tmp/healthy] delay=0s timeout=1s period=500ms #success=1 #failure=3");
}

struct dur_case {
	int64_t	secs;
	char	want[16];
};

ParameterizedTestParameters(render, human_duration)
{
	static struct dur_case c[] = {
		{ -5, "<invalid>" }, { -1, "0s" }, { 0, "0s" }, { 12, "12s" }, { 119, "119s" },
		{ 120, "2m" }, { 184, "3m4s" }, { 599, "9m59s" }, { 600, "10m" },
		{ 179 * 60, "179m" }, { 3 * 3600, "3h" }, { 5 * 3600 + 180, "5h3m" },
		{ 8 * 3600, "8h" }, { 47 * 3600, "47h" }, { 3 * 86400 + 4 * 3600, "3d4h" },
		{ 8 * 86400, "8d" }, { 800 * 86400, "2y70d" }, { 9 * 365 * 86400, "9y" },
	};
	return cr_make_param_array(struct dur_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct dur_case *dc, render, human_duration)
{
	char out[32];

	render_human_duration(dc->secs * NS_PER_SEC, out, sizeof out);
	cr_assert_str_eq(out, dc->want);
}

Test(render, rfc1123z)
{
	char out[64];

	render_rfc1123z(FX_T0, out, sizeof out);
	cr_assert_str_eq(out, "Tue, 14 Nov 2023 22:13:20 +0000");
}

Test(render, events_table_short_columns)
{
	static struct events e;
	struct buf b;

	events_init(&e, NULL);
	events_emit(&e, FX_T0, EVENT_NORMAL, "Started", "main", "Started container main");
	buf_init(&b, mem, sizeof mem);
	render_events_table(&b, &e, FX_T0);
	cr_assert_str_eq(buf_cstr(&b),
	    "Events:\n"
	    "  Type    Reason   Age   From     Message\n"
	    "  ----    ------   ----  ----     -------\n"
	    "  Normal  Started  0s    kubelet  Started container main\n");
}

/* ---- environment, mounts, volumes (issue 15) ---- */

Test(render, secret_values_never_shown)
{
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	render_status_json(&b, fx_build());
	render_describe(&b, &fx_view, FX_NOW);
	buf_cstr(&b);
	cr_assert(!b.overflow);
	/* The fixture's Secret values: a secretKeyRef, a variable envFrom a
	 * Secret brought, a secret volume's file. */
	cr_assert(strstr(b.p, "hunter2") == NULL, "a Secret's value was rendered");
	cr_assert(strstr(b.p, "DB_PASSWORD") == NULL, "an envFrom variable is envFrom's");
	cr_assert(strstr(b.p, "{\"name\":\"API_TOKEN\",\"valueFrom\":{\"secretKeyRef\":"
	    "{\"name\":\"web-secret\",\"key\":\"token\"}}}"));
	cr_assert(strstr(b.p, "      API_TOKEN:      <set to the key 'token' in secret "
	    "'web-secret'>     Optional: false\n"));
}

/* Every buffer size up to the whole answer either flags overflow or gives
 * the whole answer: the in-place layout never writes over what it has
 * still to read, nor past the buffer.  (buf_printf wants a byte beyond
 * the text: an answer fits from len + 1 on.) */
Test(render, describe_layout_in_any_buffer_size)
{
	static char full[64 * 1024], part[64 * 1024];
	struct buf b;
	size_t len;

	buf_init(&b, full, sizeof full);
	render_describe(&b, fx_build(), FX_NOW);
	cr_assert(!b.overflow);
	len = b.len;
	for (size_t cap = 0; cap <= len + 2; cap++) {
		memset(part, 'x', sizeof part);
		buf_init(&b, part, cap);
		render_describe(&b, &fx_view, FX_NOW);
		if (cap <= len)
			cr_assert(b.overflow, "cap %zu", cap);
		else
			cr_assert(!b.overflow && b.len == len && memcmp(part, full, len) == 0,
			    "cap %zu", cap);
		cr_assert_eq(part[cap], 'x', "wrote past cap %zu", cap);
	}
}

/* kubectl's tabwriter: a line with a tab continues the block above it, so
 * "Environment:\t<none>" after the envFrom list takes that list's column,
 * and "Volumes:\t<none>" takes the Conditions table's. */
Test(render, describe_tab_blocks)
{
	struct pod_view *v = fx_build();
	struct container_spec *c = &fx_ctrs[1];
	struct buf b;

	c->n_env = 1;	/* LOG_LEVEL: from envFrom, not written in env */
	c->n_mounts = 0;
	fx_pod.n_volumes = 0;
	buf_init(&b, mem, sizeof mem);
	render_describe(&b, v, FX_NOW);
	buf_cstr(&b);
	cr_assert(strstr(b.p, "    Environment Variables from:\n"
	    "      web-config  ConfigMap                 Optional: false\n"
	    "      web-secret  Secret with prefix 'DB_'  Optional: true\n"
	    "    Environment:  <none>\n"
	    "    Mounts:       <none>\n"), "%s", b.p);
	cr_assert(strstr(b.p, "  PodScheduled      True \nVolumes:            <none>\nEvents:"),
	    "%s", b.p);
}

/* A resourceFieldRef of another container reads that one's limits. */
Test(render, describe_resource_of_named_container)
{
	struct pod_view *v = fx_build();
	static struct env_var env[] = {
		{ .name = "APP_MEM", .value = "64", .source = ENV_SOURCE_RESOURCE,
		    .ref = "limits.memory", .key = "app", .divisor = "1Mi", .mark = { 1, 1 } },
		{ .name = "OWN_MEM", .value = "16384", .source = ENV_SOURCE_RESOURCE,
		    .ref = "limits.memory", .divisor = "1Mi", .mark = { 2, 1 } },
	};
	struct buf b;

	fx_ctrs[2].env = env;
	fx_ctrs[2].n_env = 2;
	buf_init(&b, mem, sizeof mem);
	render_describe(&b, v, FX_NOW);
	buf_cstr(&b);
	cr_assert(strstr(b.p, "      APP_MEM:  64 (limits.memory)\n"
	    "      OWN_MEM:  node allocatable (limits.memory)\n"), "%s", b.p);
}

struct qty_case {
	int64_t	bytes;
	char	want[32];
};

ParameterizedTestParameters(render, size_limit_quantity)
{
	static struct qty_case c[] = {
		{ 64LL << 20, "\"sizeLimit\":\"64Mi\"" },
		{ 1LL << 30, "\"sizeLimit\":\"1Gi\"" },
		{ 1000LL << 20, "\"sizeLimit\":\"1000Mi\"" },
		{ 1536LL << 20, "\"sizeLimit\":\"1536Mi\"" },
		{ 1000000000LL, "\"sizeLimit\":\"1G\"" },
		{ 2000000000LL, "\"sizeLimit\":\"2G\"" },
		{ 500, "\"sizeLimit\":\"500\"" },
		{ 1500, "\"sizeLimit\":\"1500\"" },
	};
	return cr_make_param_array(struct qty_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct qty_case *qc, render, size_limit_quantity)
{
	struct pod_view *v = fx_build();
	struct buf b;

	fx_volumes[0].size_limit_bytes = qc->bytes;
	buf_init(&b, mem, sizeof mem);
	render_status_json(&b, v);
	buf_cstr(&b);
	cr_assert(strstr(b.p, qc->want), "%s in %.300s", qc->want, strstr(b.p, "\"volumes\""));
}

/* A value full of tabs (a cell per tab for kubectl's tabwriter) renders:
 * past TAB_MAX_COLS columns the cells are not aligned, but nothing is
 * lost and the answer does not overflow. */
Test(render, describe_value_full_of_tabs)
{
	struct pod_view *v = fx_build();
	static struct env_var env[] = {
		{ .name = "TABS", .value = "a\tb\tc\td\te\tf\tg\th\ti\tj\tk\tl",
		    .raw = "a\tb\tc\td\te\tf\tg\th\ti\tj\tk\tl", .source = ENV_SOURCE_VALUE,
		    .mark = { 1, 1 } },
	};
	struct buf b;

	fx_ctrs[2].env = env;
	fx_ctrs[2].n_env = 1;
	buf_init(&b, mem, sizeof mem);
	render_describe(&b, v, FX_NOW);
	buf_cstr(&b);
	cr_assert(!b.overflow);
	cr_assert(strstr(b.p, "      TABS:  a  b  c  d  e  f  g  h  i  j  k  l\n"), "%s", b.p);
}
