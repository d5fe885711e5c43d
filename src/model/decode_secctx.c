/* decode_secctx: security contexts (the container's and the pod's),
 * capabilities and seccomp profiles.  Private to src/model/decode*.c
 * (see decode_internal.h). */
#include "decode_internal.h"

#include <stdio.h>
#include <string.h>

#include "podinit/caps.h"

/* ---- capabilities ---- */

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

/* ---- security contexts ---- */

static void
d_caplist(struct dctx *c, const struct ynode *n, const char *path, char ***out, size_t *nout)
{
	char p[FIELDPATH_MAX];
	const char *s;

	if (!d_strlist(c, n, path, out, nout))
		return;
	/* K8S: the API server takes any name; the runtime refuses an
	 * unknown one when it creates the container.  A warning here, and
	 * at run time the container fails to start (secctx_prepare). */
	for (size_t i = 0; i < *nout; i++) {
		if (decode_capability_ok((*out)[i], &s))
			continue;
		decode_warn(c, n->kids[i], fieldpath_index(p, path, i), "unknown capability \"%s\"%s%s%s: the "
		    "container runtime refuses it and the container will not start", (*out)[i],
		    s ? " (did you mean " : "", s ? s : "", s ? "?)" : "");
	}
}

/* Capabilities fields decode into the secctx_spec. */
static bool
caps_add(struct dctx *c, const struct field_at *at)
{
	struct secctx_spec *s = at->object;

	d_caplist(c, at->value, at->path, &s->cap_add, &s->n_cap_add);
	return true;
}

static bool
caps_drop(struct dctx *c, const struct field_at *at)
{
	struct secctx_spec *s = at->object;

	d_caplist(c, at->value, at->path, &s->cap_drop, &s->n_cap_drop);
	return true;
}

static const struct field caps_rows[] = { F("add", caps_add), F("drop", caps_drop) };
const struct field_table caps_fields = TABLE("Capabilities", caps_rows);

/* Decoding a seccompProfile: its type comes first, and decides whether
 * localhostProfile may (must) be set. */
struct seccomp_decode {
	struct secctx_spec *s;
	bool	 type_ok;
};

static bool
seccomp_type(struct dctx *c, const struct field_at *at)
{
	static const char *const st[] = { "RuntimeDefault", "Localhost", "Unconfined" };
	struct seccomp_decode *sd = at->object;
	char *type = NULL;
	const char *sg;

	if (at->value == NULL) {
		required(c, at);
		return true;
	}
	if (!d_str(c, at->value, at->path, &type))
		return true;
	if (strcmp(type, "RuntimeDefault") == 0) {
		sd->s->seccomp = SECCOMP_RUNTIME_DEFAULT;
	} else if (strcmp(type, "Unconfined") == 0) {
		sd->s->seccomp = SECCOMP_UNCONFINED;
	} else if (strcmp(type, "Localhost") == 0) {
		sd->s->seccomp = SECCOMP_LOCALHOST;
	} else {
		sg = decode_suggest(type, st, 3);
		decode_err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
		    "\"Localhost\", \"RuntimeDefault\", \"Unconfined\"%s%s%s", type,
		    sg ? "; did you mean " : "", sg ? sg : "", sg ? "?" : "");
		return true;
	}
	sd->type_ok = true;
	return true;
}

