/* k8s_pod: the v1.Pod podinit serves to kubectl (SPEC §8).  The status is
 * render.c's PodStatus (render_pod_status_fields) plus what kubelet adds
 * from the node (hostIP(s), podIP(s)) and the API server computes
 * (qosClass); the spec is the decoded pod_spec with the defaults the API
 * server's SetDefaults_Pod would show, and render.c's env, envFrom,
 * volumeMounts and volumes.  A container without an image in its
 * manifest has none here (podinit runs its command): none is invented. */
#include "podinit/k8s_pod.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "podinit/json.h"
#include "podinit/render.h"
#include "podinit/units.h"

const char *
k8s_pod_name(const struct pod_view *v)
{
	return v->spec && v->spec->name ? v->spec->name : "podinit";
}

const char *
k8s_pod_namespace(const struct pod_view *v)
{
	return v->spec && v->spec->namespace ? v->spec->namespace : "default";
}

/* K8S: pkg/apis/core/v1/helper/qos GetPodQOS: no request or limit of cpu
 * or memory anywhere is BestEffort; limits of both everywhere with equal
 * requests (a request not written took the limit) is Guaranteed. */
const char *
k8s_qos_class(const struct pod_spec *p)
{
	bool any = false, guaranteed = true;

	for (size_t i = 0; p && i < p->n_containers; i++) {
		const struct container_spec *c = &p->containers[i];
		bool cpu_lim = c->has_cpu_limit && c->cpu_limit_milli > 0;
		bool mem_lim = c->has_memory_limit && c->memory_limit_bytes > 0;

		if (cpu_lim || mem_lim || c->cpu_request_milli > 0 || c->memory_request_bytes > 0)
			any = true;
		if (!cpu_lim || !mem_lim || c->cpu_request_milli != c->cpu_limit_milli ||
		    c->memory_request_bytes != c->memory_limit_bytes)
			guaranteed = false;
	}
	if (!any)
		return "BestEffort";
	return guaranteed ? "Guaranteed" : "Burstable";
}

void
k8s_type_begin(struct json *j, const char *kind, const char *api_version)
{
	json_object_begin(j);
	json_kv_string(j, "kind", kind);
	json_kv_string(j, "apiVersion", api_version);
}

static void
json_kv_list(struct json *j, const char *key, const struct spec_kv *kv, size_t n)
{
	if (n == 0)
		return;
	json_key(j, key);
	json_object_begin(j);
	for (size_t i = 0; i < n; i++)
		json_kv_string(j, kv[i].key, kv[i].value ? kv[i].value : "");
	json_object_end(j);
}

static void
json_rv(struct json *j, uint64_t rv)
{
	char s[24];

	snprintf(s, sizeof s, "%" PRIu64, rv);
	json_kv_string(j, "resourceVersion", s);
}

void
k8s_pod_metadata(struct json *j, const struct pod_view *v, uint64_t rv)
{
	const struct pod_spec *p = v->spec;

	json_object_begin(j);
	json_kv_string(j, "name", k8s_pod_name(v));
	json_kv_string(j, "namespace", k8s_pod_namespace(v));
	if (p && p->uid)
		json_kv_string(j, "uid", p->uid);
	json_rv(j, rv);
	if (p && p->creation_timestamp)
		json_kv_string(j, "creationTimestamp", p->creation_timestamp);
	else
		render_json_time(j, "creationTimestamp", v->start_time);
	if (p) {
		json_kv_list(j, "labels", p->labels, p->n_labels);
		json_kv_list(j, "annotations", p->annotations, p->n_annotations);
	}
	if (v->job != NULL && p && p->job.present) {
		/* K8S: the Job controller's controllerRef. */
		json_key(j, "ownerReferences");
		json_array_begin(j);
		json_object_begin(j);
		json_kv_string(j, "apiVersion", "batch/v1");
		json_kv_string(j, "kind", "Job");
		json_kv_string(j, "name", p->job.name ? p->job.name : "");
		json_kv_string(j, "uid", p->job.uid ? p->job.uid : "");
		json_kv_bool(j, "controller", true);
		json_kv_bool(j, "blockOwnerDeletion", true);
		json_object_end(j);
		json_array_end(j);
	}
	json_object_end(j);
}

