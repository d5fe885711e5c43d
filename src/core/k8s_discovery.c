/* k8s_discovery: discovery documents, v1.Status, PodMetrics and the
 * kubeconfig.  The resource lists name only what podinit serves (kubectl
 * builds its REST mapping from them): pods (get, list, watch), pods/log
 * (get), events (get, list, watch), and metrics.k8s.io's pods.  A client
 * that asks for the aggregated discovery (Accept: ...apidiscovery...) gets
 * these plain forms with Content-Type application/json, which it reads as
 * the legacy discovery. */
#include "podinit/k8s_discovery.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "podinit/clock.h"
#include "podinit/json.h"
#include "podinit/k8s_pod.h"
#include "podinit/units.h"

struct resource {
	const char *name, *singular, *kind;
	const char *verbs[3];
	const char *short_name;		/* NULL: none */
	bool	 all;			/* in the "all" category */
	bool	 cluster;		/* not namespaced */
};

static const struct resource core_resources[] = {
	{ "events", "event", "Event", { "get", "list", "watch" }, "ev", false, false },
	/* The pod's own only: kubectl asks for it after a 404 of a pod. */
	{ "namespaces", "namespace", "Namespace", { "get", "list", NULL }, "ns", false, true },
	{ "pods", "pod", "Pod", { "get", "list", "watch" }, "po", true, false },
	{ "pods/log", "", "Pod", { "get", NULL, NULL }, NULL, false, false },
};

static const struct resource metrics_resources[] = {
	{ "pods", "", "PodMetrics", { "get", "list", NULL }, NULL, false, false },
};

