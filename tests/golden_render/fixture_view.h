/* A fixed pod_view for the renderer and API tests: one init container, a
 * running container that restarted after a liveness kill, and a container in
 * CrashLoopBackOff, with events.  Everything static: the view points into
 * it.  Times are fixed so the output is byte-for-byte stable. */
#ifndef FIXTURE_VIEW_H
#define FIXTURE_VIEW_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/buf.h"
#include "podinit/clock.h"
#include "podinit/events.h"
#include "podinit/events_sink.h"
#include "podinit/metrics.h"
#include "podinit/spec.h"
#include "podinit/view.h"

#define FX_T0   (1700000000LL * NS_PER_SEC)	/* 2023-11-14T22:13:20Z */
#define FX_NOW  (FX_T0 + 200 * NS_PER_SEC)

static struct pod_spec fx_pod;
static struct container_spec fx_ctrs[3];
static struct ctr_view fx_cv[3];
static struct pod_view fx_view;
static struct events fx_events;
static char *fx_argv_setup[] = { "sh", "-c", "echo init", NULL };
static char *fx_argv_app[] = { "nginx", "-g", "daemon off;", NULL };
static char *fx_cmd_ready[] = { "cat", "/tmp/healthy", NULL };
static struct port_spec fx_ports[] = { { "http", 80, "TCP" }, { NULL, 8443, "TCP" } };
/* app's environment in kubelet's order: envFrom's first (one from the
 * Secret, whose value must never be shown), then env's; WEB_MODE replaced
 * an envFrom variable in place, so it comes before the others although
 * written last. */
static struct env_from_spec fx_env_from[] = {
	{ CONFIG_CONFIGMAP, "web-config", NULL, false, { 20, 9 } },
	{ CONFIG_SECRET, "web-secret", "DB_", true, { 22, 9 } },
};
static struct env_var fx_env[] = {
	{ .name = "LOG_LEVEL", .value = "info", .source = ENV_SOURCE_ENV_FROM,
	    .mark = { 20, 9 } },
	{ .name = "WEB_MODE", .value = "blue", .source = ENV_SOURCE_CONFIGMAP_KEY,
	    .ref = "web-config", .key = "mode", .optional = true, .mark = { 40, 9 } },
	{ .name = "DB_PASSWORD", .value = "hunter2-envfrom", .source = ENV_SOURCE_ENV_FROM,
	    .from = 1, .mark = { 22, 9 } },
	{ .name = "GREETING", .value = "hello", .raw = "hello", .source = ENV_SOURCE_VALUE,
	    .mark = { 25, 9 } },
	{ .name = "GREETING_PATH", .value = "hello/x", .raw = "$(GREETING)/x",
	    .source = ENV_SOURCE_VALUE, .mark = { 26, 9 } },
	{ .name = "BANNER", .value = "line one\nline two", .raw = "line one\nline two",
	    .source = ENV_SOURCE_VALUE, .mark = { 27, 9 } },
	{ .name = "POD_NAME", .value = "web", .source = ENV_SOURCE_FIELD,
	    .ref = "metadata.name", .mark = { 29, 9 } },
	{ .name = "CPU_LIMIT", .value = "4", .source = ENV_SOURCE_RESOURCE,
	    .ref = "limits.cpu", .mark = { 32, 9 } },
	{ .name = "MEM_LIMIT_MI", .value = "64", .source = ENV_SOURCE_RESOURCE,
	    .ref = "limits.memory", .divisor = "1Mi", .mark = { 35, 9 } },
	{ .name = "SCRATCH", .value = "1073741824", .source = ENV_SOURCE_RESOURCE,
	    .ref = "limits.ephemeral-storage", .mark = { 36, 9 } },
	{ .name = "API_TOKEN", .value = "hunter2-key", .source = ENV_SOURCE_SECRET_KEY,
	    .ref = "web-secret", .key = "token", .mark = { 38, 9 } },
};
/* bundle's subPathExpr: kubectl shows only a subPath (path="..."). */
static struct volume_mount fx_mounts[] = {
	{ .name = "config", .volume = 1, .mount_path = "/etc/web", .read_only = true,
	    .mark = { 50, 9 } },
	{ .name = "cache", .volume = 0, .mount_path = "/var/cache/web", .mark = { 52, 9 } },
	{ .name = "config", .volume = 1, .mount_path = "/etc/app.conf", .sub_path = "app.conf",
	    .read_only = true, .mark = { 54, 9 } },
	{ .name = "bundle", .volume = 4, .mount_path = "/etc/bundle", .sub_path = "web",
	    .sub_path_expr = "$(POD_NAME)", .mark = { 56, 9 } },
};
static struct volume_source fx_src_config[] = {
	{ VOLUME_CONFIGMAP, "web-config", false, false, { 60, 9 } },
};
static struct volume_source fx_src_secret[] = {
	{ VOLUME_SECRET, "web-secret", true, false, { 62, 9 } },
};
static struct volume_source fx_src_downward[] = {
	{ VOLUME_DOWNWARD_API, NULL, false, false, { 64, 9 } },
};
static struct volume_source fx_src_bundle[] = {
	{ VOLUME_CONFIGMAP, "web-config", false, false, { 66, 9 } },
	{ VOLUME_SECRET, "web-secret", false, false, { 67, 9 } },
	{ VOLUME_DOWNWARD_API, NULL, false, false, { 68, 9 } },
};
static struct volume_file fx_files_secret[] = {
	{ "token", "hunter2-key", 11, 0644, NULL },
};
static struct volume_file fx_files_downward[] = {
	{ "name", "web", 3, 0644, "metadata.name" },
	{ "cpu", "4", 1, 0644, "limits.cpu" },
};
static struct volume_spec fx_volumes[7];