static void
json_strings(struct json *j, const char *key, char *const *s, size_t n)
{
	json_key(j, key);
	json_array_begin(j);
	for (size_t i = 0; i < n; i++)
		json_string(j, s[i]);
	json_array_end(j);
}

static void
json_port(struct json *j, const struct handler_spec *h)
{
	if (h->port_name)
		json_kv_string(j, "port", h->port_name);
	else
		json_kv_int(j, "port", h->port);
}

/* The host only when written: the API server stores none by default. */
static void
json_host(struct json *j, const struct handler_spec *h)
{
	if (h->host && strcmp(h->host, SPEC_DEFAULT_HOST) != 0)
		json_kv_string(j, "host", h->host);
}

/* A ProbeHandler or LifecycleHandler's one action, into an open object. */
static void
json_handler_fields(struct json *j, const struct handler_spec *h)
{
	switch (h->kind) {
	case HANDLER_NONE:
		break;
	case HANDLER_EXEC:
		json_key(j, "exec");
		json_object_begin(j);
		json_strings(j, "command", h->command, h->n_command);
		json_object_end(j);
		break;
	case HANDLER_HTTP_GET:
		json_key(j, "httpGet");
		json_object_begin(j);
		json_kv_string(j, "path", h->path ? h->path : "/");
		json_port(j, h);
		json_host(j, h);
		json_kv_string(j, "scheme", h->https ? "HTTPS" : "HTTP");
		if (h->n_headers) {
			json_key(j, "httpHeaders");
			json_array_begin(j);
			for (size_t i = 0; i < h->n_headers; i++) {
				json_object_begin(j);
				json_kv_string(j, "name", h->headers[i].name);
				json_kv_string(j, "value", h->headers[i].value);
				json_object_end(j);
			}
			json_array_end(j);
		}
		json_object_end(j);
		break;
	case HANDLER_TCP_SOCKET:
		json_key(j, "tcpSocket");
		json_object_begin(j);
		json_port(j, h);
		json_host(j, h);
		json_object_end(j);
		break;
	case HANDLER_GRPC:
		json_key(j, "grpc");
		json_object_begin(j);
		json_kv_int(j, "port", h->port);
		json_kv_string(j, "service", h->grpc_service ? h->grpc_service : "");
		json_object_end(j);
		break;
	case HANDLER_SLEEP:
		json_key(j, "sleep");
		json_object_begin(j);
		json_kv_int(j, "seconds", h->sleep_ns / NS_PER_SEC);
		json_object_end(j);
		break;
	}
}

/* Whole seconds, as the API holds them; a sub-second time of the command
 * line shows as 1 (the API server's minimum). */
static int64_t
secs_min1(int64_t ns)
{
	return ns < NS_PER_SEC ? 1 : ns / NS_PER_SEC;
}

static void
json_probe(struct json *j, const char *key, const struct probe_spec *p)
{
	if (!p->present)
		return;
	json_key(j, key);
	json_object_begin(j);
	json_handler_fields(j, &p->handler);
	if (p->initial_delay_ns)
		json_kv_int(j, "initialDelaySeconds", p->initial_delay_ns / NS_PER_SEC);
	json_kv_int(j, "timeoutSeconds", secs_min1(p->timeout_ns));
	json_kv_int(j, "periodSeconds", secs_min1(p->period_ns));
	json_kv_int(j, "successThreshold", p->success_threshold);
	json_kv_int(j, "failureThreshold", p->failure_threshold);
	if (p->has_termination_grace)
		json_kv_int(j, "terminationGracePeriodSeconds", p->termination_grace_ns / NS_PER_SEC);
	json_object_end(j);
}

static void
json_cpu(struct json *j, const char *key, int64_t milli)
{
	char s[32];

	if (milli % 1000 == 0)
		snprintf(s, sizeof s, "%" PRId64, milli / 1000);
	else
		snprintf(s, sizeof s, "%" PRId64 "m", milli);
	json_kv_string(j, key, s);
}

static void
json_bytes(struct json *j, const char *key, int64_t bytes)
{
	char mem[32];
	struct buf q;

	buf_init(&q, mem, sizeof mem);
	render_quantity_bytes(&q, bytes);
	json_kv_string(j, key, buf_cstr(&q));
}

