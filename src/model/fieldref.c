/* fieldref: the Downward API's values (env valueFrom.fieldRef and
 * resourceFieldRef, downwardAPI and projected volume items), computed as
 * kubelet computes them, from the pod, one container and the pod's facts.
 * Pure: no syscalls, everything allocated from the caller's arena.
 * K8S: pkg/kubelet/kubelet_pods.go podFieldSelectorRuntimeValue,
 * pkg/fieldpath/fieldpath.go (ExtractFieldPathAsString, FormatMap,
 * SplitMaybeSubscriptedPath), pkg/api/v1/resource/helpers.go
 * (ExtractContainerResourceValue and its convertResource*ToString), the
 * API server's rules from pkg/apis/core/validation (the paths each context
 * supports, the divisors). */
#include "podinit/fieldref.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "podinit/apivalidate.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* K8S: validEnvDownwardAPIFieldPathExpressions and
 * validVolumeDownwardAPIFieldPathExpressions, sorted as sets.List prints
 * them in the API server's message. */
static const char *const env_paths[] = {
	"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
	"spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
	"status.podIPs",
};
static const char *const volume_paths[] = {
	"metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace",
	"metadata.uid",
};

static bool
in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static void
unsupported(char *err, size_t errsz, const char *what, const char *const *list, size_t n)
{
	size_t used;

	used = (size_t)snprintf(err, errsz, "unsupported value \"%s\": supported values: ", what);
	for (size_t i = 0; i < n && used < errsz; i++)
		used += (size_t)snprintf(err + used, errsz - used, "%s\"%s\"", i ? ", " : "",
		    list[i]);
}

static const char *
kv_find(const struct spec_kv *kv, size_t n, const char *key)
{
	const char *v = spec_kv_get(kv, n, key);

	return v ? v : "";	/* Go: a missing map key reads as "" */
}

/* The length of the valid UTF-8 sequence at s (1..4), or 0. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Go's %q of s (strconv.Quote) appended to b: the escapes \a \b \f \n
 * \r \t \v \\ \", other control bytes and bad UTF-8 as \xNN.  A valid
 * multi-byte character is kept as it is (Go escapes the few that
 * unicode.IsPrint refuses; labels and annotations rarely hold one). */
static void
go_quote(struct buf *b, const char *s)
{
	static const char named[] = "\a\b\f\n\r\t\v";
	static const char letters[] = "abfnrtv";
	const unsigned char *p = (const unsigned char *)s;

	buf_addc(b, '"');
	while (*p) {
		const char *e;
		size_t n;

		if (*p == '"' || *p == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)*p++);
		} else if (*p != 0 && (e = strchr(named, *p)) != NULL) {
			buf_addc(b, '\\');
			buf_addc(b, letters[e - named]);
			p++;
		} else if (*p < 0x20 || *p == 0x7f || (n = utf8_len(p)) == 0) {
			buf_printf(b, "\\x%02x", *p++);
		} else {
			buf_add(b, p, n);
			p += n;
		}
	}
	buf_addc(b, '"');
}

/* K8S: FormatMap: `key="value"` lines in key order, no final newline. */
static char *
format_map(struct arena *a, const struct spec_kv *kv, size_t n, char *err, size_t errsz)
{
	const struct spec_kv **order;
	size_t total = 1;
	struct buf b;
	char *mem;

	if ((order = arena_alloc(a, (n + 1) * sizeof *order)) == NULL)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		/* insertion sort: a pod has a few dozen labels at most */
		while (j > 0 && strcmp(order[j - 1]->key, kv[i].key) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = &kv[i];
		/* worst case: every value byte as \xNN */
		total += strlen(kv[i].key) + 4 * strlen(kv[i].value) + 4;
	}
	if ((mem = arena_alloc(a, total)) == NULL)
		goto oom;
	buf_init(&b, mem, total);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&b, '\n');
		buf_adds(&b, order[i]->key);
		buf_addc(&b, '=');
		go_quote(&b, order[i]->value);
	}
	buf_cstr(&b);
	return mem;
oom:
	snprintf(err, errsz, "out of memory");
	return NULL;
}

/* Addresses joined by ',' (status.hostIPs, status.podIPs). */
static char *
join_ips(struct arena *a, const char *const *ips, size_t n, char *err, size_t errsz)
{
	size_t total = 1;
	char *s;

	for (size_t i = 0; i < n; i++)
		total += strlen(ips[i]) + 1;
	if ((s = arena_alloc(a, total)) == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strcat(s, ",");
		strcat(s, ips[i]);
	}
	return s;
}

