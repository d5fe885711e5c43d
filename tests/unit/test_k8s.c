/* k8s: the Kubernetes API's JSON from the fixed view of golden_render
 * (tests/golden_render/k8s_*.json; PODINIT_UPDATE_GOLDEN=1 rewrites them):
 * a v1.Pod, a PodList, the pod and event Tables, a v1.EventList with a
 * fieldSelector as kubectl describe sends it, PodMetrics, discovery and
 * v1.Status; kubectl's printPod STATUS, the QoS class, selectors and the
 * query's percent-decoding. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "golden_render/fixture_view.h"
#include "podinit/json.h"
#include "podinit/k8s_discovery.h"
#include "podinit/k8s_event.h"
#include "podinit/k8s_pod.h"
#include "podinit/k8s_query.h"
#include "podinit/k8s_table.h"

static char mem[512 * 1024];
static struct k8s_event_ref refs[K8S_EVENTS_MAX];
static const char *const ips[] = { "10.0.0.7" };
static const struct k8s_node node = { "node-1", ips, 1, ips, 1 };
static struct spec_kv labels[] = { { "app", "web" } };

static struct pod_view *
view(void)
{
	struct pod_view *v = fx_build();

	fx_pod.uid = "0b6f6c4e-1111-4222-8333-444455556666";
	fx_pod.creation_timestamp = "2023-11-14T22:13:20Z";
	fx_pod.labels = labels;
	fx_pod.n_labels = 1;
	return v;
}

static void
golden(const char *name, struct buf *b)
{
	const char *err;

	cr_assert(!b->overflow);
	err = fx_golden(name, b->p, b->len);
	cr_assert(err == NULL, "%s", err);
}

Test(k8s, pod_json)
{
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	k8s_pod_render(&b, view(), &node, 7);
	golden("k8s_pod.json", &b);
	buf_cstr(&b);
	cr_assert(strstr(b.p, "\"kind\":\"Pod\",\"apiVersion\":\"v1\""));
	cr_assert(strstr(b.p, "\"resourceVersion\":\"7\""));
	cr_assert(strstr(b.p, "\"hostIP\":\"10.0.0.7\""));
	cr_assert(strstr(b.p, "\"qosClass\":\"Burstable\""));
	/* A Secret's value never appears, only its reference. */
	cr_assert(strstr(b.p, "hunter2") == NULL);
	cr_assert(strstr(b.p, "\"secretKeyRef\":{\"name\":\"web-secret\",\"key\":\"token\"}"));
}

Test(k8s, pod_list_and_table)
{
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	k8s_pod_list_render(&b, view(), &node, 7, true);
	cr_assert(strstr(buf_cstr(&b), "{\"kind\":\"PodList\",\"apiVersion\":\"v1\","
	    "\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[{\"kind\":\"Pod\""));
	buf_reset(&b);
	k8s_pod_list_render(&b, view(), &node, 7, false);
	cr_assert(strstr(buf_cstr(&b), "\"items\":[]"));
	buf_reset(&b);
	k8s_pod_table_render(&b, view(), &node, 7, true, false, FX_NOW);
	golden("k8s_pod_table.json", &b);
	cr_assert(strstr(buf_cstr(&b), "\"cells\":[\"web\",\"1/2\",\"CrashLoopBackOff\","
	    "\"3 (49s ago)\",\"3m20s\",\"10.0.0.7\",\"node-1\",\"<none>\",\"<none>\"]"));
}