static void
json_resources(struct json *j, const struct container_spec *c)
{
	bool lim = c->has_cpu_limit || c->has_memory_limit || c->has_ephemeral_limit;
	bool req = c->cpu_request_milli || c->memory_request_bytes || c->ephemeral_request_bytes;

	json_key(j, "resources");
	json_object_begin(j);
	if (lim) {
		json_key(j, "limits");
		json_object_begin(j);
		if (c->has_cpu_limit)
			json_cpu(j, "cpu", c->cpu_limit_milli);
		if (c->has_ephemeral_limit)
			json_bytes(j, "ephemeral-storage", c->ephemeral_limit_bytes);
		if (c->has_memory_limit)
			json_bytes(j, "memory", c->memory_limit_bytes);
		json_object_end(j);
	}
	if (req) {
		json_key(j, "requests");
		json_object_begin(j);
		if (c->cpu_request_milli)
			json_cpu(j, "cpu", c->cpu_request_milli);
		if (c->ephemeral_request_bytes)
			json_bytes(j, "ephemeral-storage", c->ephemeral_request_bytes);
		if (c->memory_request_bytes)
			json_bytes(j, "memory", c->memory_request_bytes);
		json_object_end(j);
	}
	json_object_end(j);
}

static void
json_tristate(struct json *j, const char *key, int v)
{
	if (v >= 0)
		json_kv_bool(j, key, v == 1);
}

static void
json_seccomp(struct json *j, const struct secctx_spec *s)
{
	static const char *const type[] = { NULL, "Unconfined", "RuntimeDefault", "Localhost" };

	if (s->seccomp == SECCOMP_UNSET)
		return;
	json_key(j, "seccompProfile");
	json_object_begin(j);
	json_kv_string(j, "type", type[s->seccomp]);
	if (s->seccomp == SECCOMP_LOCALHOST && s->seccomp_localhost_name)
		json_kv_string(j, "localhostProfile", s->seccomp_localhost_name);
	json_object_end(j);
}

/* A SecurityContext (container) or PodSecurityContext (pod), as written. */
static void
json_secctx(struct json *j, const struct secctx_spec *s, bool pod)
{
	json_key(j, "securityContext");
	json_object_begin(j);
	if (s->has_run_as_user)
		json_kv_int(j, "runAsUser", s->run_as_user);
	if (s->has_run_as_group)
		json_kv_int(j, "runAsGroup", s->run_as_group);
	json_tristate(j, "runAsNonRoot", s->run_as_non_root);
	if (pod) {
		if (s->n_supplemental_groups) {
			json_key(j, "supplementalGroups");
			json_array_begin(j);
			for (size_t i = 0; i < s->n_supplemental_groups; i++)
				json_int(j, s->supplemental_groups[i]);
			json_array_end(j);
		}
		if (s->has_fs_group)
			json_kv_int(j, "fsGroup", s->fs_group);
	} else {
		if (s->n_cap_add || s->n_cap_drop) {
			json_key(j, "capabilities");
			json_object_begin(j);
			if (s->n_cap_add)
				json_strings(j, "add", s->cap_add, s->n_cap_add);
			if (s->n_cap_drop)
				json_strings(j, "drop", s->cap_drop, s->n_cap_drop);
			json_object_end(j);
		}
		json_tristate(j, "allowPrivilegeEscalation", s->allow_privilege_escalation);
		json_tristate(j, "privileged", s->privileged);
		json_tristate(j, "readOnlyRootFilesystem", s->read_only_root_filesystem);
	}
	json_seccomp(j, s);
	json_object_end(j);
}

static void
json_lifecycle(struct json *j, const struct container_spec *c)
{
	if (c->post_start.kind == HANDLER_NONE && c->pre_stop.kind == HANDLER_NONE)
		return;
	json_key(j, "lifecycle");
	json_object_begin(j);
	if (c->post_start.kind != HANDLER_NONE) {
		json_key(j, "postStart");
		json_object_begin(j);
		json_handler_fields(j, &c->post_start);
		json_object_end(j);
	}
	if (c->pre_stop.kind != HANDLER_NONE) {
		json_key(j, "preStop");
		json_object_begin(j);
		json_handler_fields(j, &c->pre_stop);
		json_object_end(j);
	}
	json_object_end(j);
}

