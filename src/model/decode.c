/* decode: ynode tree -> struct pod_spec, with Kubernetes field tables,
 * defaults and per-field validation.  Cross-container rules live in
 * validate.c.  K8S: field names from api core/v1, apps/v1, batch/v1 types;
 * defaults from pkg/apis/core/v1/defaults.go; messages modelled on
 * pkg/apis/core/validation/validation.go. */
#include "podinit/decode.h"

#include <ctype.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/caps.h"
#include "podinit/hostport.h"
#include "podinit/strconv.h"

#define PATHSZ 512
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct field {
	const char *name;
	bool	 ignored;	/* Kubernetes has it; podinit does not act on it */
};
#define F(n) { n, false }
#define I(n) { n, true }

struct dctx {
	struct diag_list *d;
	struct arena *a;
	struct pod_spec *pod;
	const struct decode_opts *o;
	bool	 job;
};

/* ---- field tables ---- */

static const struct field object_fields[] = {
	F("apiVersion"), F("kind"), F("metadata"), F("spec"), I("status"),
};
static const struct field meta_fields[] = {
	F("name"), F("namespace"), I("labels"), I("annotations"), I("generateName"),
	I("uid"), I("resourceVersion"), I("generation"), I("creationTimestamp"),
	I("deletionTimestamp"), I("deletionGracePeriodSeconds"), I("ownerReferences"),
	I("finalizers"), I("managedFields"), I("selfLink"),
};
static const struct field podspec_fields[] = {
	F("containers"), F("initContainers"), F("restartPolicy"),
	F("terminationGracePeriodSeconds"), F("securityContext"),
	I("activeDeadlineSeconds"), I("affinity"), I("automountServiceAccountToken"),
	I("dnsConfig"), I("dnsPolicy"), I("enableServiceLinks"), I("ephemeralContainers"),
	I("hostAliases"), I("hostIPC"), I("hostNetwork"), I("hostPID"), I("hostUsers"),
	I("hostname"), I("hostnameOverride"), I("imagePullSecrets"), I("nodeName"),
	I("nodeSelector"), I("os"), I("overhead"), I("preemptionPolicy"), I("priority"),
	I("priorityClassName"), I("readinessGates"), I("resourceClaims"), I("resources"),
	I("runtimeClassName"), I("schedulerName"), I("schedulingGates"),
	I("serviceAccount"), I("serviceAccountName"), I("setHostnameAsFQDN"),
	I("shareProcessNamespace"), I("subdomain"), I("tolerations"),
	I("topologySpreadConstraints"), I("volumes"),
};
static const struct field container_fields[] = {
	F("name"), F("command"), F("args"), F("workingDir"), F("env"), F("ports"),
	F("livenessProbe"), F("readinessProbe"), F("startupProbe"), F("lifecycle"),
	F("securityContext"), F("resources"), F("restartPolicy"),
	F("terminationMessagePath"), F("tty"), F("stdin"),
	I("image"), I("imagePullPolicy"), I("envFrom"), I("volumeMounts"),
	I("volumeDevices"), I("terminationMessagePolicy"), I("stdinOnce"),
	I("resizePolicy"), I("restartPolicyRules"),
};
static const struct field probe_fields[] = {
	F("exec"), F("httpGet"), F("tcpSocket"), F("grpc"), F("initialDelaySeconds"),
	F("timeoutSeconds"), F("periodSeconds"), F("successThreshold"),
	F("failureThreshold"), F("terminationGracePeriodSeconds"),
};
static const struct field lifecycle_fields[] = {
	F("postStart"), F("preStop"), F("stopSignal"),
};
static const struct field lhandler_fields[] = {
	F("exec"), F("httpGet"), F("tcpSocket"), F("sleep"),
};
static const struct field exec_fields[] = { F("command") };
static const struct field http_fields[] = {
	F("path"), F("port"), F("host"), F("scheme"), F("httpHeaders"),
};
static const struct field header_fields[] = { F("name"), F("value") };
static const struct field tcp_fields[] = { F("port"), F("host") };
static const struct field grpc_fields[] = { F("port"), F("service") };
static const struct field sleep_fields[] = { F("seconds") };
static const struct field port_fields[] = {
	F("name"), F("containerPort"), F("protocol"), I("hostPort"), I("hostIP"),
};
static const struct field env_fields[] = { F("name"), F("value"), F("valueFrom") };
static const struct field valuefrom_fields[] = {
	I("fieldRef"), I("resourceFieldRef"), I("configMapKeyRef"), I("secretKeyRef"),
	I("fileKeyRef"),
};
static const struct field resources_fields[] = {
	F("limits"), F("requests"), I("claims"),
};
static const struct field secctx_fields[] = {
	F("runAsUser"), F("runAsGroup"), F("runAsNonRoot"), F("capabilities"),
	F("allowPrivilegeEscalation"), F("privileged"), F("readOnlyRootFilesystem"),
	F("seccompProfile"), I("appArmorProfile"), I("procMount"), I("seLinuxOptions"),
	I("windowsOptions"),
};
static const struct field podsecctx_fields[] = {
	F("runAsUser"), F("runAsGroup"), F("runAsNonRoot"), F("supplementalGroups"),
	F("fsGroup"), F("seccompProfile"), I("appArmorProfile"), I("fsGroupChangePolicy"),
	I("seLinuxChangePolicy"), I("seLinuxOptions"), I("supplementalGroupsPolicy"),
	I("sysctls"), I("windowsOptions"),
};
static const struct field caps_fields[] = { F("add"), F("drop") };
static const struct field seccomp_fields[] = { F("type"), F("localhostProfile") };
static const struct field template_fields[] = { F("metadata"), F("spec") };
static const struct field deployment_fields[] = {
	F("template"), I("replicas"), I("selector"), I("strategy"), I("minReadySeconds"),
	I("revisionHistoryLimit"), I("progressDeadlineSeconds"), I("paused"),
};
static const struct field statefulset_fields[] = {
	F("template"), I("replicas"), I("selector"), I("serviceName"),
	I("volumeClaimTemplates"), I("podManagementPolicy"), I("updateStrategy"),
	I("revisionHistoryLimit"), I("minReadySeconds"),
	I("persistentVolumeClaimRetentionPolicy"), I("ordinals"),
};
static const struct field daemonset_fields[] = {
	F("template"), I("selector"), I("updateStrategy"), I("minReadySeconds"),
	I("revisionHistoryLimit"),
};
static const struct field replicaset_fields[] = {
	F("template"), I("replicas"), I("selector"), I("minReadySeconds"),
};
static const struct field job_fields[] = {
	F("template"), I("parallelism"), I("completions"), I("activeDeadlineSeconds"),
	I("podFailurePolicy"), I("successPolicy"), I("backoffLimit"),
	I("backoffLimitPerIndex"), I("maxFailedIndexes"), I("selector"),
	I("manualSelector"), I("ttlSecondsAfterFinished"), I("completionMode"),
	I("suspend"), I("podReplacementPolicy"), I("managedBy"),
};
static const struct field cronjob_fields[] = {
	F("jobTemplate"), I("schedule"), I("timeZone"), I("startingDeadlineSeconds"),
	I("concurrencyPolicy"), I("suspend"), I("successfulJobsHistoryLimit"),
	I("failedJobsHistoryLimit"),
};
static const struct field jobtemplate_fields[] = { F("metadata"), F("spec") };

struct kind_desc {
	const char *kind;
	const char *api;		/* expected apiVersion */
	const struct field *fields;	/* the kind's spec; NULL for Pod */
	size_t	 n_fields;
	const char *pod_path;
	bool	 job;
	bool	 cron;
};
#define K(k, api, t, path, job, cron) { k, api, t, NELEM(t), path, job, cron }
static const struct kind_desc kinds[] = {
	{ "Pod", "v1", NULL, 0, "spec", false, false },
	K("Deployment", "apps/v1", deployment_fields, "spec.template.spec", false, false),
	K("StatefulSet", "apps/v1", statefulset_fields, "spec.template.spec", false, false),
	K("DaemonSet", "apps/v1", daemonset_fields, "spec.template.spec", false, false),
	K("ReplicaSet", "apps/v1", replicaset_fields, "spec.template.spec", false, false),
	K("Job", "batch/v1", job_fields, "spec.template.spec", true, false),
	K("CronJob", "batch/v1", cronjob_fields, "spec.jobTemplate.spec.template.spec", true, true),
};