/* K8S: printPod's STATUS over the init containers, then the others. */
Test(k8s, pod_row_status)
{
	struct pod_view *v = view();
	struct k8s_pod_row r;

	k8s_pod_row(v, &r);
	cr_assert_str_eq(r.status, "CrashLoopBackOff");
	cr_assert_eq(r.ready, 1);
	cr_assert_eq(r.total, 2);
	cr_assert_eq(r.restarts, 3);
	/* An init container still running: Init:0/1. */
	fx_state(&fx_cv[0].state, VIEW_STATE_RUNNING, NULL, 0, FX_T0, 0);
	v->conditions[VIEW_COND_INITIALIZED].status = false;
	v->phase = PHASE_PENDING;
	k8s_pod_row(v, &r);
	cr_assert_str_eq(r.status, "Init:0/1");
	/* A failed one: Init:Error; waiting: Init:CrashLoopBackOff. */
	fx_state(&fx_cv[0].state, VIEW_STATE_TERMINATED, "Error", 1, FX_T0, FX_T0);
	k8s_pod_row(v, &r);
	cr_assert_str_eq(r.status, "Init:Error");
	fx_state(&fx_cv[0].state, VIEW_STATE_WAITING, "CrashLoopBackOff", 0, 0, 0);
	k8s_pod_row(v, &r);
	cr_assert_str_eq(r.status, "Init:CrashLoopBackOff");
	/* Completed with one still running and ready: Running. */
	v = view();
	fx_state(&fx_cv[2].state, VIEW_STATE_TERMINATED, "Completed", 0, FX_T0, FX_T0);
	v->conditions[VIEW_COND_READY].status = true;
	k8s_pod_row(v, &r);
	cr_assert_str_eq(r.status, "Running");
	fx_state(&fx_cv[1].state, VIEW_STATE_TERMINATED, "", 0, FX_T0, FX_T0);
	fx_cv[1].state.signal = 9;
	k8s_pod_row(v, &r);
	cr_assert_str_eq(r.status, "Signal:9");
}

Test(k8s, qos_class)
{
	struct pod_view *v = view();

	cr_assert_str_eq(k8s_qos_class(v->spec), "Burstable");
	for (size_t i = 0; i < fx_pod.n_containers; i++) {
		fx_ctrs[i].has_memory_limit = false;
		fx_ctrs[i].memory_limit_bytes = 0;
	}
	cr_assert_str_eq(k8s_qos_class(v->spec), "BestEffort");
	for (size_t i = 0; i < fx_pod.n_containers; i++) {
		fx_ctrs[i].has_memory_limit = fx_ctrs[i].has_cpu_limit = true;
		fx_ctrs[i].memory_limit_bytes = fx_ctrs[i].memory_request_bytes = 1 << 20;
		fx_ctrs[i].cpu_limit_milli = fx_ctrs[i].cpu_request_milli = 100;
	}
	cr_assert_str_eq(k8s_qos_class(v->spec), "Guaranteed");
	fx_ctrs[1].cpu_request_milli = 50;
	cr_assert_str_eq(k8s_qos_class(v->spec), "Burstable");
}

Test(k8s, events)
{
	struct k8s_selector sel;
	char err[128];
	struct buf b;
	struct json j;
	size_t m;

	buf_init(&b, mem, sizeof mem);
	k8s_event_list_render(&b, view(), &node, NULL, NULL, refs);
	golden("k8s_events.json", &b);
	buf_cstr(&b);
	cr_assert(strstr(b.p, "\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\"default\","
	    "\"name\":\"web\",\"uid\":\"0b6f6c4e-1111-4222-8333-444455556666\",\"apiVersion\":\"v1\","
	    "\"fieldPath\":\"spec.containers{app}\"}"));
	cr_assert(strstr(b.p, "\"source\":{\"component\":\"kubelet\",\"host\":\"node-1\"}"));
	/* describe's fieldSelector, as kubectl encodes it in the query. */
	cr_assert(k8s_query_param("limit=500&fieldSelector=involvedObject.name%3Dweb%2C"
	    "involvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D0b6f6c4e-1111-4222-8333-"
	    "444455556666&x", "fieldSelector", err, sizeof err));
	cr_assert_str_eq(err, "involvedObject.name=web,involvedObject.namespace=default,"
	    "involvedObject.uid=0b6f6c4e-1111-4222-8333-444455556666");
	cr_assert_eq(k8s_selector_parse(err, &sel, err, sizeof err), 0);
	cr_assert_eq(sel.n, 3);
	m = k8s_events_collect(view(), &node, 0, refs, K8S_EVENTS_MAX);
	cr_assert_eq(m, 4);
	for (size_t i = 0; i < m; i++)
		cr_assert(k8s_selector_match(&sel, k8s_event_field, &refs[i]));
	cr_assert_eq(k8s_selector_parse("involvedObject.name=other", &sel, err, sizeof err), 0);
	cr_assert(!k8s_selector_match(&sel, k8s_event_field, &refs[0]));
	cr_assert_eq(k8s_selector_parse("reason!=Unhealthy,type==Warning", &sel, err, sizeof err), 0);
	cr_assert(k8s_selector_match(&sel, k8s_event_field, &refs[m - 1]));	/* BackOff */
	/* Names unique among those kept. */
	for (size_t i = 0; i < m; i++)
		for (size_t k = i + 1; k < m; k++)
			cr_assert_str_neq(refs[i].name, refs[k].name);
	/* A watch from the list's version: only what is newer. */
	cr_assert_eq(k8s_events_collect(view(), &node, k8s_events_rv(view()), refs,
	    K8S_EVENTS_MAX), 0);
	buf_reset(&b);
	json_init(&j, &b);
	m = k8s_events_collect(view(), &node, 0, refs, K8S_EVENTS_MAX);
	k8s_event_table_json(&j, refs, m, k8s_events_rv(view()), FX_NOW);
	buf_addc(&b, '\n');
	golden("k8s_event_table.json", &b);
	cr_assert(strstr(buf_cstr(&b), "\"cells\":[\"2m24s (x3 over 2m30s)\",\"Warning\","
	    "\"Unhealthy\",\"pod/web\",\"spec.containers{app}\",\"kubelet, node-1\","));
}