static void
json_container(struct json *j, const struct container_spec *c)
{
	json_object_begin(j);
	json_kv_string(j, "name", c->name ? c->name : "");
	if (c->image)
		json_kv_string(j, "image", c->image);
	/* As the manifest wrote them; otherwise (the command line's pod)
	 * what runs. */
	if (c->n_command || c->n_args) {
		if (c->n_command)
			json_strings(j, "command", c->command, c->n_command);
		if (c->n_args)
			json_strings(j, "args", c->args, c->n_args);
	} else if (c->argv && c->argc) {
		json_strings(j, c->has_command ? "command" : "args", c->argv, c->argc);
	}
	if (c->working_dir)
		json_kv_string(j, "workingDir", c->working_dir);
	if (c->n_ports) {
		json_key(j, "ports");
		json_array_begin(j);
		for (size_t i = 0; i < c->n_ports; i++) {
			const struct port_spec *p = &c->ports[i];

			json_object_begin(j);
			if (p->name)
				json_kv_string(j, "name", p->name);
			json_kv_int(j, "containerPort", p->container_port);
			json_kv_string(j, "protocol", p->protocol ? p->protocol : "TCP");
			json_object_end(j);
		}
		json_array_end(j);
	}
	render_container_env_fields(j, c, false);
	json_resources(j, c);
	if (c->is_sidecar || (c->has_restart_policy && !c->is_init))
		json_kv_string(j, "restartPolicy", spec_restart_policy_name(c->restart_policy));
	render_container_mounts_field(j, c);
	json_probe(j, "livenessProbe", &c->probes[PROBE_LIVENESS]);
	json_probe(j, "readinessProbe", &c->probes[PROBE_READINESS]);
	json_probe(j, "startupProbe", &c->probes[PROBE_STARTUP]);
	json_lifecycle(j, c);
	json_kv_string(j, "terminationMessagePath",
	    c->termination_message_path ? c->termination_message_path : "/dev/termination-log");
	json_kv_string(j, "terminationMessagePolicy",
	    c->fallback_to_logs ? "FallbackToLogsOnError" : "File");
	json_kv_string(j, "imagePullPolicy", "IfNotPresent");
	if (c->has_security)
		json_secctx(j, &c->security, false);
	if (c->stdin_open)
		json_kv_bool(j, "stdin", true);
	if (c->tty)
		json_kv_bool(j, "tty", true);
	json_object_end(j);
}

static void
json_pod_spec(struct json *j, const struct pod_spec *p, const struct k8s_node *n)
{
	json_object_begin(j);
	if (p->n_volumes) {
		json_key(j, "volumes");
		json_array_begin(j);
		for (size_t i = 0; i < p->n_volumes; i++)
			render_volume_json(j, &p->volumes[i]);
		json_array_end(j);
	}
	for (int init = 1; init >= 0; init--) {
		if (init && p->n_init == 0)
			continue;
		json_key(j, init ? "initContainers" : "containers");
		json_array_begin(j);
		for (size_t i = 0; i < p->n_containers; i++)
			if (p->containers[i].is_init == (bool)init)
				json_container(j, &p->containers[i]);
		json_array_end(j);
	}
	json_kv_string(j, "restartPolicy", spec_restart_policy_name(p->restart_policy));
	json_kv_int(j, "terminationGracePeriodSeconds", p->termination_grace_ns / NS_PER_SEC);
	if (p->active_deadline_ns)
		json_kv_int(j, "activeDeadlineSeconds", p->active_deadline_ns / NS_PER_SEC);
	json_kv_string(j, "dnsPolicy", "ClusterFirst");
	json_kv_string(j, "serviceAccountName",
	    p->service_account_name ? p->service_account_name : "default");
	json_kv_string(j, "serviceAccount",
	    p->service_account_name ? p->service_account_name : "default");
	if (n && n->node_name)
		json_kv_string(j, "nodeName", n->node_name);
	if (p->share_process_namespace)
		json_kv_bool(j, "shareProcessNamespace", true);
	if (p->hostname && p->name && strcmp(p->hostname, p->name) != 0)
		json_kv_string(j, "hostname", p->hostname);
	if (p->has_security)
		json_secctx(j, &p->security, true);
	else {
		json_key(j, "securityContext");
		json_object_begin(j);
		json_object_end(j);
	}
	json_kv_string(j, "schedulerName", "default-scheduler");
	json_kv_int(j, "priority", 0);
	json_kv_bool(j, "enableServiceLinks", true);
	json_kv_string(j, "preemptionPolicy", "PreemptLowerPriority");
	json_object_end(j);
}