/* ---- small helpers ---- */

static void
err(struct dctx *c, const struct ynode *n, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void
warn(struct dctx *c, const struct ynode *n, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
vdiag(struct dctx *c, enum diag_sev sev, const struct ynode *n, const char *path,
    const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof msg, fmt, ap);
	diag_add(c->d, sev, n ? n->line : 0, n ? n->col : 0, path, "%s", msg);
}

static void
err(struct dctx *c, const struct ynode *n, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(c, DIAG_ERROR, n, path, fmt, ap);
	va_end(ap);
}

static void
warn(struct dctx *c, const struct ynode *n, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(c, DIAG_WARNING, n, path, fmt, ap);
	va_end(ap);
}

/* Bounded path joins (no snprintf: paths are truncated silently, and
 * -Wformat-truncation stays quiet). */
static void
pcat(char *out, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (n > PATHSZ - 1 - *len)
		n = PATHSZ - 1 - *len;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

static const char *
sub(char *out, const char *path, const char *field)
{
	size_t len = 0;

	out[0] = '\0';
	pcat(out, &len, path);
	if (*path)
		pcat(out, &len, ".");
	pcat(out, &len, field);
	return out;
}

static const char *
subi(char *out, const char *path, size_t i)
{
	char num[32];
	size_t len = 0, k = sizeof num - 1;

	num[k] = '\0';
	num[--k] = ']';
	do {
		num[--k] = (char)('0' + i % 10);
		i /= 10;
	} while (i && k > 1);
	num[--k] = '[';
	out[0] = '\0';
	pcat(out, &len, path);
	pcat(out, &len, num + k);
	return out;
}

/* A field's value, with null treated as absent (as Go's JSON decoding). */
static const struct ynode *
get(const struct ynode *m, const char *k)
{
	const struct ynode *v = ynode_get(m, k);

	return ynode_is_null(v) ? NULL : v;
}

/* The key node of a field, for positions of "this field" messages. */
static const struct ynode *
getkey(const struct ynode *m, const char *k)
{
	if (m == NULL || m->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (m->kids[i]->kind == YNODE_SCALAR && m->kids[i]->str[0] == k[0] &&
		    strcmp(m->kids[i]->str, k) == 0)
			return m->kids[i];
	return NULL;
}

const char *
decode_suggest(const char *name, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; i < n; i++) {
		size_t dd = strconv_edit_distance(name, cands[i], 2);
		if (dd < bestd) {
			bestd = dd;
			best = cands[i];
		}
	}
	return best;
}

static const char *
suggest_field(const char *name, const struct field *f, size_t nf)
{
	const char *cands[64];
	size_t n = 0;

	for (size_t i = 0; i < nf && n < NELEM(cands); i++)
		cands[n++] = f[i].name;
	return decode_suggest(name, cands, n);
}

static bool
want_map(struct dctx *c, const struct ynode *n, const char *path)
{
	if (n->kind == YNODE_MAP)
		return true;
	err(c, n, path, "expected a mapping, got %s", ynode_describe(n));
	return false;
}

static bool
want_seq(struct dctx *c, const struct ynode *n, const char *path)
{
	if (n->kind == YNODE_SEQ)
		return true;
	err(c, n, path, "expected a list, got %s", ynode_describe(n));
	return false;
}

/* Check a mapping's keys against a field table: unknown fields (with a
 * suggestion), duplicates, non-string keys; known-but-ignored fields are
 * noted for -v.  Returns false when n is not a mapping. */
static bool
check_fields(struct dctx *c, const struct ynode *n, const char *path,
    const struct field *f, size_t nf)
{
	uint64_t seen = 0;
	char p[PATHSZ];

	if (!want_map(c, n, path))
		return false;
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = n->kids[i];
		size_t j;

		if (k->kind != YNODE_SCALAR) {
			err(c, k, path, "field name must be a string, got %s", ynode_describe(k));
			continue;
		}
		/* (the first byte settles most comparisons without a call) */
		for (j = 0; j < nf; j++)
			if (k->str[0] == f[j].name[0] && strcmp(k->str, f[j].name) == 0)
				break;
		/* The path is only for a message; a note is dropped unless kept. */
		if (j == nf || (j < 64 && (seen & ((uint64_t)1 << j))) ||
		    (f[j].ignored && c->d->keep_notes))
			sub(p, path, k->str);
		else
			p[0] = '\0';
		if (j == nf) {
			const char *s = suggest_field(k->str, f, nf);
			if (s)
				err(c, k, p, "unknown field; did you mean %s?", s);
			else
				err(c, k, p, "unknown field");
			continue;
		}
		if (j < 64 && (seen & ((uint64_t)1 << j))) {
			err(c, k, p, "duplicate field");
			continue;
		}
		if (j < 64)
			seen |= (uint64_t)1 << j;
		if (f[j].ignored)
			diag_add(c->d, DIAG_NOTE, k->line, k->col, p,
			    "known Kubernetes field, ignored by podinit");
	}
	return true;
}

static bool
d_int(struct dctx *c, const struct ynode *n, const char *path, int64_t min, int64_t max,
    int64_t *out)
{
	int64_t v;

	if (n->kind != YNODE_SCALAR || ynode_scalar_type(n) != YS_INT) {
		if (n->kind == YNODE_SCALAR && n->quoted && strconv_int64(n->str, INT64_MIN,
		    INT64_MAX, &v) == 0)
			err(c, n, path, "expected an integer, got a string (remove the quotes)");
		else
			err(c, n, path, "expected an integer, got %s", ynode_describe(n));
		return false;
	}
	if (strconv_int64(n->str, INT64_MIN, INT64_MAX, &v) == -1) {
		err(c, n, path, "integer %s is out of range", n->str);
		return false;
	}
	if (v < min) {
		err(c, n, path, "must be greater than or equal to %" PRId64, min);
		return false;
	}
	if (v > max) {
		err(c, n, path, "must be less than or equal to %" PRId64, max);
		return false;
	}
	*out = v;
	return true;
}

static bool
d_bool(struct dctx *c, const struct ynode *n, const char *path, bool *out)
{
	if (n->kind != YNODE_SCALAR || ynode_scalar_type(n) != YS_BOOL) {
		if (n->kind == YNODE_SCALAR && n->quoted &&
		    (strcmp(n->str, "true") == 0 || strcmp(n->str, "false") == 0))
			err(c, n, path, "expected a boolean, got a string (remove the quotes)");
		else
			err(c, n, path, "expected a boolean (true or false), got %s",
			    ynode_describe(n));
		return false;
	}
	*out = n->str[0] == 't' || n->str[0] == 'T';
	return true;
}

static bool
d_tri(struct dctx *c, const struct ynode *m, const char *key, const char *path, int *out)
{
	const struct ynode *v = get(m, key);
	char p[PATHSZ];
	bool b;

	if (v == NULL)
		return true;
	if (!d_bool(c, v, sub(p, path, key), &b))
		return false;
	*out = b;
	return true;
}

/* A string scalar copied into the pod arena.  Numbers and booleans are
 * refused as Kubernetes' JSON decoding refuses them. */
static bool
d_str(struct dctx *c, const struct ynode *n, const char *path, char **out)
{
	if (n->kind != YNODE_SCALAR) {
		err(c, n, path, "expected a string, got %s", ynode_describe(n));
		return false;
	}
	enum yscalar_type t = ynode_scalar_type(n);
	if (t != YS_STRING) {
		err(c, n, path, "expected a string, got %s (quote it: \"%s\")",
		    ynode_describe(n), n->str);
		return false;
	}
	if (strlen(n->str) != n->len) {
		err(c, n, path, "string contains a NUL character");
		return false;
	}
	if ((*out = arena_strdup(c->a, n->str)) == NULL) {
		err(c, n, path, "out of memory");
		return false;
	}
	return true;
}

static bool
d_strlist(struct dctx *c, const struct ynode *n, const char *path, char ***out, size_t *nout)
{
	char p[PATHSZ];
	char **v;
	bool ok = true;

	if (!want_seq(c, n, path))
		return false;
	v = arena_alloc(c->a, (n->n + 1) * sizeof *v);
	if (v == NULL) {
		err(c, n, path, "out of memory");
		return false;
	}
	for (size_t i = 0; i < n->n; i++)
		if (!d_str(c, n->kids[i], subi(p, path, i), &v[i]))
			ok = false;
	*out = v;
	*nout = n->n;
	return ok;
}

/* IANA_SVC_NAME, as IsValidPortName. */
static const char *
port_name_problem(const char *s)
{
	size_t len = strlen(s);
	bool letter = false;

	if (len == 0 || len > 15)
		return "must be no more than 15 characters";
	for (const char *p = s; *p; p++) {
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-'))
			return "must contain only lowercase alphanumeric characters or '-'";
		if (islower((unsigned char)*p))
			letter = true;
		if (p[0] == '-' && p[1] == '-')
			return "must not contain consecutive hyphens";
	}
	if (s[0] == '-' || s[len - 1] == '-')
		return "must not begin or end with a hyphen";
	if (!letter)
		return "must contain at least one letter";
	return NULL;
}

/* RFC 1123 label (container names). */
static bool
dns_label_ok(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > 63)
		return false;
	for (const char *p = s; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-'))
			return false;
	return s[0] != '-' && s[len - 1] != '-';
}

/* int-or-string port, resolved against the container's ports. */
static bool
d_port(struct dctx *c, const struct ynode *n, const char *path,
    const struct container_spec *ct, bool number_only, int *port, char **name)
{
	int64_t v;
	const char *why;

	if (n->kind == YNODE_SCALAR && ynode_scalar_type(n) == YS_INT) {
		if (!d_int(c, n, path, 1, 65535, &v))
			return false;
		*port = (int)v;
		return true;
	}
	if (n->kind != YNODE_SCALAR || ynode_scalar_type(n) != YS_STRING) {
		err(c, n, path, "expected a port number or name, got %s", ynode_describe(n));
		return false;
	}
	if (number_only) {
		err(c, n, path, "must be a port number (grpc ports cannot be named)");
		return false;
	}
	if ((why = port_name_problem(n->str)) != NULL) {
		if (strconv_int64(n->str, INT64_MIN, INT64_MAX, &v) == 0)
			err(c, n, path, "invalid port name \"%s\": %s (a quoted number is a "
			    "name; write %s without quotes)", n->str, why, n->str);
		else
			err(c, n, path, "invalid port name \"%s\": %s", n->str, why);
		return false;
	}
	for (size_t i = 0; i < ct->n_ports; i++) {
		if (ct->ports[i].name && strcmp(ct->ports[i].name, n->str) == 0) {
			*port = ct->ports[i].container_port;
			*name = arena_strdup(c->a, n->str);
			return true;
		}
	}
	{
		const char *cands[64];
		size_t nc = 0;
		for (size_t i = 0; i < ct->n_ports && nc < NELEM(cands); i++)
			if (ct->ports[i].name)
				cands[nc++] = ct->ports[i].name;
		const char *s = decode_suggest(n->str, cands, nc);
		if (s)
			err(c, n, path, "named port \"%s\" not found in the container's ports; "
			    "did you mean %s?", n->str, s);
		else
			err(c, n, path, "named port \"%s\" not found in the container's ports",
			    n->str);
	}
	return false;
}

/* ---- $(VAR) expansion ---- */

struct sbuf {
	char	*p;
	size_t	 len, cap;
	bool	 fail;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->fail)
		return;
	if (b->len + n > DECODE_MAX_EXPANSION) {
		b->fail = true;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (np == NULL) {
			b->fail = true;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

char *
decode_expand(struct arena *a, const char *in, const struct env_var *env, size_t n_env)
{
	struct sbuf b = { 0 };
	size_t len = strlen(in), cp = 0;
	char *res;

	for (size_t cur = 0; cur < len; cur++) {
		if (in[cur] != '$' || cur + 1 >= len)
			continue;
		sb_add(&b, in + cp, cur - cp);
		const char *rest = in + cur + 1;
		size_t adv = 1;
		if (rest[0] == '$') {
			sb_add(&b, "$", 1);
		} else if (rest[0] == '(') {
			const char *close = strchr(rest + 1, ')');
			if (close == NULL) {
				sb_add(&b, "$(", 2);
			} else {
				size_t nl = (size_t)(close - rest - 1);
				const struct env_var *hit = NULL;
				for (size_t i = n_env; i-- > 0;) {
					if (strlen(env[i].name) == nl &&
					    memcmp(env[i].name, rest + 1, nl) == 0) {
						hit = &env[i];
						break;
					}
				}
				if (hit)
					sb_add(&b, hit->value, strlen(hit->value));
				else
					sb_add(&b, in + cur, nl + 3);
				adv = nl + 2;
			}
		} else {
			sb_add(&b, in + cur, 2);
		}
		cur += adv;
		cp = cur + 1;
	}
	if (cp < len)
		sb_add(&b, in + cp, len - cp);
	if (b.fail) {
		free(b.p);
		return NULL;
	}
	res = arena_strdup(a, b.p ? b.p : "");
	free(b.p);
	return res;
}

/* ---- capabilities, headers ---- */

bool
decode_capability_ok(const char *name, const char **suggest)
{
	const char *s = name;
	const char *const *names;
	size_t n;

	*suggest = NULL;
	if (strcasecmp(name, "ALL") == 0 || caps_from_name(name) >= 0)
		return true;
	if (strncasecmp(s, "CAP_", 4) == 0)
		s += 4;
	names = caps_names(&n);
	*suggest = decode_suggest(s, names, n);
	return false;
}

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

static void
d_exec(struct dctx *c, const struct ynode *n, const char *path, struct handler_spec *h,
    const struct container_spec *ct, bool expand)
{
	char p[PATHSZ];
	const struct ynode *cmd;

	if (!check_fields(c, n, path, exec_fields, NELEM(exec_fields)))
		return;
	sub(p, path, "command");
	if ((cmd = get(n, "command")) == NULL) {
		err(c, n, p, "required value");
		return;
	}
	if (!d_strlist(c, cmd, p, &h->command, &h->n_command))
		return;
	if (h->n_command == 0) {
		err(c, cmd, p, "required value (must not be empty)");
		return;
	}
	/* K8S: probes expand $(VAR) against the container's env
	 * (ExpandContainerCommandOnlyStatic); lifecycle hooks run the
	 * command as written (lifecycle/handlers.go). */
	if (expand)
		for (size_t i = 0; i < h->n_command; i++) {
			char *x = decode_expand(c->a, h->command[i], ct->env, ct->n_env);
			if (x == NULL)
				err(c, cmd->kids[i], p, "$(VAR) expansion is too long");
			else
				h->command[i] = x;
		}
}

static void
d_host(struct dctx *c, const struct ynode *n, const char *path, struct handler_spec *h)
{
	const struct ynode *v = get(n, "host");
	char p[PATHSZ];

	if (v)
		d_str(c, v, sub(p, path, "host"), &h->host);
}

static void
d_httpget(struct dctx *c, const struct ynode *n, const char *path, struct handler_spec *h,
    const struct container_spec *ct)
{
	char p[PATHSZ], q[PATHSZ];
	const struct ynode *v;

	if (!check_fields(c, n, path, http_fields, NELEM(http_fields)))
		return;
	if ((v = get(n, "port")) == NULL)
		err(c, n, sub(p, path, "port"), "required value");
	else
		d_port(c, v, sub(p, path, "port"), ct, false, &h->port, &h->port_name);
	d_host(c, n, path, h);
	if ((v = get(n, "path")) != NULL)
		d_str(c, v, sub(p, path, "path"), &h->path);
	if (h->path == NULL || h->path[0] == '\0')
		h->path = arena_strdup(c->a, "/");
	if ((v = get(n, "scheme")) != NULL) {
		char *s = NULL;
		if (d_str(c, v, sub(p, path, "scheme"), &s)) {
			if (strcmp(s, "HTTPS") == 0)
				h->https = true;
			else if (strcmp(s, "HTTP") != 0 && s[0] != '\0')
				err(c, v, p, "unsupported value \"%s\": supported values: \"HTTP\", "
				    "\"HTTPS\"", s);
		}
	}
	if ((v = get(n, "httpHeaders")) != NULL) {
		sub(p, path, "httpHeaders");
		if (!want_seq(c, v, p))
			return;
		h->headers = arena_alloc(c->a, (v->n + 1) * sizeof *h->headers);
		if (h->headers == NULL)
			return;
		for (size_t i = 0; i < v->n; i++) {
			const struct ynode *e = v->kids[i], *x;
			struct http_header *hd = &h->headers[h->n_headers];
			subi(q, p, i);
			if (!check_fields(c, e, q, header_fields, NELEM(header_fields)))
				continue;
			char np[PATHSZ];
			if ((x = get(e, "name")) == NULL) {
				err(c, e, sub(np, q, "name"), "required value");
				continue;
			}
			if (!d_str(c, x, sub(np, q, "name"), &hd->name))
				continue;
			if (!header_name_ok(hd->name)) {
				err(c, x, np, "invalid HTTP header name \"%s\"", hd->name);
				continue;
			}
			hostport_canonical_header(hd->name, hd->name);
			if ((x = get(e, "value")) != NULL) {
				if (!d_str(c, x, sub(np, q, "value"), &hd->value))
					continue;
			} else {
				hd->value = arena_strdup(c->a, "");
			}
			h->n_headers++;
		}
	}
}

static void
d_tcp(struct dctx *c, const struct ynode *n, const char *path, struct handler_spec *h,
    const struct container_spec *ct)
{
	char p[PATHSZ];
	const struct ynode *v;

	if (!check_fields(c, n, path, tcp_fields, NELEM(tcp_fields)))
		return;
	if ((v = get(n, "port")) == NULL)
		err(c, n, sub(p, path, "port"), "required value");
	else
		d_port(c, v, sub(p, path, "port"), ct, false, &h->port, &h->port_name);
	d_host(c, n, path, h);
}

static void
d_grpc(struct dctx *c, const struct ynode *n, const char *path, struct handler_spec *h,
    const struct container_spec *ct)
{
	char p[PATHSZ];
	const struct ynode *v;

	if (!check_fields(c, n, path, grpc_fields, NELEM(grpc_fields)))
		return;
	if ((v = get(n, "port")) == NULL)
		err(c, n, sub(p, path, "port"), "required value");
	else
		d_port(c, v, sub(p, path, "port"), ct, true, &h->port, &h->port_name);
	if ((v = get(n, "service")) != NULL)
		d_str(c, v, sub(p, path, "service"), &h->grpc_service);
}

static void
d_sleep(struct dctx *c, const struct ynode *n, const char *path, struct handler_spec *h)
{
	char p[PATHSZ];
	const struct ynode *v;
	int64_t s;
	int64_t tgps = c->pod->termination_grace_period_seconds;

	if (!check_fields(c, n, path, sleep_fields, NELEM(sleep_fields)))
		return;
	sub(p, path, "seconds");
	if ((v = get(n, "seconds")) == NULL) {
		err(c, n, p, "required value");
		return;
	}
	if (!d_int(c, v, p, INT64_MIN, INT64_MAX, &s))
		return;
	/* K8S: validateSleepAction; seconds == TGPS passes despite the text. */
	if (s <= 0 || s > tgps) {
		err(c, v, p, "must be greater than 0 and less than terminationGracePeriodSeconds "
		    "(%" PRId64 ")", tgps);
		return;
	}
	h->sleep_seconds = s;
}

/* Decode the one action of a probe or lifecycle handler from map n.  The
 * action keys are checked by the caller's field table. */
static void
d_action(struct dctx *c, const struct ynode *n, const char *path, struct handler_spec *h,
    const struct container_spec *ct, bool lifecycle)
{
	static const char *const pk[] = { "exec", "httpGet", "tcpSocket", "grpc" };
	static const char *const lk[] = { "exec", "httpGet", "tcpSocket", "sleep" };
	const char *const *keys = lifecycle ? lk : pk;
	const char *first = NULL;
	char p[PATHSZ];

	spec_handler_defaults(h);
	h->mark.line = n->line;
	h->mark.col = n->col;
	for (size_t i = 0; i < 4; i++) {
		const struct ynode *v = get(n, keys[i]);
		if (v == NULL)
			continue;
		sub(p, path, keys[i]);
		if (first) {
			err(c, getkey(n, keys[i]), p, "may not specify more than 1 handler type "
			    "(%s is already set)", first);
			continue;
		}
		first = keys[i];
		h->mark.line = v->line;
		h->mark.col = v->col;
		if (strcmp(keys[i], "exec") == 0) {
			h->kind = HANDLER_EXEC;
			d_exec(c, v, p, h, ct, !lifecycle);
		} else if (strcmp(keys[i], "httpGet") == 0) {
			h->kind = HANDLER_HTTP_GET;
			d_httpget(c, v, p, h, ct);
		} else if (strcmp(keys[i], "tcpSocket") == 0) {
			h->kind = HANDLER_TCP_SOCKET;
			if (lifecycle)
				warn(c, getkey(n, keys[i]), p, "deprecated: Kubernetes accepts "
				    "tcpSocket in a lifecycle handler but never runs it");
			d_tcp(c, v, p, h, ct);
		} else if (strcmp(keys[i], "grpc") == 0) {
			h->kind = HANDLER_GRPC;
			d_grpc(c, v, p, h, ct);
		} else {
			h->kind = HANDLER_SLEEP;
			d_sleep(c, v, p, h);
		}
	}
	if (first == NULL)
		err(c, n, path, "must specify a handler type (one of %s)",
		    lifecycle ? "exec, httpGet, sleep" : "exec, httpGet, tcpSocket, grpc");
	spec_handler_default_host(h, c->a);
}

static void
d_probe(struct dctx *c, const struct ynode *n, const char *path, struct container_spec *ct,
    enum probe_type t)
{
	static const struct {
		const char *name;
		int64_t min;
		size_t off;
	} ints[] = {
		{ "initialDelaySeconds", 0, offsetof(struct probe_spec, initial_delay_seconds) },
		{ "timeoutSeconds", 1, offsetof(struct probe_spec, timeout_seconds) },
		{ "periodSeconds", 1, offsetof(struct probe_spec, period_seconds) },
		{ "successThreshold", 1, offsetof(struct probe_spec, success_threshold) },
		{ "failureThreshold", 1, offsetof(struct probe_spec, failure_threshold) },
	};
	struct probe_spec *pr = &ct->probes[t];
	char p[PATHSZ];
	const struct ynode *v;
	int64_t x;

	spec_probe_defaults(pr);
	if (!check_fields(c, n, path, probe_fields, NELEM(probe_fields)))
		return;
	pr->present = true;
	pr->mark.line = n->line;
	pr->mark.col = n->col;
	d_action(c, n, path, &pr->handler, ct, false);
	for (size_t i = 0; i < NELEM(ints); i++) {
		if ((v = get(n, ints[i].name)) == NULL)
			continue;
		/* K8S allows 0 here (defaulting turns it into the default);
		 * the API documents "Minimum value is 1" and a written 0 is
		 * almost always a mistake, so podinit refuses it. */
		if (d_int(c, v, sub(p, path, ints[i].name), ints[i].min, INT32_MAX, &x))
			*(int32_t *)(void *)((char *)pr + ints[i].off) = (int32_t)x;
	}
	if (t != PROBE_READINESS && pr->success_threshold != 1 &&
	    (v = get(n, "successThreshold")) != NULL)
		err(c, v, sub(p, path, "successThreshold"), "must be 1 for %s probes",
		    t == PROBE_LIVENESS ? "liveness" : "startup");
	if ((v = get(n, "terminationGracePeriodSeconds")) != NULL) {
		sub(p, path, "terminationGracePeriodSeconds");
		if (t == PROBE_READINESS) {
			err(c, getkey(n, "terminationGracePeriodSeconds"), p,
			    "must not be set for readinessProbes");
		} else if (d_int(c, v, p, 1, INT64_MAX, &x)) {
			pr->has_termination_grace = true;
			pr->termination_grace_period_seconds = x;
		}
	}
}

static void
d_lifecycle(struct dctx *c, const struct ynode *n, const char *path, struct container_spec *ct)
{
	char p[PATHSZ];
	const struct ynode *v;

	if (!check_fields(c, n, path, lifecycle_fields, NELEM(lifecycle_fields)))
		return;
	if ((v = get(n, "postStart")) != NULL) {
		sub(p, path, "postStart");
		if (check_fields(c, v, p, lhandler_fields, NELEM(lhandler_fields)))
			d_action(c, v, p, &ct->post_start, ct, true);
	}
	if ((v = get(n, "preStop")) != NULL) {
		sub(p, path, "preStop");
		if (check_fields(c, v, p, lhandler_fields, NELEM(lhandler_fields)))
			d_action(c, v, p, &ct->pre_stop, ct, true);
	}
	if ((v = get(n, "stopSignal")) != NULL) {
		char *s;
		int sig;
		sub(p, path, "stopSignal");
		if (d_str(c, v, p, &s)) {
			if (strncmp(s, "SIG", 3) != 0 || strconv_signal(s, &sig) == -1)
				err(c, v, p, "unsupported value \"%s\": must be a signal name such "
				    "as SIGTERM", s);
			else
				ct->stop_signal = sig;
		}
	}
}

/* ---- resources ---- */

static bool
d_quantity(struct dctx *c, const struct ynode *n, const char *path, int64_t *milli)
{
	enum yscalar_type t;

	if (n->kind != YNODE_SCALAR || ((t = ynode_scalar_type(n)) != YS_STRING &&
	    t != YS_INT && t != YS_FLOAT)) {
		err(c, n, path, "expected a quantity such as 128Mi or 500m, got %s",
		    ynode_describe(n));
		return false;
	}
	if (strconv_quantity_milli(n->str, milli) == -1) {
		err(c, n, path, "invalid quantity \"%s\" (expected e.g. 128Mi, 1G, 500m)",
		    n->str);
		return false;
	}
	if (*milli < 0) {
		err(c, n, path, "must be greater than or equal to 0");
		return false;
	}
	return true;
}

static void
d_resources(struct dctx *c, const struct ynode *n, const char *path, struct container_spec *ct)
{
	char p[PATHSZ], q[PATHSZ];
	const struct ynode *lim, *req;
	int64_t lcpu = -1, lmem = -1, m;

	if (!check_fields(c, n, path, resources_fields, NELEM(resources_fields)))
		return;
	if ((lim = get(n, "limits")) != NULL && want_map(c, lim, sub(p, path, "limits"))) {
		for (size_t i = 0; i + 1 < lim->n; i += 2) {
			const struct ynode *k = lim->kids[i];
			if (k->kind != YNODE_SCALAR)
				continue;
			sub(q, p, k->str);
			if (!d_quantity(c, lim->kids[i + 1], q, &m))
				continue;
			if (strcmp(k->str, "cpu") == 0) {
				lcpu = m;
				ct->cpu_limit_milli = m;
			} else if (strcmp(k->str, "memory") == 0) {
				lmem = m;
				ct->memory_limit_bytes = m / 1000 + (m % 1000 != 0);
			} else {
				diag_add(c->d, DIAG_NOTE, k->line, k->col, q,
				    "resource limit ignored by podinit");
			}
		}
	}
	if ((req = get(n, "requests")) != NULL && want_map(c, req, sub(p, path, "requests"))) {
		for (size_t i = 0; i + 1 < req->n; i += 2) {
			const struct ynode *k = req->kids[i];
			if (k->kind != YNODE_SCALAR)
				continue;
			sub(q, p, k->str);
			if (!d_quantity(c, req->kids[i + 1], q, &m))
				continue;
			/* K8S: ValidateResourceRequirements, request <= limit. */
			if (strcmp(k->str, "cpu") == 0 && lcpu >= 0 && m > lcpu)
				err(c, req->kids[i + 1], q, "must be less than or equal to cpu limit");
			else if (strcmp(k->str, "memory") == 0 && lmem >= 0 && m > lmem)
				err(c, req->kids[i + 1], q,
				    "must be less than or equal to memory limit");
		}
	}
}

/* ---- security contexts ---- */

static void
d_caplist(struct dctx *c, const struct ynode *n, const char *path, char ***out, size_t *nout)
{
	char p[PATHSZ];
	const char *s;

	if (!d_strlist(c, n, path, out, nout))
		return;
	for (size_t i = 0; i < *nout; i++) {
		if (decode_capability_ok((*out)[i], &s))
			continue;
		if (s)
			err(c, n->kids[i], subi(p, path, i), "unknown capability \"%s\"; did you "
			    "mean %s?", (*out)[i], s);
		else
			err(c, n->kids[i], subi(p, path, i), "unknown capability \"%s\"",
			    (*out)[i]);
	}
}

static void
d_secctx(struct dctx *c, const struct ynode *n, const char *path, struct secctx_spec *s,
    bool pod)
{
	char p[PATHSZ], q[PATHSZ];
	const struct ynode *v, *w;
	int64_t x;
	bool ok;

	ok = pod ? check_fields(c, n, path, podsecctx_fields, NELEM(podsecctx_fields))
	    : check_fields(c, n, path, secctx_fields, NELEM(secctx_fields));
	if (!ok)
		return;
	s->mark.line = n->line;
	s->mark.col = n->col;
	if ((v = get(n, "runAsUser")) && d_int(c, v, sub(p, path, "runAsUser"), 0,
	    INT32_MAX, &x)) {
		s->has_run_as_user = true;
		s->run_as_user = x;
	}
	if ((v = get(n, "runAsGroup")) && d_int(c, v, sub(p, path, "runAsGroup"), 0,
	    INT32_MAX, &x)) {
		s->has_run_as_group = true;
		s->run_as_group = x;
	}
	d_tri(c, n, "runAsNonRoot", path, &s->run_as_non_root);
	if (pod) {
		if ((v = get(n, "fsGroup")) && d_int(c, v, sub(p, path, "fsGroup"), 0,
		    INT32_MAX, &x)) {
			s->has_fs_group = true;
			s->fs_group = x;
		}
		if ((v = get(n, "supplementalGroups")) &&
		    want_seq(c, v, sub(p, path, "supplementalGroups"))) {
			s->supplemental_groups = arena_alloc(c->a, (v->n + 1) * sizeof(int64_t));
			for (size_t i = 0; s->supplemental_groups && i < v->n; i++)
				if (d_int(c, v->kids[i], subi(q, p, i), 0, INT32_MAX, &x))
					s->supplemental_groups[s->n_supplemental_groups++] = x;
		}
	} else {
		d_tri(c, n, "allowPrivilegeEscalation", path, &s->allow_privilege_escalation);
		d_tri(c, n, "privileged", path, &s->privileged);
		d_tri(c, n, "readOnlyRootFilesystem", path, &s->read_only_root_filesystem);
		if ((v = get(n, "capabilities")) != NULL) {
			sub(p, path, "capabilities");
			if (check_fields(c, v, p, caps_fields, NELEM(caps_fields))) {
				if ((w = get(v, "add")) != NULL)
					d_caplist(c, w, sub(q, p, "add"), &s->cap_add, &s->n_cap_add);
				if ((w = get(v, "drop")) != NULL)
					d_caplist(c, w, sub(q, p, "drop"), &s->cap_drop, &s->n_cap_drop);
			}
		}
		/* K8S: ValidateSecurityContext. */
		if (s->allow_privilege_escalation == 0 && s->privileged == 1)
			err(c, getkey(n, "allowPrivilegeEscalation"), path, "cannot set "
			    "`allowPrivilegeEscalation` to false and `privileged` to true");
	}
	if ((v = get(n, "seccompProfile")) != NULL) {
		char *type = NULL, *prof = NULL;
		sub(p, path, "seccompProfile");
		if (!check_fields(c, v, p, seccomp_fields, NELEM(seccomp_fields)))
			return;
		if ((w = get(v, "localhostProfile")) != NULL)
			d_str(c, w, sub(q, p, "localhostProfile"), &prof);
		if ((w = get(v, "type")) == NULL) {
			err(c, v, sub(q, p, "type"), "required value");
			return;
		}
		if (!d_str(c, w, sub(q, p, "type"), &type))
			return;
		if (strcmp(type, "RuntimeDefault") == 0) {
			s->seccomp = SECCOMP_RUNTIME_DEFAULT;
		} else if (strcmp(type, "Unconfined") == 0) {
			s->seccomp = SECCOMP_UNCONFINED;
		} else if (strcmp(type, "Localhost") == 0) {
			s->seccomp = SECCOMP_LOCALHOST;
		} else {
			static const char *const st[] = { "RuntimeDefault", "Localhost", "Unconfined" };
			const char *sg = decode_suggest(type, st, 3);
			err(c, w, q, "unsupported value \"%s\": supported values: \"Localhost\", "
			    "\"RuntimeDefault\", \"Unconfined\"%s%s%s", type,
			    sg ? "; did you mean " : "", sg ? sg : "", sg ? "?" : "");
			return;
		}
		w = getkey(v, "localhostProfile");
		if (s->seccomp == SECCOMP_LOCALHOST && (prof == NULL || *prof == '\0')) {
			err(c, v, sub(q, p, "localhostProfile"), "must be set when seccomp type "
			    "is Localhost");
		} else if (s->seccomp != SECCOMP_LOCALHOST && prof != NULL) {
			err(c, w, sub(q, p, "localhostProfile"), "can only be set when seccomp "
			    "type is Localhost");
		} else if (prof != NULL) {
			if (prof[0] == '/') {
				s->seccomp_localhost_profile = prof;
			} else {
				const char *dir = c->o->dir ? c->o->dir : ".";
				size_t len = strlen(dir) + strlen(prof) + 2;
				char *r = arena_alloc(c->a, len);
				if (r) {
					snprintf(r, len, "%s/%s", dir, prof);
					s->seccomp_localhost_profile = r;
				}
			}
		}
	}
}

/* ---- containers ---- */

static void
d_ports(struct dctx *c, const struct ynode *n, const char *path, struct container_spec *ct)
{
	char p[PATHSZ], q[PATHSZ];
	int64_t x;

	if (!want_seq(c, n, path))
		return;
	ct->ports = arena_alloc(c->a, (n->n + 1) * sizeof *ct->ports);
	if (ct->ports == NULL)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *e = n->kids[i], *v;
		struct port_spec *ps = &ct->ports[ct->n_ports];
		const char *why;

		subi(p, path, i);
		if (!check_fields(c, e, p, port_fields, NELEM(port_fields)))
			continue;
		if ((v = get(e, "containerPort")) == NULL) {
			err(c, e, sub(q, p, "containerPort"), "required value");
			continue;
		}
		if (!d_int(c, v, sub(q, p, "containerPort"), 1, 65535, &x))
			continue;
		ps->container_port = (int)x;
		if ((v = get(e, "name")) != NULL && d_str(c, v, sub(q, p, "name"), &ps->name)) {
			if ((why = port_name_problem(ps->name)) != NULL) {
				err(c, v, q, "invalid port name \"%s\": %s", ps->name, why);
				ps->name = NULL;
			}
			for (size_t j = 0; ps->name && j < ct->n_ports; j++)
				if (ct->ports[j].name && strcmp(ct->ports[j].name, ps->name) == 0)
					err(c, v, q, "duplicate port name \"%s\"", ps->name);
		}
		ps->protocol = NULL;
		if ((v = get(e, "protocol")) != NULL &&
		    d_str(c, v, sub(q, p, "protocol"), &ps->protocol) &&
		    strcmp(ps->protocol, "TCP") != 0 && strcmp(ps->protocol, "UDP") != 0 &&
		    strcmp(ps->protocol, "SCTP") != 0)
			err(c, v, q, "unsupported value \"%s\": supported values: \"SCTP\", "
			    "\"TCP\", \"UDP\"", ps->protocol);
		if (ps->protocol == NULL)
			ps->protocol = arena_strdup(c->a, "TCP");
		ct->n_ports++;
	}
}

static void
d_env(struct dctx *c, const struct ynode *n, const char *path, struct container_spec *ct)
{
	char p[PATHSZ], q[PATHSZ];

	if (!want_seq(c, n, path))
		return;
	ct->env = arena_alloc(c->a, (n->n + 1) * sizeof *ct->env);
	if (ct->env == NULL)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *e = n->kids[i], *v, *vf;
		char *name = NULL, *val = NULL;

		subi(p, path, i);
		if (!check_fields(c, e, p, env_fields, NELEM(env_fields)))
			continue;
		if ((v = get(e, "name")) == NULL) {
			err(c, e, sub(q, p, "name"), "required value");
			continue;
		}
		if (!d_str(c, v, sub(q, p, "name"), &name))
			continue;
		if (name[0] == '\0' || strchr(name, '=') != NULL) {
			err(c, v, q, "invalid environment variable name \"%s\"", name);
			continue;
		}
		vf = get(e, "valueFrom");
		if ((v = get(e, "value")) != NULL && !d_str(c, v, sub(q, p, "value"), &val))
			continue;
		if (vf != NULL) {
			sub(q, p, "valueFrom");
			if (val && *val) {
				err(c, getkey(e, "valueFrom"), q, "may not be specified when `value` "
				    "is not empty");
				continue;
			}
			if (check_fields(c, vf, q, valuefrom_fields, NELEM(valuefrom_fields)))
				warn(c, getkey(e, "valueFrom"), q, "cannot be resolved outside "
				    "Kubernetes; %s is not set", name);
			continue;
		}
		/* K8S: each value is expanded against the entries before it. */
		val = decode_expand(c->a, val ? val : "", ct->env, ct->n_env);
		if (val == NULL) {
			err(c, v, sub(q, p, "value"), "$(VAR) expansion is too long");
			continue;
		}
		size_t j;
		for (j = 0; j < ct->n_env; j++)
			if (strcmp(ct->env[j].name, name) == 0)
				break;
		if (j < ct->n_env) {
			warn(c, e, p, "duplicate environment variable %s: the last value wins",
			    name);
			ct->env[j].value = val;
			continue;
		}
		ct->env[ct->n_env].name = name;
		ct->env[ct->n_env].value = val;
		ct->n_env++;
	}
}

/* argv: expanded manifest command + expanded args; without command the
 * command line after "--" (verbatim) + expanded args. */
static void
build_argv(struct dctx *c, const struct ynode *n, const char *path, struct container_spec *ct)
{
	char p[PATHSZ], q[PATHSZ];
	const struct ynode *cmdn = get(n, "command"), *argn = get(n, "args");
	char **cmd = NULL, **args = NULL;
	size_t ncmd = 0, nargs = 0, ncli = 0, k = 0;
	bool ok = true;

	if (cmdn && !d_strlist(c, cmdn, sub(p, path, "command"), &cmd, &ncmd))
		ok = false;
	if (argn && !d_strlist(c, argn, sub(q, path, "args"), &args, &nargs))
		ok = false;
	if (!ok)
		return;
	for (size_t i = 0; i < ncmd; i++)
		if ((cmd[i] = decode_expand(c->a, cmd[i], ct->env, ct->n_env)) == NULL) {
			err(c, cmdn->kids[i], p, "$(VAR) expansion is too long");
			return;
		}
	for (size_t i = 0; i < nargs; i++)
		if ((args[i] = decode_expand(c->a, args[i], ct->env, ct->n_env)) == NULL) {
			err(c, argn->kids[i], q, "$(VAR) expansion is too long");
			return;
		}
	ct->has_command = cmdn != NULL && ncmd > 0;
	if (!ct->has_command && c->o->cli_argv)
		while (c->o->cli_argv[ncli])
			ncli++;
	if (!ct->has_command && ncli == 0) {
		const char *what = "no command: set `command` in the manifest or give one "
		    "after `--` (podinit cannot read the image's entrypoint)";
		if (c->o->check_only)
			warn(c, getkey(n, "name") ? getkey(n, "name") : n, path, "%s", what);
		else
			err(c, getkey(n, "name") ? getkey(n, "name") : n, path, "%s", what);
		return;
	}
	size_t total = (ct->has_command ? ncmd : ncli) + nargs;
	ct->argv = arena_alloc(c->a, (total + 1) * sizeof *ct->argv);
	if (ct->argv == NULL)
		return;
	if (ct->has_command)
		for (size_t i = 0; i < ncmd; i++)
			ct->argv[k++] = cmd[i];
	else
		for (size_t i = 0; i < ncli; i++)
			ct->argv[k++] = arena_strdup(c->a, c->o->cli_argv[i]);
	for (size_t i = 0; i < nargs; i++)
		ct->argv[k++] = args[i];
	ct->argv[k] = NULL;
	ct->argc = k;
}

static void
d_container(struct dctx *c, const struct ynode *n, const char *path, struct container_spec *ct,
    bool init)
{
	static const char *const pnames[PROBE_TYPE_COUNT] = {
		[PROBE_LIVENESS] = "livenessProbe",
		[PROBE_READINESS] = "readinessProbe",
		[PROBE_STARTUP] = "startupProbe",
	};
	char p[PATHSZ];
	const struct ynode *v;
	bool b;

	spec_container_defaults(ct);
	ct->is_init = init;
	ct->mark.line = n->line;
	ct->mark.col = n->col;
	if (!check_fields(c, n, path, container_fields, NELEM(container_fields)))
		return;
	if ((v = get(n, "name")) == NULL) {
		err(c, n, sub(p, path, "name"), "required value");
	} else if (d_str(c, v, sub(p, path, "name"), &ct->name)) {
		ct->mark.line = v->line;
		ct->mark.col = v->col;
		if (!dns_label_ok(ct->name))
			err(c, v, p, "invalid name \"%s\": a lowercase RFC 1123 label must "
			    "consist of lower case alphanumeric characters or '-', start and "
			    "end with an alphanumeric character, at most 63 characters",
			    ct->name);
	}
	if ((v = get(n, "restartPolicy")) != NULL) {
		char *rp;
		sub(p, path, "restartPolicy");
		if (!init)
			err(c, getkey(n, "restartPolicy"), p,
			    "may not be set for non-init containers");
		else if (d_str(c, v, p, &rp)) {
			if (strcmp(rp, "Always") == 0)
				ct->is_sidecar = true;
			else
				err(c, v, p, "unsupported value \"%s\": supported values: \"Always\"",
				    rp);
		}
	}
	if ((v = get(n, "workingDir")) != NULL &&
	    d_str(c, v, sub(p, path, "workingDir"), &ct->working_dir) && ct->working_dir[0] == '\0')
		ct->working_dir = NULL;
	if ((v = get(n, "env")) != NULL)
		d_env(c, v, sub(p, path, "env"), ct);
	if ((v = get(n, "envFrom")) != NULL)
		warn(c, getkey(n, "envFrom"), sub(p, path, "envFrom"),
		    "cannot be resolved outside Kubernetes; ignored");
	if ((v = get(n, "ports")) != NULL)
		d_ports(c, v, sub(p, path, "ports"), ct);
	build_argv(c, n, path, ct);
	for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
		if ((v = get(n, pnames[t])) == NULL)
			continue;
		sub(p, path, pnames[t]);
		if (init && !ct->is_sidecar)
			err(c, getkey(n, pnames[t]), p,
			    "may not be set for init containers without restartPolicy=Always");
		else
			d_probe(c, v, p, ct, (enum probe_type)t);
	}
	if ((v = get(n, "lifecycle")) != NULL) {
		sub(p, path, "lifecycle");
		if (init && !ct->is_sidecar)
			err(c, getkey(n, "lifecycle"), p,
			    "may not be set for init containers without restartPolicy=Always");
		else
			d_lifecycle(c, v, p, ct);
	}
	if ((v = get(n, "securityContext")) != NULL) {
		ct->has_security = true;
		d_secctx(c, v, sub(p, path, "securityContext"), &ct->security, false);
	}
	if ((v = get(n, "resources")) != NULL)
		d_resources(c, v, sub(p, path, "resources"), ct);
	if ((v = get(n, "terminationMessagePath")) != NULL)
		d_str(c, v, sub(p, path, "terminationMessagePath"), &ct->termination_message_path);
	if (ct->termination_message_path == NULL || ct->termination_message_path[0] == '\0')
		ct->termination_message_path = arena_strdup(c->a, "/dev/termination-log");
	if ((v = get(n, "tty")) != NULL && d_bool(c, v, sub(p, path, "tty"), &b))
		ct->tty = b;
	if ((v = get(n, "stdin")) != NULL && d_bool(c, v, sub(p, path, "stdin"), &b))
		ct->stdin_open = b;
}