static void
resource_list(struct json *j, const char *gv, const struct resource *r, size_t n)
{
	k8s_type_begin(j, "APIResourceList", "v1");
	json_kv_string(j, "groupVersion", gv);
	json_key(j, "resources");
	json_array_begin(j);
	for (size_t i = 0; i < n; i++) {
		json_object_begin(j);
		json_kv_string(j, "name", r[i].name);
		json_kv_string(j, "singularName", r[i].singular);
		json_kv_bool(j, "namespaced", !r[i].cluster);
		json_kv_string(j, "kind", r[i].kind);
		json_key(j, "verbs");
		json_array_begin(j);
		for (size_t k = 0; k < 3 && r[i].verbs[k]; k++)
			json_string(j, r[i].verbs[k]);
		json_array_end(j);
		if (r[i].short_name) {
			json_key(j, "shortNames");
			json_array_begin(j);
			json_string(j, r[i].short_name);
			json_array_end(j);
		}
		if (r[i].all) {
			json_key(j, "categories");
			json_array_begin(j);
			json_string(j, "all");
			json_array_end(j);
		}
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

static void
metrics_group(struct json *j, bool with_kind)
{
	json_object_begin(j);
	if (with_kind) {
		json_kv_string(j, "kind", "APIGroup");
		json_kv_string(j, "apiVersion", "v1");
	}
	json_kv_string(j, "name", "metrics.k8s.io");
	json_key(j, "versions");
	json_array_begin(j);
	json_object_begin(j);
	json_kv_string(j, "groupVersion", "metrics.k8s.io/v1beta1");
	json_kv_string(j, "version", "v1beta1");
	json_object_end(j);
	json_array_end(j);
	json_key(j, "preferredVersion");
	json_object_begin(j);
	json_kv_string(j, "groupVersion", "metrics.k8s.io/v1beta1");
	json_kv_string(j, "version", "v1beta1");
	json_object_end(j);
	json_object_end(j);
}

void
k8s_discovery_render(struct buf *b, enum k8s_doc d, const char *version)
{
	struct json j;
	char gv[96];

	json_init(&j, b);
	switch (d) {
	case K8S_DOC_VERSION:
		/* Build metadata after "+" keeps it a version clients parse. */
		snprintf(gv, sizeof gv, "v%s.%s.0+podinit.%s", K8S_SERVER_MAJOR, K8S_SERVER_MINOR,
		    version ? version : "0");
		json_object_begin(&j);
		json_kv_string(&j, "major", K8S_SERVER_MAJOR);
		json_kv_string(&j, "minor", K8S_SERVER_MINOR);
		json_kv_string(&j, "gitVersion", gv);
		json_kv_string(&j, "gitCommit", "");
		json_kv_string(&j, "gitTreeState", "clean");
		json_kv_string(&j, "buildDate", "");
		json_kv_string(&j, "goVersion", "");
		json_kv_string(&j, "compiler", "podinit");
		json_kv_string(&j, "platform", "linux");
		json_object_end(&j);
		break;
	case K8S_DOC_API:
		json_object_begin(&j);
		json_kv_string(&j, "kind", "APIVersions");
		json_key(&j, "versions");
		json_array_begin(&j);
		json_string(&j, "v1");
		json_array_end(&j);
		json_key(&j, "serverAddressByClientCIDRs");
		json_array_begin(&j);
		json_array_end(&j);
		json_object_end(&j);
		break;
	case K8S_DOC_API_V1:
		resource_list(&j, "v1", core_resources,
		    sizeof core_resources / sizeof core_resources[0]);
		break;
	case K8S_DOC_APIS:
		k8s_type_begin(&j, "APIGroupList", "v1");
		json_key(&j, "groups");
		json_array_begin(&j);
		metrics_group(&j, false);
		json_array_end(&j);
		json_object_end(&j);
		break;
	case K8S_DOC_METRICS_GROUP:
		metrics_group(&j, true);
		break;
	case K8S_DOC_METRICS_V1BETA1:
		resource_list(&j, "metrics.k8s.io/v1beta1", metrics_resources,
		    sizeof metrics_resources / sizeof metrics_resources[0]);
		break;
	}
	buf_addc(b, '\n');
}

void
k8s_status_render(struct buf *b, int code, const char *reason, const char *message,
    const char *name, const char *kind)
{
	struct json j;

	json_init(&j, b);
	k8s_type_begin(&j, "Status", "v1");
	json_key(&j, "metadata");
	json_object_begin(&j);
	json_object_end(&j);
	json_kv_string(&j, "status", "Failure");
	json_kv_string(&j, "message", message);
	json_kv_string(&j, "reason", reason);
	json_key(&j, "details");
	json_object_begin(&j);
	if (name)
		json_kv_string(&j, "name", name);
	if (kind)
		json_kv_string(&j, "kind", kind);
	json_object_end(&j);
	json_kv_int(&j, "code", code);
	json_object_end(&j);
	buf_addc(b, '\n');
}

/* metrics-server's forms: CPU in nanocores ("12345n"), memory in Ki. */
static void
pod_metrics(struct json *j, const struct pod_view *v, const struct k8s_usage *u, size_t n,
    int64_t ts, int64_t window_ns)
{
	char s[40];

	k8s_type_begin(j, "PodMetrics", "metrics.k8s.io/v1beta1");
	json_key(j, "metadata");
	json_object_begin(j);
	json_kv_string(j, "name", k8s_pod_name(v));
	json_kv_string(j, "namespace", k8s_pod_namespace(v));
	clock_rfc3339_sec(ts, s, sizeof s);
	json_kv_string(j, "creationTimestamp", s);
	json_object_end(j);
	json_kv_string(j, "timestamp", s);
	snprintf(s, sizeof s, "%" PRId64 "s", (int64_t)(window_ns / NS_PER_SEC));
	json_kv_string(j, "window", s);
	json_key(j, "containers");
	json_array_begin(j);
	for (size_t i = 0; i < n; i++) {
		json_object_begin(j);
		json_kv_string(j, "name", u[i].name);
		json_key(j, "usage");
		json_object_begin(j);
		snprintf(s, sizeof s, "%" PRId64 "n", (int64_t)(u[i].cpu_cores * 1e9));
		json_kv_string(j, "cpu", s);
		snprintf(s, sizeof s, "%" PRId64 "Ki", u[i].memory_bytes / 1024);
		json_kv_string(j, "memory", s);
		json_object_end(j);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

void
k8s_pod_metrics_render(struct buf *b, const struct pod_view *v, const struct k8s_usage *u,
    size_t n, int64_t ts, int64_t window_ns, bool list, bool with_pod)
{
	struct json j;

	json_init(&j, b);
	if (!list) {
		pod_metrics(&j, v, u, n, ts, window_ns);
		buf_addc(b, '\n');
		return;
	}
	k8s_type_begin(&j, "PodMetricsList", "metrics.k8s.io/v1beta1");
	json_key(&j, "metadata");
	json_object_begin(&j);
	json_object_end(&j);
	json_key(&j, "items");
	json_array_begin(&j);
	if (with_pod)
		pod_metrics(&j, v, u, n, ts, window_ns);
	json_array_end(&j);
	json_object_end(&j);
	buf_addc(b, '\n');
}

/* YAML scalars quoted as JSON strings (a subset of YAML's double-quoted
 * form), so no name can break the document. */
static void
yaml_str(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	json_escape(b, s, strlen(s));
	buf_addc(b, '"');
}

void
k8s_kubeconfig_render(struct buf *b, const char *server, const char *name,
    const char *namespace_name)
{
	buf_adds(b, "apiVersion: v1\nkind: Config\nclusters:\n- name: ");
	yaml_str(b, name);
	buf_adds(b, "\n  cluster:\n    server: ");
	yaml_str(b, server);
	buf_adds(b, "\ncontexts:\n- name: ");
	yaml_str(b, name);
	buf_adds(b, "\n  context:\n    cluster: ");
	yaml_str(b, name);
	buf_adds(b, "\n    user: ");
	yaml_str(b, name);
	buf_adds(b, "\n    namespace: ");
	yaml_str(b, namespace_name);
	buf_adds(b, "\ncurrent-context: ");
	yaml_str(b, name);
	buf_adds(b, "\nusers:\n- name: ");
	yaml_str(b, name);
	buf_adds(b, "\n  user: {}\npreferences: {}\n");
}

static void
namespace_json(struct json *j, const char *name, const char *created)
{
	k8s_type_begin(j, "Namespace", "v1");
	json_key(j, "metadata");
	json_object_begin(j);
	json_kv_string(j, "name", name);
	if (created)
		json_kv_string(j, "creationTimestamp", created);
	json_key(j, "labels");
	json_object_begin(j);
	json_kv_string(j, "kubernetes.io/metadata.name", name);
	json_object_end(j);
	json_object_end(j);
	json_key(j, "spec");
	json_object_begin(j);
	json_key(j, "finalizers");
	json_array_begin(j);
	json_string(j, "kubernetes");
	json_array_end(j);
	json_object_end(j);
	json_key(j, "status");
	json_object_begin(j);
	json_kv_string(j, "phase", "Active");
	json_object_end(j);
	json_object_end(j);
}

void
k8s_namespace_render(struct buf *b, const struct pod_view *v, bool list)
{
	const char *created = v->spec ? v->spec->creation_timestamp : NULL;
	struct json j;

	json_init(&j, b);
	if (!list)
		namespace_json(&j, k8s_pod_namespace(v), created);
	else {
		k8s_type_begin(&j, "NamespaceList", "v1");
		json_key(&j, "metadata");
		json_object_begin(&j);
		json_object_end(&j);
		json_key(&j, "items");
		json_array_begin(&j);
		namespace_json(&j, k8s_pod_namespace(v), created);
		json_array_end(&j);
		json_object_end(&j);
	}
	buf_addc(b, '\n');
}