static void
json_ips(struct json *j, const char *one, const char *many, const char *const *ips, size_t n)
{
	if (n == 0)
		return;
	json_kv_string(j, one, ips[0]);
	json_key(j, many);
	json_array_begin(j);
	for (size_t i = 0; i < n; i++) {
		json_object_begin(j);
		json_kv_string(j, "ip", ips[i]);
		json_object_end(j);
	}
	json_array_end(j);
}

void
k8s_pod_json(struct json *j, const struct pod_view *v, const struct k8s_node *n, uint64_t rv)
{
	k8s_type_begin(j, "Pod", "v1");
	json_key(j, "metadata");
	k8s_pod_metadata(j, v, rv);
	if (v->spec) {
		json_key(j, "spec");
		json_pod_spec(j, v->spec, n);
	}
	json_key(j, "status");
	json_object_begin(j);
	render_pod_status_fields(j, v);
	if (n) {
		json_ips(j, "hostIP", "hostIPs", n->host_ips, n->n_host_ips);
		json_ips(j, "podIP", "podIPs", n->pod_ips, n->n_pod_ips);
	}
	json_kv_string(j, "qosClass", k8s_qos_class(v->spec));
	json_object_end(j);
	json_object_end(j);
}

void
k8s_pod_render(struct buf *b, const struct pod_view *v, const struct k8s_node *n, uint64_t rv)
{
	struct json j;

	json_init(&j, b);
	k8s_pod_json(&j, v, n, rv);
	buf_addc(b, '\n');
}

void
k8s_pod_list_render(struct buf *b, const struct pod_view *v, const struct k8s_node *n,
    uint64_t rv, bool with_pod)
{
	struct json j;

	json_init(&j, b);
	k8s_type_begin(&j, "PodList", "v1");
	json_key(&j, "metadata");
	json_object_begin(&j);
	json_rv(&j, rv);
	json_object_end(&j);
	json_key(&j, "items");
	json_array_begin(&j);
	if (with_pod)
		k8s_pod_json(&j, v, n, rv);
	json_array_end(&j);
	json_object_end(&j);
	buf_addc(b, '\n');
}

const char *
k8s_pod_field(const void *ref, const char *key)
{
	const struct k8s_pod_ref *r = ref;

	if (strcmp(key, "metadata.name") == 0)
		return k8s_pod_name(r->v);
	if (strcmp(key, "metadata.namespace") == 0)
		return k8s_pod_namespace(r->v);
	if (strcmp(key, "status.phase") == 0)
		return pod_phase_name(r->v->phase);
	if (strcmp(key, "spec.nodeName") == 0)
		return r->n && r->n->node_name ? r->n->node_name : "";
	if (strcmp(key, "spec.restartPolicy") == 0)
		return r->v->spec ? spec_restart_policy_name(r->v->spec->restart_policy) : "Always";
	if (strcmp(key, "spec.serviceAccountName") == 0)
		return r->v->spec && r->v->spec->service_account_name ?
		    r->v->spec->service_account_name : "default";
	if (strcmp(key, "status.podIP") == 0)
		return r->n && r->n->n_pod_ips ? r->n->pod_ips[0] : "";
	return NULL;
}

const char *
k8s_pod_label(const void *ref, const char *key)
{
	const struct k8s_pod_ref *r = ref;

	if (r->v->spec == NULL)
		return NULL;
	return spec_kv_get(r->v->spec->labels, r->v->spec->n_labels, key);
}

void
k8s_pod_gone_json(struct json *j, const struct k8s_pod_gone *g, uint64_t rv)
{
	k8s_type_begin(j, "Pod", "v1");
	json_key(j, "metadata");
	json_object_begin(j);
	json_kv_string(j, "name", g->name);
	json_kv_string(j, "namespace", g->namespace_name);
	json_kv_string(j, "uid", g->uid);
	json_rv(j, rv);
	render_json_time(j, "creationTimestamp", g->created);
	json_object_end(j);
	json_object_end(j);
}