static char *
dup_or_oom(struct arena *a, const char *s, char *err, size_t errsz)
{
	char *r = arena_strdup(a, s ? s : "");

	if (r == NULL)
		snprintf(err, errsz, "out of memory");
	return r;
}

char *
fieldref_value(struct arena *a, const struct pod_spec *pod, const struct pod_facts *f,
    const char *field_path, bool volume, char *err, size_t errsz)
{
	char msg[APIVALIDATE_MSG_SIZE];
	size_t len = strlen(field_path);
	const char *open;

	/* K8S: SplitMaybeSubscriptedPath: "path['subscript']". */
	if (len > 2 && strcmp(field_path + len - 2, "']") == 0 &&
	    (open = strstr(field_path, "['")) != NULL && open != field_path) {
		size_t plen = (size_t)(open - field_path);
		char sub[512];
		size_t slen = len - 2 - plen - 2;

		if (slen >= sizeof sub) {
			snprintf(err, errsz, "invalid key subscript in %s: must be no more than 63 "
			    "characters", field_path);
			return NULL;
		}
		memcpy(sub, open + 2, slen);
		sub[slen] = '\0';
		if (plen == strlen("metadata.annotations") &&
		    strncmp(field_path, "metadata.annotations", plen) == 0) {
			/* K8S: the key lowercased is a qualified name */
			if (apivalidate_annotation_key(sub, msg, sizeof msg) != NULL) {
				snprintf(err, errsz, "invalid key subscript in %s: %s", field_path, msg);
				return NULL;
			}
			return dup_or_oom(a, kv_find(pod->annotations, pod->n_annotations, sub), err,
			    errsz);
		}
		if (plen == strlen("metadata.labels") &&
		    strncmp(field_path, "metadata.labels", plen) == 0) {
			if (apivalidate_qualified_name(sub, msg, sizeof msg) != NULL) {
				snprintf(err, errsz, "invalid key subscript in %s: %s", field_path, msg);
				return NULL;
			}
			return dup_or_oom(a, kv_find(pod->labels, pod->n_labels, sub), err, errsz);
		}
		snprintf(err, errsz, "fieldPath \"%.*s\" does not support subscript", (int)plen,
		    field_path);
		return NULL;
	}
	if (volume ? !in_list(field_path, volume_paths, NELEM(volume_paths)) :
	    !in_list(field_path, env_paths, NELEM(env_paths))) {
		if (volume)
			unsupported(err, errsz, field_path, volume_paths, NELEM(volume_paths));
		else
			unsupported(err, errsz, field_path, env_paths, NELEM(env_paths));
		return NULL;
	}
	if (strcmp(field_path, "metadata.name") == 0)
		return dup_or_oom(a, pod->name, err, errsz);
	if (strcmp(field_path, "metadata.namespace") == 0)
		return dup_or_oom(a, pod->namespace, err, errsz);
	if (strcmp(field_path, "metadata.uid") == 0)
		return dup_or_oom(a, f->uid, err, errsz);
	if (strcmp(field_path, "metadata.labels") == 0)
		return format_map(a, pod->labels, pod->n_labels, err, errsz);
	if (strcmp(field_path, "metadata.annotations") == 0)
		return format_map(a, pod->annotations, pod->n_annotations, err, errsz);
	if (strcmp(field_path, "spec.nodeName") == 0)
		return dup_or_oom(a, f->node_name, err, errsz);
	if (strcmp(field_path, "spec.serviceAccountName") == 0)
		return dup_or_oom(a, pod->service_account_name ? pod->service_account_name :
		    "default", err, errsz);
	/* K8S: status.hostIP is the first of the host's addresses, podIP the
	 * first of the pod's (kubelet sorts them by the node's IP family
	 * preference; the facts come in that order). */
	if (strcmp(field_path, "status.hostIP") == 0)
		return dup_or_oom(a, f->n_host_ips ? f->host_ips[0] : "", err, errsz);
	if (strcmp(field_path, "status.hostIPs") == 0)
		return join_ips(a, f->host_ips, f->n_host_ips, err, errsz);
	if (strcmp(field_path, "status.podIP") == 0)
		return dup_or_oom(a, f->n_pod_ips ? f->pod_ips[0] : "", err, errsz);
	return join_ips(a, f->pod_ips, f->n_pod_ips, err, errsz);	/* status.podIPs */
}

/* ---- resourceFieldRef ---- */