static void
d_podspec(struct dctx *c, const struct ynode *n, const char *path)
{
	struct pod_spec *pod = c->pod;
	const struct ynode *v, *ic, *cs;
	char p[PATHSZ], q[PATHSZ];
	int64_t x;
	size_t ni = 0, nc = 0;

	if (!check_fields(c, n, path, podspec_fields, NELEM(podspec_fields)))
		return;
	if ((v = get(n, "terminationGracePeriodSeconds")) != NULL &&
	    d_int(c, v, sub(p, path, "terminationGracePeriodSeconds"), 0, INT64_MAX / 1000000000, &x))
		pod->termination_grace_period_seconds = x;
	sub(p, path, "restartPolicy");
	if ((v = get(n, "restartPolicy")) != NULL) {
		char *rp;
		if (d_str(c, v, p, &rp)) {
			if (strcmp(rp, "Always") == 0 && c->job)
				err(c, v, p, "unsupported value \"Always\": a Job's pod template "
				    "supports \"OnFailure\", \"Never\"");
			else if (strcmp(rp, "Always") == 0)
				pod->restart_policy = RESTART_ALWAYS;
			else if (strcmp(rp, "OnFailure") == 0)
				pod->restart_policy = RESTART_ON_FAILURE;
			else if (strcmp(rp, "Never") == 0)
				pod->restart_policy = RESTART_NEVER;
			else {
				static const char *const rps[] = { "Always", "OnFailure", "Never" };
				const char *sg = decode_suggest(rp, rps, 3);
				err(c, v, p, "unsupported value \"%s\": supported values: \"Always\", "
				    "\"OnFailure\", \"Never\"%s%s%s", rp, sg ? "; did you mean " : "",
				    sg ? sg : "", sg ? "?" : "");
			}
		}
	} else if (c->job) {
		err(c, n, p, "required value: a Job's pod template must set \"OnFailure\" or "
		    "\"Never\"");
	}
	if ((v = get(n, "securityContext")) != NULL) {
		pod->has_security = true;
		d_secctx(c, v, sub(p, path, "securityContext"), &pod->security, true);
	}
	ic = get(n, "initContainers");
	cs = get(n, "containers");
	if (ic && want_seq(c, ic, sub(p, path, "initContainers")))
		ni = ic->n;
	if (cs && want_seq(c, cs, sub(p, path, "containers")))
		nc = cs->n;
	else if (cs == NULL)
		err(c, n, sub(p, path, "containers"), "required value: at least one container");
	if (cs && cs->kind == YNODE_SEQ && nc == 0)
		err(c, cs, sub(p, path, "containers"), "required value: at least one container");
	/* The containers and what they hold, in one prefaulted chunk: their
	 * strings and arrays take about 17 bytes per YAML node under them. */
	arena_reserve(c->a, (ni + nc + 1) * sizeof *pod->containers +
	    ((ni ? ic->weight : 0) + (nc ? cs->weight : 0)) * (size_t)20);
	pod->containers = arena_alloc(c->a, (ni + nc + 1) * sizeof *pod->containers);
	if (pod->containers == NULL) {
		err(c, n, path, "out of memory");
		return;
	}
	for (size_t i = 0; i < ni; i++)
		d_container(c, ic->kids[i], subi(q, sub(p, path, "initContainers"), i),
		    &pod->containers[i], true);
	for (size_t i = 0; i < nc; i++)
		d_container(c, cs->kids[i], subi(q, sub(p, path, "containers"), i),
		    &pod->containers[ni + i], false);
	pod->n_init = ni;
	pod->n_containers = ni + nc;
}