static bool
seccomp_localhost_profile(struct dctx *c, const struct field_at *at)
{
	struct seccomp_decode *sd = at->object;
	struct secctx_spec *s = sd->s;
	char *prof = NULL;

	if (at->value)
		d_str(c, at->value, at->path, &prof);
	if (!sd->type_ok)
		return true;
	if (s->seccomp == SECCOMP_LOCALHOST && (prof == NULL || *prof == '\0')) {
		decode_err(c, at->map, at->path, "must be set when seccomp type is Localhost");
	} else if (s->seccomp != SECCOMP_LOCALHOST && prof != NULL) {
		decode_err(c, field_key(at), at->path, "can only be set when seccomp type is "
		    "Localhost");
	} else if (prof != NULL) {
		s->seccomp_localhost_name = prof;
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
	return true;
}

static const struct field seccomp_rows[] = {
	F_ALWAYS("type", seccomp_type), F_ALWAYS("localhostProfile", seccomp_localhost_profile),
};
const struct field_table seccomp_fields = TABLE("SeccompProfile", seccomp_rows);

/* Decoding a security context: the model, and where allowPrivilegeEscalation
 * is written (the privileged rule points there). */
struct secctx_decode {
	struct secctx_spec *s;
	const struct ynode *escalation_key;
};

/* A user or group id field. */
static void
read_id(struct dctx *c, const struct field_at *at, bool *has, int64_t *out)
{
	int64_t x;

	if (d_int(c, at->value, at->path, 0, INT32_MAX, &x)) {
		*has = true;
		*out = x;
	}
}

/* A tri-state boolean field (-1 when unset). */
static void
read_tri(struct dctx *c, const struct field_at *at, int *out)
{
	bool b;

	if (d_bool(c, at->value, at->path, &b))
		*out = b;
}

static bool
secctx_run_as_user(struct dctx *c, const struct field_at *at)
{
	struct secctx_spec *s = ((struct secctx_decode *)at->object)->s;

	read_id(c, at, &s->has_run_as_user, &s->run_as_user);
	return true;
}

static bool
secctx_run_as_group(struct dctx *c, const struct field_at *at)
{
	struct secctx_spec *s = ((struct secctx_decode *)at->object)->s;

	read_id(c, at, &s->has_run_as_group, &s->run_as_group);
	return true;
}

static bool
secctx_run_as_non_root(struct dctx *c, const struct field_at *at)
{
	struct secctx_spec *s = ((struct secctx_decode *)at->object)->s;

	read_tri(c, at, &s->run_as_non_root);
	return true;
}

static bool
secctx_capabilities(struct dctx *c, const struct field_at *at)
{
	struct secctx_spec *s = ((struct secctx_decode *)at->object)->s;

	decode_object(c, at->value, at->path, &caps_fields, s);
	return true;
}

static bool
secctx_allow_privilege_escalation(struct dctx *c, const struct field_at *at)
{
	struct secctx_decode *sd = at->object;

	sd->escalation_key = field_key(at);
	read_tri(c, at, &sd->s->allow_privilege_escalation);
	return true;
}

static bool
secctx_privileged(struct dctx *c, const struct field_at *at)
{
	struct secctx_spec *s = ((struct secctx_decode *)at->object)->s;

	read_tri(c, at, &s->privileged);
	return true;
}

static bool
secctx_read_only_root_filesystem(struct dctx *c, const struct field_at *at)
{
	struct secctx_spec *s = ((struct secctx_decode *)at->object)->s;

	read_tri(c, at, &s->read_only_root_filesystem);
	return true;
}

/* K8S: ValidateSecurityContext. */
static bool
secctx_privileged_rule(struct dctx *c, const struct field_at *at)
{
	struct secctx_decode *sd = at->object;

	if (sd->s->allow_privilege_escalation == 0 && sd->s->privileged == 1)
		decode_err(c, sd->escalation_key, at->path, "cannot set `allowPrivilegeEscalation` to "
		    "false and `privileged` to true");
	return true;
}

static bool
secctx_seccomp_profile(struct dctx *c, const struct field_at *at)
{
	struct seccomp_decode sd = { .s = ((struct secctx_decode *)at->object)->s };

	decode_object(c, at->value, at->path, &seccomp_fields, &sd);
	return true;
}

static bool
secctx_supplemental_groups(struct dctx *c, const struct field_at *at)
{
	struct secctx_spec *s = ((struct secctx_decode *)at->object)->s;
	const struct ynode *v = at->value;
	char q[FIELDPATH_MAX];
	int64_t x;

	if (!want_seq(c, v, at->path))
		return true;
	s->supplemental_groups = arena_alloc(c->a, (v->n + 1) * sizeof(int64_t));
	for (size_t i = 0; s->supplemental_groups && i < v->n; i++)
		if (d_int(c, v->kids[i], fieldpath_index(q, at->path, i), 0, INT32_MAX, &x))
			s->supplemental_groups[s->n_supplemental_groups++] = x;
	return true;
}

static bool
secctx_fs_group(struct dctx *c, const struct field_at *at)
{
	struct secctx_spec *s = ((struct secctx_decode *)at->object)->s;

	read_id(c, at, &s->has_fs_group, &s->fs_group);
	return true;
}

static const struct field secctx_rows[] = {
	F("runAsUser", secctx_run_as_user), F("runAsGroup", secctx_run_as_group),
	F("runAsNonRoot", secctx_run_as_non_root), F("capabilities", secctx_capabilities),
	F("allowPrivilegeEscalation", secctx_allow_privilege_escalation),
	F("privileged", secctx_privileged),
	F("readOnlyRootFilesystem", secctx_read_only_root_filesystem),
	RULE(secctx_privileged_rule), F("seccompProfile", secctx_seccomp_profile),
};
const struct field_table secctx_fields = TABLE("SecurityContext", secctx_rows);

static const struct field podsecctx_rows[] = {
	F("runAsUser", secctx_run_as_user), F("runAsGroup", secctx_run_as_group),
	F("runAsNonRoot", secctx_run_as_non_root),
	F("supplementalGroups", secctx_supplemental_groups), F("fsGroup", secctx_fs_group),
	F("seccompProfile", secctx_seccomp_profile),
};
const struct field_table podsecctx_fields = TABLE("PodSecurityContext",
    podsecctx_rows);

/* A container's securityContext (t = secctx_fields) or the pod's
 * (podsecctx_fields). */
void
d_secctx(struct dctx *c, const struct ynode *n, const char *path, struct secctx_spec *s,
    const struct field_table *t)
{
	struct secctx_decode sd = { .s = s };

	if (!check_fields(c, n, path, t))
		return;
	s->mark.line = n->line;
	s->mark.col = n->col;
	decode_fields(c, n, path, t, &sd);
}