enum resource_unit {
	UNIT_CPU,	/* compared in milli-units */
	UNIT_BYTES,	/* memory, ephemeral storage: in whole units */
};

static const char *const resource_names[] = {
	"limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu",
	"requests.ephemeral-storage", "requests.memory",
};

/* ceil(x / d) for x >= 0, d > 0, as kubelet's math.Ceil of the quotient. */
static int64_t
ceil_div(int64_t x, int64_t d)
{
	return x / d + (x % d != 0);
}

/* K8S: validContainerResourceDivisorForMemory (and for ephemeral storage):
 * 1, 1k..1E, 1Ki..1Ei. */
static bool
bytes_divisor_ok(int64_t milli, int64_t units)
{
	int64_t p = 1;

	if (milli % 1000 != 0)
		return false;
	for (int i = 0; i <= 6; i++) {
		if (units == p)
			return true;
		if (i < 6)
			p *= 1000;
	}
	for (int i = 10; i <= 60; i += 10)
		if (units == (int64_t)1 << i)
			return true;
	return false;
}

char *
fieldref_resource_value(struct arena *a, const struct container_spec *ct,
    const struct pod_facts *f, const char *resource, const char *divisor, char *err,
    size_t errsz)
{
	enum resource_unit unit;
	int64_t value, dmilli = 0, dunits = 0;
	char out[32];
	const char *kind;

	if (!in_list(resource, resource_names, NELEM(resource_names))) {
		unsupported(err, errsz, resource, resource_names, NELEM(resource_names));
		return NULL;
	}
	/* K8S: defaultPodLimitsForDownwardAPI: a limit not written is the
	 * node's allocatable; a request not written took the limit at the API
	 * server (decode did that) and is otherwise 0. */
	if (strcmp(resource, "limits.cpu") == 0) {
		unit = UNIT_CPU;
		value = ct->has_cpu_limit ? ct->cpu_limit_milli : f->cpu_milli;
	} else if (strcmp(resource, "requests.cpu") == 0) {
		unit = UNIT_CPU;
		value = ct->cpu_request_milli;
	} else if (strcmp(resource, "limits.memory") == 0) {
		unit = UNIT_BYTES;
		value = ct->has_memory_limit ? ct->memory_limit_bytes : f->memory_bytes;
	} else if (strcmp(resource, "requests.memory") == 0) {
		unit = UNIT_BYTES;
		value = ct->memory_request_bytes;
	} else if (strcmp(resource, "limits.ephemeral-storage") == 0) {
		unit = UNIT_BYTES;
		value = ct->has_ephemeral_limit ? ct->ephemeral_limit_bytes :
		    f->ephemeral_storage_bytes;
	} else {
		unit = UNIT_BYTES;
		value = ct->ephemeral_request_bytes;
	}
	kind = unit == UNIT_CPU ? "cpu" : strstr(resource, "memory") ? "memory" :
	    "local ephemeral storage";
	if (divisor != NULL && divisor[0] != '\0') {
		char msg[APIVALIDATE_MSG_SIZE];
		if (apivalidate_quantity_milli(divisor, &dmilli, msg, sizeof msg) != NULL) {
			snprintf(err, errsz, "invalid divisor \"%s\": %s", divisor, msg);
			return NULL;
		}
		(void)apivalidate_quantity_value(divisor, &dunits, NULL, 0);
	}
	/* K8S: a zero divisor is the unset one: "1". */
	if (dmilli == 0) {
		dmilli = 1000;
		dunits = 1;
	}
	if (unit == UNIT_CPU && dmilli != 1 && dmilli != 1000) {
		snprintf(err, errsz, "invalid divisor \"%s\": only divisor's values 1m and 1 are "
		    "supported with the cpu resource", divisor);
		return NULL;
	}
	if (unit == UNIT_BYTES && !bytes_divisor_ok(dmilli, dunits)) {
		snprintf(err, errsz, "invalid divisor \"%s\": only divisor's values 1, 1k, 1M, 1G, "
		    "1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the %s resource",
		    divisor, kind);
		return NULL;
	}
	/* K8S: convertResourceCPUToString: ceil(MilliValue / divisor's
	 * MilliValue); memory and storage: ceil(Value / divisor's Value). */
	if (value < 0)
		value = 0;
	value = unit == UNIT_CPU ? ceil_div(value, dmilli) : ceil_div(value, dunits);
	snprintf(out, sizeof out, "%" PRId64, value);
	return dup_or_oom(a, out, err, errsz);
}