static void
d_meta(struct dctx *c, const struct ynode *n, const char *path, bool fill)
{
	char p[PATHSZ];
	const struct ynode *v;
	char *s;

	if (!check_fields(c, n, path, meta_fields, NELEM(meta_fields)))
		return;
	if ((v = get(n, "name")) != NULL && d_str(c, v, sub(p, path, "name"), &s) && fill)
		c->pod->name = s;
	if ((v = get(n, "namespace")) != NULL && d_str(c, v, sub(p, path, "namespace"), &s) &&
	    fill)
		c->pod->namespace = s;
}

/* PodTemplateSpec at n (path "...template"). */
static const struct ynode *
d_template(struct dctx *c, const struct ynode *n, const char *path)
{
	char p[PATHSZ];
	const struct ynode *v;

	if (!check_fields(c, n, path, template_fields, NELEM(template_fields)))
		return NULL;
	if ((v = get(n, "metadata")) != NULL)
		d_meta(c, v, sub(p, path, "metadata"), false);
	if ((v = get(n, "spec")) == NULL)
		err(c, n, sub(p, path, "spec"), "required value");
	return v;
}

static const struct kind_desc *
find_kind(const char *k)
{
	for (size_t i = 0; i < NELEM(kinds); i++)
		if (strcmp(kinds[i].kind, k) == 0)
			return &kinds[i];
	return NULL;
}