Test(k8s, metrics_discovery_status)
{
	struct k8s_usage u[] = { { "app", 0.0125, 10485760 } };
	struct buf b;

	buf_init(&b, mem, sizeof mem);
	k8s_pod_metrics_render(&b, view(), u, 1, FX_NOW, 10 * NS_PER_SEC, false, true);
	golden("k8s_pod_metrics.json", &b);
	cr_assert(strstr(buf_cstr(&b), "\"containers\":[{\"name\":\"app\",\"usage\":"
	    "{\"cpu\":\"12500000n\",\"memory\":\"10240Ki\"}}]"));
	buf_reset(&b);
	k8s_status_render(&b, 404, "NotFound", "pods \"x\" not found", "x", "pods");
	cr_assert_str_eq(buf_cstr(&b), "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
	    "\"status\":\"Failure\",\"message\":\"pods \\\"x\\\" not found\",\"reason\":\"NotFound\","
	    "\"details\":{\"name\":\"x\",\"kind\":\"pods\"},\"code\":404}\n");
	buf_reset(&b);
	k8s_discovery_render(&b, K8S_DOC_API_V1, "1.0");
	golden("k8s_api_v1.json", &b);
	buf_reset(&b);
	k8s_discovery_render(&b, K8S_DOC_APIS, "1.0");
	cr_assert(strstr(buf_cstr(&b), "\"groupVersion\":\"metrics.k8s.io/v1beta1\""));
	buf_reset(&b);
	k8s_kubeconfig_render(&b, "http://127.0.0.1:8001", "web", "default");
	golden("k8s_kubeconfig.yaml", &b);
}

Test(k8s, query)
{
	char v[32];
	int64_t n;
	struct k8s_selector sel;
	char err[64];

	cr_assert(k8s_query_true("watch=1&x=2", "watch"));
	cr_assert(k8s_query_true("a=b&watch=true", "watch"));
	cr_assert(!k8s_query_true("watchx=1", "watch"));
	cr_assert(k8s_query_int("tailLines=20", "tailLines", &n) && n == 20);
	cr_assert(!k8s_query_int("tailLines=2x", "tailLines", &n));
	cr_assert(k8s_query_param("a=%41%2c+b", "a", v, sizeof v));
	cr_assert_str_eq(v, "A, b");
	cr_assert(!k8s_query_param("a=0123456789012345678901234567890123456789", "a", v, sizeof v));
	cr_assert_eq(k8s_selector_parse("=x", &sel, err, sizeof err), -1);
	cr_assert_eq(k8s_selector_parse("a,b=c,d!=e", &sel, err, sizeof err), 0);
	cr_assert(sel.terms[0].exists && !sel.terms[2].exists && sel.terms[2].not_equal);
}