static void
fx_probe(struct probe_spec *p, enum handler_kind k, int delay, int timeout, int period)
{
	spec_probe_defaults(p);
	p->present = true;
	p->handler.kind = k;
	p->initial_delay_ns = delay * NS_PER_SEC;
	p->timeout_ns = timeout * NS_PER_SEC;
	p->period_ns = period * NS_PER_SEC;
}

static void
fx_state(struct view_state *s, enum view_state_kind k, const char *reason, int code,
    int64_t started, int64_t finished)
{
	memset(s, 0, sizeof *s);
	s->kind = k;
	snprintf(s->reason, sizeof s->reason, "%s", reason ? reason : "");
	s->exit_code = code;
	s->started_at = started;
	s->finished_at = finished;
}

static struct pod_view *
fx_build(void)
{
	struct container_spec *c;

	memset(&fx_pod, 0, sizeof fx_pod);
	memset(fx_ctrs, 0, sizeof fx_ctrs);
	memset(fx_cv, 0, sizeof fx_cv);
	memset(&fx_view, 0, sizeof fx_view);
	fx_pod.name = "web";
	fx_pod.namespace = "default";
	fx_pod.restart_policy = RESTART_ALWAYS;
	fx_pod.containers = fx_ctrs;
	fx_pod.n_containers = 3;
	fx_pod.n_init = 1;

	c = &fx_ctrs[0];
	c->name = "setup";
	c->argv = fx_argv_setup;
	c->argc = 3;
	c->is_init = true;

	c = &fx_ctrs[1];
	c->name = "app";
	c->argv = fx_argv_app;
	c->argc = 3;
	c->ports = fx_ports;
	c->n_ports = 2;
	fx_probe(&c->probes[PROBE_LIVENESS], HANDLER_HTTP_GET, 1, 10, 3);
	c->probes[PROBE_LIVENESS].handler.host = "127.0.0.1";
	c->probes[PROBE_LIVENESS].handler.port = 80;
	c->probes[PROBE_LIVENESS].handler.path = "/index.html";
	fx_probe(&c->probes[PROBE_READINESS], HANDLER_EXEC, 5, 1, 5);
	c->probes[PROBE_READINESS].handler.command = fx_cmd_ready;
	c->probes[PROBE_READINESS].handler.n_command = 2;
	fx_probe(&c->probes[PROBE_STARTUP], HANDLER_TCP_SOCKET, 0, 1, 10);
	c->probes[PROBE_STARTUP].handler.port = 8080;
	c->probes[PROBE_STARTUP].failure_threshold = 30;
	c->env_from = fx_env_from;
	c->n_env_from = 2;
	c->env = fx_env;
	c->n_env = sizeof fx_env / sizeof fx_env[0];
	c->mounts = fx_mounts;
	c->n_mounts = sizeof fx_mounts / sizeof fx_mounts[0];
	c->memory_limit_bytes = 64 << 20;
	c->has_memory_limit = true;

	memset(fx_volumes, 0, sizeof fx_volumes);
	fx_volumes[0] = (struct volume_spec){ .name = "cache", .type = VOLUME_EMPTY_DIR,
	    .medium_memory = true, .size_limit_bytes = 64 << 20 };
	fx_volumes[1] = (struct volume_spec){ .name = "config", .type = VOLUME_CONFIGMAP,
	    .sources = fx_src_config, .n_sources = 1, .default_mode = 0644 };
	fx_volumes[2] = (struct volume_spec){ .name = "secret", .type = VOLUME_SECRET,
	    .sources = fx_src_secret, .n_sources = 1, .default_mode = 0400,
	    .files = fx_files_secret, .n_files = 1 };
	fx_volumes[3] = (struct volume_spec){ .name = "podinfo", .type = VOLUME_DOWNWARD_API,
	    .sources = fx_src_downward, .n_sources = 1, .default_mode = 0644,
	    .files = fx_files_downward, .n_files = 2 };
	fx_volumes[4] = (struct volume_spec){ .name = "bundle", .type = VOLUME_PROJECTED,
	    .sources = fx_src_bundle, .n_sources = 3, .default_mode = 0644 };
	fx_volumes[5] = (struct volume_spec){ .name = "logs", .type = VOLUME_HOST_PATH,
	    .path = "/var/log/web", .host_path_type = "DirectoryOrCreate" };
	fx_volumes[6] = (struct volume_spec){ .name = "data", .type = VOLUME_PVC,
	    .path = "data-web-0", .read_only = true };
	fx_pod.volumes = fx_volumes;
	fx_pod.n_volumes = 7;

	c = &fx_ctrs[2];
	c->name = "worker";
	fx_probe(&c->probes[PROBE_LIVENESS], HANDLER_GRPC, 0, 1, 10);
	c->probes[PROBE_LIVENESS].handler.port = 2379;
	c->probes[PROBE_LIVENESS].handler.grpc_service = "health";
	c->probes[PROBE_LIVENESS].period_ns = 500 * NS_PER_MS;

	for (int i = 0; i < 3; i++)
		fx_cv[i].spec = &fx_ctrs[i];

	/* setup: completed */
	fx_state(&fx_cv[0].state, VIEW_STATE_TERMINATED, "Completed", 0,
	    FX_T0 + 1 * NS_PER_SEC, FX_T0 + 2 * NS_PER_SEC);
	fx_cv[0].ready = true;
	fx_cv[0].has_exit_code = true;

	/* app: running after a liveness kill */
	fx_state(&fx_cv[1].state, VIEW_STATE_RUNNING, NULL, 0, FX_T0 + 60 * NS_PER_SEC, 0);
	fx_state(&fx_cv[1].last_state, VIEW_STATE_TERMINATED, "Error", 137,
	    FX_T0 + 3 * NS_PER_SEC, FX_T0 + 59 * NS_PER_SEC);
	fx_cv[1].ready = true;
	fx_cv[1].started = true;
	fx_cv[1].restart_count = 1;
	fx_cv[1].has_exit_code = true;
	fx_cv[1].last_exit_code = 137;
	fx_cv[1].has_usage = true;
	fx_cv[1].cpu_seconds = 1.25;
	fx_cv[1].memory_bytes = 10485760;
	metrics_probe_observe(&fx_cv[1].probes[PROBE_LIVENESS], PROBE_SUCCESS, 3 * NS_PER_MS);
	metrics_probe_observe(&fx_cv[1].probes[PROBE_LIVENESS], PROBE_SUCCESS, 20 * NS_PER_MS);
	metrics_probe_observe(&fx_cv[1].probes[PROBE_LIVENESS], PROBE_FAILURE, 10 * NS_PER_SEC);
	metrics_probe_observe(&fx_cv[1].probes[PROBE_READINESS], PROBE_SUCCESS, 2 * NS_PER_SEC);

	/* worker: crash looping */
	fx_state(&fx_cv[2].state, VIEW_STATE_WAITING, "CrashLoopBackOff", 0, 0, 0);
	snprintf(fx_cv[2].state.message, sizeof fx_cv[2].state.message,
	    "back-off 20s restarting failed container=worker pod=web_default");
	fx_state(&fx_cv[2].last_state, VIEW_STATE_TERMINATED, "Error", 1,
	    FX_T0 + 150 * NS_PER_SEC, FX_T0 + 151 * NS_PER_SEC);
	snprintf(fx_cv[2].last_state.message, sizeof fx_cv[2].last_state.message,
	    "boom\nline 2");
	fx_cv[2].restart_count = 2;
	fx_cv[2].has_exit_code = true;
	fx_cv[2].last_exit_code = 1;

	fx_view.spec = &fx_pod;
	fx_view.phase = PHASE_RUNNING;
	for (int i = 0; i < VIEW_COND_COUNT; i++) {
		fx_view.conditions[i].status = true;
		fx_view.conditions[i].last_transition = FX_T0 + 2 * NS_PER_SEC;
	}
	fx_view.conditions[VIEW_COND_READY].status = false;
	snprintf(fx_view.conditions[VIEW_COND_READY].reason, VIEW_REASON_MAX, "ContainersNotReady");
	snprintf(fx_view.conditions[VIEW_COND_READY].message, VIEW_MESSAGE_MAX,
	    "containers with unready status: [worker]");
	fx_view.conditions[VIEW_COND_CONTAINERS_READY] = fx_view.conditions[VIEW_COND_READY];
	fx_view.live = true;
	fx_view.start_time = FX_T0;
	fx_view.ctrs = fx_cv;
	fx_view.n_ctrs = 3;
	fx_view.zombies_reaped = 4;
	fx_view.lifecycle_http_fallbacks = 1;
	fx_view.rss_bytes = 2097152;
	fx_view.open_fds = 12;

	events_init(&fx_events, NULL);
	events_emit(&fx_events, FX_T0 + 2 * NS_PER_SEC, EVENT_NORMAL, "Started", "app",
	    "Started container %s", "app");
	for (int i = 0; i < 3; i++)
		events_emit(&fx_events, FX_T0 + (50 + 3 * i) * NS_PER_SEC, EVENT_WARNING, "Unhealthy",
		    "app", "Liveness probe failed: HTTP probe failed with statuscode: %d", 500);
	events_emit(&fx_events, FX_T0 + 56 * NS_PER_SEC, EVENT_NORMAL, "Killing", "app",
	    "Container app failed liveness probe, will be restarted");
	events_emit(&fx_events, FX_T0 + 160 * NS_PER_SEC, EVENT_WARNING, "BackOff", "worker",
	    "Back-off restarting failed container worker in pod web_default(podinit)");
	fx_view.events = &fx_events;
	return &fx_view;
}

/* Compare got with tests/golden_render/<name>; PODINIT_UPDATE_GOLDEN=1
 * rewrites the file instead.  Returns NULL when equal, else a message. */
__attribute__((unused)) static const char *
fx_golden(const char *name, const char *got, size_t len)
{
	static char path[256], msg[512];
	static char want[256 * 1024];
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "tests/golden_render/%s", name);
	if (getenv("PODINIT_UPDATE_GOLDEN")) {
		if ((f = fopen(path, "w")) == NULL)
			return "cannot write golden file";
		fwrite(got, 1, len, f);
		fclose(f);
		return NULL;
	}
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(msg, sizeof msg, "missing %s (run from the repo root)", path);
		return msg;
	}
	n = fread(want, 1, sizeof want, f);
	fclose(f);
	if (n == len && memcmp(want, got, len) == 0)
		return NULL;
	for (size_t i = 0; i < len && i < n; i++)
		if (want[i] != got[i]) {
			snprintf(msg, sizeof msg, "%s differs at byte %zu: got \"%.40s\"", path, i, got + i);
			return msg;
		}
	snprintf(msg, sizeof msg, "%s: length %zu, want %zu", path, len, n);
	return msg;
}

#endif /* FIXTURE_VIEW_H */