static const char *
doc_kind(const struct ynode *doc)
{
	const struct ynode *k = get(doc, "kind");

	return k && k->kind == YNODE_SCALAR && ynode_scalar_type(k) == YS_STRING ? k->str : NULL;
}

static const char *
doc_name(const struct ynode *doc)
{
	const struct ynode *k = get(get(doc, "metadata"), "name");

	return k && k->kind == YNODE_SCALAR ? k->str : NULL;
}

static void
d_document(struct dctx *c, const struct ynode *doc, const struct kind_desc *kd)
{
	const struct ynode *v, *spec, *x;
	char p[PATHSZ];

	c->job = kd->job;
	c->pod->kind = arena_strdup(c->a, kd->kind);
	check_fields(c, doc, "", object_fields, NELEM(object_fields));
	if ((v = get(doc, "apiVersion")) == NULL)
		warn(c, doc, "apiVersion", "not set (kubectl requires apiVersion: %s)", kd->api);
	else if (v->kind != YNODE_SCALAR || strcmp(v->str, kd->api) != 0)
		warn(c, v, "apiVersion", "%s is %s in Kubernetes, not %s", kd->kind, kd->api,
		    v->kind == YNODE_SCALAR ? v->str : ynode_describe(v));
	if ((v = get(doc, "metadata")) != NULL)
		d_meta(c, v, "metadata", true);
	if ((spec = get(doc, "spec")) == NULL) {
		err(c, doc, "spec", "required value");
		return;
	}
	if (kd->fields == NULL) {
		d_podspec(c, spec, "spec");
		return;
	}
	if (!check_fields(c, spec, "spec", kd->fields, kd->n_fields))
		return;
	if (kd->cron) {
		const struct ynode *jt = get(spec, "jobTemplate");
		if (jt == NULL) {
			err(c, spec, "spec.jobTemplate", "required value");
			return;
		}
		if (!check_fields(c, jt, "spec.jobTemplate", jobtemplate_fields,
		    NELEM(jobtemplate_fields)))
			return;
		if ((x = get(jt, "metadata")) != NULL)
			d_meta(c, x, "spec.jobTemplate.metadata", false);
		if ((spec = get(jt, "spec")) == NULL) {
			err(c, jt, "spec.jobTemplate.spec", "required value");
			return;
		}
		if (!check_fields(c, spec, "spec.jobTemplate.spec", job_fields, NELEM(job_fields)))
			return;
		sub(p, "", "spec.jobTemplate.spec.template");
	} else {
		sub(p, "", "spec.template");
	}
	if ((v = get(spec, "template")) == NULL) {
		err(c, spec, p, "required value");
		return;
	}
	if ((x = d_template(c, v, p)) != NULL)
		d_podspec(c, x, kd->pod_path);
}

int
decode_pod(const struct ydocs *docs, const struct decode_opts *o, struct pod_spec *pod,
    const char **pod_path, struct diag_list *d)
{
	struct dctx c = { .d = d, .pod = pod, .o = o };
	size_t errs = d->n_errors;
	const struct ynode *chosen = NULL;
	const struct kind_desc *kd = NULL;
	static const char *const knames[] = { "Pod", "Deployment", "StatefulSet", "DaemonSet",
		"ReplicaSet", "Job", "CronJob" };

	spec_pod_defaults(pod);
	c.a = &pod->arena;
	*pod_path = "spec";
	for (size_t i = 0; i < docs->n_docs && chosen == NULL; i++) {
		const struct ynode *doc = docs->docs[i];
		const char *k, *name;

		if (ynode_is_null(doc))
			continue;
		if (doc->kind != YNODE_MAP) {
			err(&c, doc, "", "document %zu: expected a mapping with apiVersion, kind, "
			    "metadata and spec, got %s", i + 1, ynode_describe(doc));
			continue;
		}
		if ((k = doc_kind(doc)) == NULL) {
			const struct ynode *kn = get(doc, "kind");
			if (kn == NULL)
				err(&c, doc, "kind", "required value");
			else
				err(&c, kn, "kind", "expected a string, got %s", ynode_describe(kn));
			continue;
		}
		if ((kd = find_kind(k)) == NULL) {
			const char *s = decode_suggest(k, knames, NELEM(knames));
			const struct ynode *kn = get(doc, "kind");
			if (s)
				err(&c, kn, "kind", "unsupported kind %s; did you mean %s?", k, s);
			else
				diag_add(d, DIAG_NOTE, kn->line, kn->col, "kind",
				    "document %zu: kind %s carries no pod spec; skipped", i + 1, k);
			continue;
		}
		name = doc_name(doc);
		if (o->pod_name && (name == NULL || strcmp(name, o->pod_name) != 0)) {
			kd = NULL;
			continue;
		}
		chosen = doc;
	}
	if (chosen == NULL) {
		if (d->n_errors == errs) {
			if (o->pod_name)
				diag_add(d, DIAG_ERROR, 0, 0, "", "no document with metadata.name "
				    "\"%s\" and a pod spec", o->pod_name);
			else
				diag_add(d, DIAG_ERROR, 0, 0, "", "no Pod or workload (Deployment, "
				    "StatefulSet, DaemonSet, ReplicaSet, Job, CronJob) found");
		}
		return -1;
	}
	pod->source = o->source ? arena_strdup(c.a, o->source) : NULL;
	pod->dir = arena_strdup(c.a, o->dir ? o->dir : ".");
	*pod_path = kd->pod_path;
	d_document(&c, chosen, kd);
	if (pod->name == NULL)
		pod->name = arena_strdup(c.a, "podinit");
	if (pod->namespace == NULL)
		pod->namespace = arena_strdup(c.a, "default");
	return d->n_errors == errs ? 0 : -1;
}
