/* decode: ynode tree -> struct pod_spec.  Each Kubernetes object type has
 * one field list, a table of rows in decoding order: it drives both the
 * check of a mapping's keys (unknown fields with a suggestion, duplicates,
 * known fields podinit ignores) and the decoding, so a field cannot be
 * known without a decoder.  Kubernetes defaults and per-field validation
 * are applied here; rules that need the whole pod live in validate.c.
 * K8S: field names from api core/v1, apps/v1, batch/v1 types; defaults
 * from pkg/apis/core/v1/defaults.go; messages modelled on
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
#include "podinit/units.h"

#define PATHSZ 512
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct dctx {
	struct diag_list *d;
	struct arena *a;
	struct pod_spec *pod;
	const struct decode_opts *o;
	const struct kind_desc *kind;	/* of the chosen document */
};

/* ---- field tables ---- */

/* One field of a mapping, as its decoder sees it. */
struct field_at {
	const struct ynode *map;	/* the object's mapping */
	const struct ynode *value;	/* the field's value; NULL when absent (or null) */
	const char *path;		/* the field's path; the object's for a rule */
	const char *name;		/* the field's name (static); NULL for a rule */
	void	*object;		/* what the table decodes into: each table says */
};

/* A row's decoder.  Returning false stops decoding the object: the rows
 * after it are not read, and an element of a list is left out. */
typedef bool field_decoder(struct dctx *c, const struct field_at *at);

/* One row of a type's field list.  Rows are decoded in order: a field
 * that needs another (a named port, $(VAR), the sidecar flag) comes after
 * it, and so does a field whose message may share a position with
 * another's (the object's own position is its first key's).  Did-you-mean
 * takes the first of equally close names, so moving a row can also change
 * a suggestion. */
struct field {
	const char *name;	/* NULL: a rule of the object, checked at this row */
	field_decoder *decode;	/* NULL only for a field podinit ignores */
	bool	 ignored;	/* Kubernetes has it; podinit does not act on it */
	bool	 when_absent;	/* decode also runs when the field is absent
				   (value NULL): a required field, a default */
};
/* F: decoded when written.  F_ALWAYS: also when absent.  I: known and
 * ignored (a note for -v).  I_WARN: ignored, with a warning from fn.
 * RULE: a check of the object between two rows. */
#define F(n, fn)	{ n, fn, false, false }
#define F_ALWAYS(n, fn)	{ n, fn, false, true }
#define I(n)		{ n, NULL, true, false }
#define I_WARN(n, fn)	{ n, fn, true, false }
#define RULE(fn)	{ NULL, fn, false, true }

struct field_table {
	const char *type;	/* the Kubernetes type ("Probe"), for the tests */
	const struct field *rows;
	size_t	 n;
};
#define TABLE(type, rows) { type, rows, NELEM(rows) }

/* A kind of document that holds a pod spec. */
struct kind_desc {
	const char *kind;
	const char *api;		/* expected apiVersion */
	const struct field_table *fields;	/* the kind's spec; NULL for Pod */
	const char *pod_path;
	bool	 job;
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
suggest_field(const char *name, const struct field_table *t)
{
	const char *cands[64];
	size_t n = 0;

	for (size_t i = 0; i < t->n && n < NELEM(cands); i++)
		if (t->rows[i].name)
			cands[n++] = t->rows[i].name;
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
    const struct field_table *t)
{
	const struct field *f = t->rows;
	size_t nf = t->n;
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
			if (f[j].name && k->str[0] == f[j].name[0] && strcmp(k->str, f[j].name) == 0)
				break;
		/* The path is only for a message; a note is dropped unless kept. */
		if (j == nf || (j < 64 && (seen & ((uint64_t)1 << j))) ||
		    (f[j].ignored && c->d->keep_notes))
			sub(p, path, k->str);
		else
			p[0] = '\0';
		if (j == nf) {
			const char *s = suggest_field(k->str, t);
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

/* Decode the fields of mapping n (its keys already checked) into object,
 * row by row.  False when a decoder stopped it. */
static bool
decode_fields(struct dctx *c, const struct ynode *n, const char *path,
    const struct field_table *t, void *object)
{
	char p[PATHSZ];
	struct field_at at = { .map = n, .object = object };

	for (size_t i = 0; i < t->n; i++) {
		const struct field *f = &t->rows[i];

		if (f->decode == NULL)
			continue;
		at.name = f->name;
		if (f->name == NULL) {
			at.value = NULL;
			at.path = path;
		} else {
			at.value = get(n, f->name);
			if (at.value == NULL && !f->when_absent)
				continue;
			at.path = sub(p, path, f->name);
		}
		if (!f->decode(c, &at))
			return false;
	}
	return true;
}

/* An object: check its keys, then decode its fields.  False when n is not
 * a mapping or a decoder stopped it. */
static bool
decode_object(struct dctx *c, const struct ynode *n, const char *path,
    const struct field_table *t, void *object)
{
	return check_fields(c, n, path, t) && decode_fields(c, n, path, t, object);
}

/* The field's key, for messages about the field itself. */
static const struct ynode *
field_key(const struct field_at *at)
{
	return getkey(at->map, at->name);
}

/* A required field is absent: said at its object.  Returns false, for
 * the decoders that stop there. */
static bool
required(struct dctx *c, const struct field_at *at)
{
	err(c, at->map, at->path, "required value");
	return false;
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
		err(c, cmd, at->path, "required value (must not be empty)");
		return false;
	}
	/* K8S: probes expand $(VAR) against the container's env
	 * (ExpandContainerCommandOnlyStatic); lifecycle hooks run the
	 * command as written (lifecycle/handlers.go). */
	if (hd->probe)
		for (size_t i = 0; i < h->n_command; i++) {
			char *x = decode_expand(c->a, h->command[i], hd->ct->env, hd->ct->n_env);
			if (x == NULL)
				err(c, cmd->kids[i], at->path, "$(VAR) expansion is too long");
			else
				h->command[i] = x;
		}
	return true;
}

static const struct field exec_rows[] = { F_ALWAYS("command", exec_command) };
static const struct field_table exec_fields = TABLE("ExecAction", exec_rows);

/* The port of an httpGet or tcpSocket action. */
static bool
action_port(struct dctx *c, const struct field_at *at)
{
	struct handler_decode *hd = at->object;

	if (at->value == NULL)
		required(c, at);
	else
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
			err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
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
		err(c, at->value, at->path, "invalid HTTP header name \"%s\"", hd->name);
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
static const struct field_table header_fields = TABLE("HTTPHeader", header_rows);

static bool
http_headers(struct dctx *c, const struct field_at *at)
{
	struct handler_spec *h = ((struct handler_decode *)at->object)->h;
	const struct ynode *v = at->value;
	char q[PATHSZ];

	if (!want_seq(c, v, at->path))
		return false;
	h->headers = arena_alloc(c->a, (v->n + 1) * sizeof *h->headers);
	if (h->headers == NULL)
		return false;
	for (size_t i = 0; i < v->n; i++)
		if (decode_object(c, v->kids[i], subi(q, at->path, i), &header_fields,
		    &h->headers[h->n_headers]))
			h->n_headers++;
	return true;
}

static const struct field http_rows[] = {
	F_ALWAYS("path", http_path), F_ALWAYS("port", action_port), F_ALWAYS("host", action_host),
	F("scheme", http_scheme), F("httpHeaders", http_headers),
};
static const struct field_table http_fields = TABLE("HTTPGetAction", http_rows);

static const struct field tcp_rows[] = {
	F_ALWAYS("port", action_port), F_ALWAYS("host", action_host),
};
static const struct field_table tcp_fields = TABLE("TCPSocketAction", tcp_rows);

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
static const struct field_table grpc_fields = TABLE("GRPCAction", grpc_rows);

static bool
sleep_seconds(struct dctx *c, const struct field_at *at)
{
	struct handler_spec *h = ((struct handler_decode *)at->object)->h;
	int64_t s;
	int64_t tgps = c->pod->termination_grace_ns / NS_PER_SEC;

	if (at->value == NULL)
		return required(c, at);
	if (!d_int(c, at->value, at->path, INT64_MIN, INT64_MAX, &s))
		return false;
	/* K8S: validateSleepAction; seconds == TGPS passes despite the text. */
	if (s <= 0 || s > tgps) {
		err(c, at->value, at->path, "must be greater than 0 and less than "
		    "terminationGracePeriodSeconds (%" PRId64 ")", tgps);
		return false;
	}
	h->sleep_ns = s * NS_PER_SEC;
	return true;
}

static const struct field sleep_rows[] = { F_ALWAYS("seconds", sleep_seconds) };
static const struct field_table sleep_fields = TABLE("SleepAction", sleep_rows);

/* An action row of a probe or lifecycle handler (exec, httpGet, ...): the
 * first one written is the handler, a second is an error.  The handler
 * to fill, or NULL. */
static struct handler_spec *
action_begin(struct dctx *c, const struct field_at *at, enum handler_kind kind)
{
	struct handler_decode *hd = at->object;

	if (hd->first) {
		err(c, field_key(at), at->path, "may not specify more than 1 handler type "
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
		warn(c, field_key(at), at->path, "deprecated: Kubernetes accepts tcpSocket in "
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
		err(c, at->map, at->path, "must specify a handler type (one of exec, httpGet, "
		    "tcpSocket, grpc)");
	spec_handler_default_host(hd->h, c->a);
	return true;
}

/* K8S allows 0 in the probe's numbers (defaulting turns it into the
 * default); the API documents "Minimum value is 1" and a written 0 is
 * almost always a mistake, so podinit refuses it. */
static bool
probe_seconds(struct dctx *c, const struct field_at *at, int64_t min, int64_t *ns)
{
	int64_t x;

	if (d_int(c, at->value, at->path, min, INT32_MAX, &x))
		*ns = x * NS_PER_SEC;
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

	return probe_seconds(c, at, 1, &hd->probe->period_ns);
}

/* Where it is written is kept for validate's liveness/startup rule. */
static bool
probe_success_threshold(struct dctx *c, const struct field_at *at)
{
	struct probe_spec *pr = ((struct handler_decode *)at->object)->probe;
	int64_t x;

	if (d_int(c, at->value, at->path, 1, INT32_MAX, &x)) {
		pr->success_threshold = (int32_t)x;
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

	if (d_int(c, at->value, at->path, 1, INT32_MAX, &x))
		pr->failure_threshold = (int32_t)x;
	return true;
}

/* Seconds, at most what nanoseconds can hold (as the pod's own). */
static bool
probe_termination_grace(struct dctx *c, const struct field_at *at)
{
	struct handler_decode *hd = at->object;
	int64_t x;

	if (hd->type == PROBE_READINESS)
		err(c, field_key(at), at->path, "must not be set for readinessProbes");
	else if (d_int(c, at->value, at->path, 1, INT64_MAX / NS_PER_SEC, &x)) {
		hd->probe->has_termination_grace = true;
		hd->probe->termination_grace_ns = x * NS_PER_SEC;
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
static const struct field_table probe_fields = TABLE("Probe", probe_rows);

static void
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
		err(c, at->map, at->path, "must specify a handler type (one of exec, httpGet, "
		    "sleep)");
	spec_handler_default_host(hd->h, c->a);
	return true;
}

static const struct field hook_rows[] = {
	F("exec", action_exec), F("httpGet", action_http_get), F("tcpSocket", action_tcp_socket),
	F("sleep", action_sleep), RULE(hook_action_required),
};
static const struct field_table hook_fields = TABLE("LifecycleHandler", hook_rows);

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
			err(c, at->value, at->path, "unsupported value \"%s\": must be a signal "
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
static const struct field_table lifecycle_fields = TABLE("Lifecycle", lifecycle_rows);

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


/* Decoding a container's resources: the limits, which bound the requests. */
struct resources_decode {
	struct container_spec *ct;
	int64_t	 cpu_limit, memory_limit;	/* milli-units; -1 = none */
};

static bool
resources_limits(struct dctx *c, const struct field_at *at)
{
	struct resources_decode *rd = at->object;
	const struct ynode *lim = at->value;
	char q[PATHSZ];
	int64_t m;

	if (!want_map(c, lim, at->path))
		return true;
	for (size_t i = 0; i + 1 < lim->n; i += 2) {
		const struct ynode *k = lim->kids[i];
		if (k->kind != YNODE_SCALAR)
			continue;
		sub(q, at->path, k->str);
		if (!d_quantity(c, lim->kids[i + 1], q, &m))
			continue;
		if (strcmp(k->str, "cpu") == 0) {
			rd->cpu_limit = m;
			rd->ct->cpu_limit_milli = m;
		} else if (strcmp(k->str, "memory") == 0) {
			rd->memory_limit = m;
			rd->ct->memory_limit_bytes = m / 1000 + (m % 1000 != 0);
		} else {
			diag_add(c->d, DIAG_NOTE, k->line, k->col, q,
			    "resource limit ignored by podinit");
		}
	}
	return true;
}

static bool
resources_requests(struct dctx *c, const struct field_at *at)
{
	struct resources_decode *rd = at->object;
	const struct ynode *req = at->value;
	char q[PATHSZ];
	int64_t m;

	if (!want_map(c, req, at->path))
		return true;
	for (size_t i = 0; i + 1 < req->n; i += 2) {
		const struct ynode *k = req->kids[i];
		if (k->kind != YNODE_SCALAR)
			continue;
		sub(q, at->path, k->str);
		if (!d_quantity(c, req->kids[i + 1], q, &m))
			continue;
		/* K8S: ValidateResourceRequirements, request <= limit. */
		if (strcmp(k->str, "cpu") == 0 && rd->cpu_limit >= 0 && m > rd->cpu_limit)
			err(c, req->kids[i + 1], q, "must be less than or equal to cpu limit");
		else if (strcmp(k->str, "memory") == 0 && rd->memory_limit >= 0 &&
		    m > rd->memory_limit)
			err(c, req->kids[i + 1], q, "must be less than or equal to memory limit");
	}
	return true;
}

static const struct field resources_rows[] = {
	F("limits", resources_limits), F("requests", resources_requests), I("claims"),
};
static const struct field_table resources_fields = TABLE("ResourceRequirements",
    resources_rows);

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
static const struct field_table caps_fields = TABLE("Capabilities", caps_rows);

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
		err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
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
		err(c, at->map, at->path, "must be set when seccomp type is Localhost");
	} else if (s->seccomp != SECCOMP_LOCALHOST && prof != NULL) {
		err(c, field_key(at), at->path, "can only be set when seccomp type is "
		    "Localhost");
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
	return true;
}

static const struct field seccomp_rows[] = {
	F_ALWAYS("type", seccomp_type), F_ALWAYS("localhostProfile", seccomp_localhost_profile),
};
static const struct field_table seccomp_fields = TABLE("SeccompProfile", seccomp_rows);

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
		err(c, sd->escalation_key, at->path, "cannot set `allowPrivilegeEscalation` to "
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
	char q[PATHSZ];
	int64_t x;

	if (!want_seq(c, v, at->path))
		return true;
	s->supplemental_groups = arena_alloc(c->a, (v->n + 1) * sizeof(int64_t));
	for (size_t i = 0; s->supplemental_groups && i < v->n; i++)
		if (d_int(c, v->kids[i], subi(q, at->path, i), 0, INT32_MAX, &x))
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
	I("appArmorProfile"), I("procMount"), I("seLinuxOptions"), I("windowsOptions"),
};
static const struct field_table secctx_fields = TABLE("SecurityContext", secctx_rows);

static const struct field podsecctx_rows[] = {
	F("runAsUser", secctx_run_as_user), F("runAsGroup", secctx_run_as_group),
	F("runAsNonRoot", secctx_run_as_non_root),
	F("supplementalGroups", secctx_supplemental_groups), F("fsGroup", secctx_fs_group),
	F("seccompProfile", secctx_seccomp_profile), I("appArmorProfile"),
	I("fsGroupChangePolicy"), I("seLinuxChangePolicy"), I("seLinuxOptions"),
	I("supplementalGroupsPolicy"), I("sysctls"), I("windowsOptions"),
};
static const struct field_table podsecctx_fields = TABLE("PodSecurityContext",
    podsecctx_rows);

/* A container's securityContext (t = secctx_fields) or the pod's
 * (podsecctx_fields). */
static void
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

/* ---- containers ---- */

/* ContainerPort fields decode into a struct port_decode. */
struct port_decode {
	struct container_spec *ct;	/* the ports before this one */
	struct port_spec *ps;
};

static bool
port_container_port(struct dctx *c, const struct field_at *at)
{
	struct port_decode *pd = at->object;
	int64_t x;

	if (at->value == NULL)
		return required(c, at);
	if (!d_int(c, at->value, at->path, 1, 65535, &x))
		return false;
	pd->ps->container_port = (int)x;
	return true;
}

static bool
port_name(struct dctx *c, const struct field_at *at)
{
	struct port_decode *pd = at->object;
	struct port_spec *ps = pd->ps;
	const char *why;

	if (!d_str(c, at->value, at->path, &ps->name))
		return true;
	if ((why = port_name_problem(ps->name)) != NULL) {
		err(c, at->value, at->path, "invalid port name \"%s\": %s", ps->name, why);
		ps->name = NULL;
	}
	for (size_t j = 0; ps->name && j < pd->ct->n_ports; j++)
		if (pd->ct->ports[j].name && strcmp(pd->ct->ports[j].name, ps->name) == 0)
			err(c, at->value, at->path, "duplicate port name \"%s\"", ps->name);
	return true;
}

static bool
port_protocol(struct dctx *c, const struct field_at *at)
{
	struct port_spec *ps = ((struct port_decode *)at->object)->ps;

	ps->protocol = NULL;
	if (at->value && d_str(c, at->value, at->path, &ps->protocol) &&
	    strcmp(ps->protocol, "TCP") != 0 && strcmp(ps->protocol, "UDP") != 0 &&
	    strcmp(ps->protocol, "SCTP") != 0)
		err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
		    "\"SCTP\", \"TCP\", \"UDP\"", ps->protocol);
	if (ps->protocol == NULL)
		ps->protocol = arena_strdup(c->a, "TCP");
	return true;
}

static const struct field port_rows[] = {
	F_ALWAYS("containerPort", port_container_port), F("name", port_name),
	F_ALWAYS("protocol", port_protocol), I("hostPort"), I("hostIP"),
};
static const struct field_table port_fields = TABLE("ContainerPort", port_rows);

/* EnvVar fields decode into a struct env_decode; the list adds the
 * variable when every row was read. */
struct env_decode {
	char	*name;
	char	*value;			/* as written, NULL when absent */
	const struct ynode *value_node;
	const char *value_field;	/* the row's name, for the expansion's message */
};

static bool
env_name(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	if (at->value == NULL)
		return required(c, at);
	if (!d_str(c, at->value, at->path, &ed->name))
		return false;
	if (ed->name[0] == '\0' || strchr(ed->name, '=') != NULL) {
		err(c, at->value, at->path, "invalid environment variable name \"%s\"", ed->name);
		return false;
	}
	return true;
}

static bool
env_value(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	ed->value_node = at->value;
	ed->value_field = at->name;
	return at->value == NULL || d_str(c, at->value, at->path, &ed->value);
}

static const struct field valuefrom_rows[] = {
	I("fieldRef"), I("resourceFieldRef"), I("configMapKeyRef"), I("secretKeyRef"),
	I("fileKeyRef"),
};
static const struct field_table valuefrom_fields = TABLE("EnvVarSource", valuefrom_rows);

/* The variable is left out (false) either way. */
static bool
env_value_from(struct dctx *c, const struct field_at *at)
{
	struct env_decode *ed = at->object;

	if (ed->value && *ed->value) {
		err(c, field_key(at), at->path, "may not be specified when `value` is not empty");
		return false;
	}
	if (check_fields(c, at->value, at->path, &valuefrom_fields))
		warn(c, field_key(at), at->path, "cannot be resolved outside Kubernetes; %s is "
		    "not set", ed->name);
	return false;
}

static const struct field env_rows[] = {
	F_ALWAYS("name", env_name), F_ALWAYS("value", env_value), F("valueFrom", env_value_from),
};
static const struct field_table env_fields = TABLE("EnvVar", env_rows);

/* Decoding a container: the model, and what the argv is built from once
 * the env is known. */
struct container_decode {
	struct container_spec *ct;
	const struct ynode *name_key;
	const struct ynode *command, *args;	/* NULL when absent */
	const char *command_field, *args_field;	/* the rows' names, for messages */
	char	**cmd, **arg;
	size_t	 n_cmd, n_arg;
	bool	 argv_failed;		/* command or args is not a list of strings */
};

static bool
container_name(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	struct container_spec *ct = cd->ct;

	cd->name_key = field_key(at);	/* also when its value is null */
	if (at->value == NULL) {
		required(c, at);
		return true;
	}
	if (!d_str(c, at->value, at->path, &ct->name))
		return true;
	ct->mark.line = at->value->line;
	ct->mark.col = at->value->col;
	if (!dns_label_ok(ct->name))
		err(c, at->value, at->path, "invalid name \"%s\": a lowercase RFC 1123 label "
		    "must consist of lower case alphanumeric characters or '-', start and end "
		    "with an alphanumeric character, at most 63 characters", ct->name);
	return true;
}

static bool
container_restart_policy(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;
	char *rp;

	if (!ct->is_init)
		err(c, field_key(at), at->path, "may not be set for non-init containers");
	else if (d_str(c, at->value, at->path, &rp)) {
		if (strcmp(rp, "Always") == 0)
			ct->is_sidecar = true;
		else
			err(c, at->value, at->path, "unsupported value \"%s\": supported values: "
			    "\"Always\"", rp);
	}
	return true;
}

/* command and args are lists of strings; they are expanded into the argv
 * by container_argv, after the env. */
static bool
container_command(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;

	cd->command = at->value;
	cd->command_field = at->name;
	if (!d_strlist(c, at->value, at->path, &cd->cmd, &cd->n_cmd))
		cd->argv_failed = true;
	return true;
}

static bool
container_args(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;

	cd->args = at->value;
	cd->args_field = at->name;
	if (!d_strlist(c, at->value, at->path, &cd->arg, &cd->n_arg))
		cd->argv_failed = true;
	return true;
}

static bool
container_working_dir(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	if (d_str(c, at->value, at->path, &ct->working_dir) && ct->working_dir[0] == '\0')
		ct->working_dir = NULL;
	return true;
}

static bool
container_env(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;
	const struct ynode *n = at->value;
	char p[PATHSZ], q[PATHSZ];

	if (!want_seq(c, n, at->path))
		return true;
	ct->env = arena_alloc(c->a, (n->n + 1) * sizeof *ct->env);
	if (ct->env == NULL)
		return true;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *e = n->kids[i];
		struct env_decode ed = { 0 };
		char *val;
		size_t j;

		subi(p, at->path, i);
		if (!decode_object(c, e, p, &env_fields, &ed))
			continue;
		/* K8S: each value is expanded against the entries before it. */
		val = decode_expand(c->a, ed.value ? ed.value : "", ct->env, ct->n_env);
		if (val == NULL) {
			err(c, ed.value_node, sub(q, p, ed.value_field),
			    "$(VAR) expansion is too long");
			continue;
		}
		for (j = 0; j < ct->n_env; j++)
			if (strcmp(ct->env[j].name, ed.name) == 0)
				break;
		if (j < ct->n_env) {
			warn(c, e, p, "duplicate environment variable %s: the last value wins",
			    ed.name);
			ct->env[j].value = val;
			continue;
		}
		ct->env[ct->n_env].name = ed.name;
		ct->env[ct->n_env].value = val;
		ct->n_env++;
	}
	return true;
}

static bool
container_env_from(struct dctx *c, const struct field_at *at)
{
	warn(c, field_key(at), at->path, "cannot be resolved outside Kubernetes; ignored");
	return true;
}

static bool
container_ports(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;
	const struct ynode *n = at->value;
	char p[PATHSZ];

	if (!want_seq(c, n, at->path))
		return true;
	ct->ports = arena_alloc(c->a, (n->n + 1) * sizeof *ct->ports);
	if (ct->ports == NULL)
		return true;
	for (size_t i = 0; i < n->n; i++) {
		struct port_decode pd = { .ct = ct, .ps = &ct->ports[ct->n_ports] };

		if (decode_object(c, n->kids[i], subi(p, at->path, i), &port_fields, &pd))
			ct->n_ports++;
	}
	return true;
}

/* argv: expanded manifest command + expanded args; without command the
 * command line after "--" (verbatim) + expanded args. */
static bool
container_argv(struct dctx *c, const struct field_at *at)
{
	struct container_decode *cd = at->object;
	struct container_spec *ct = cd->ct;
	const struct ynode *what_at = cd->name_key ? cd->name_key : at->map;
	char p[PATHSZ];
	size_t ncli = 0, k = 0;

	if (cd->argv_failed)
		return true;
	for (size_t i = 0; i < cd->n_cmd; i++)
		if ((cd->cmd[i] = decode_expand(c->a, cd->cmd[i], ct->env, ct->n_env)) == NULL) {
			err(c, cd->command->kids[i], sub(p, at->path, cd->command_field),
			    "$(VAR) expansion is too long");
			return true;
		}
	for (size_t i = 0; i < cd->n_arg; i++)
		if ((cd->arg[i] = decode_expand(c->a, cd->arg[i], ct->env, ct->n_env)) == NULL) {
			err(c, cd->args->kids[i], sub(p, at->path, cd->args_field),
			    "$(VAR) expansion is too long");
			return true;
		}
	ct->has_command = cd->command != NULL && cd->n_cmd > 0;
	if (!ct->has_command && c->o->cli_argv)
		while (c->o->cli_argv[ncli])
			ncli++;
	if (!ct->has_command && ncli == 0) {
		const char *what = "no command: set `command` in the manifest or give one "
		    "after `--` (podinit cannot read the image's entrypoint)";
		if (c->o->check_only)
			warn(c, what_at, at->path, "%s", what);
		else
			err(c, what_at, at->path, "%s", what);
		return true;
	}
	size_t total = (ct->has_command ? cd->n_cmd : ncli) + cd->n_arg;
	ct->argv = arena_alloc(c->a, (total + 1) * sizeof *ct->argv);
	if (ct->argv == NULL)
		return true;
	if (ct->has_command)
		for (size_t i = 0; i < cd->n_cmd; i++)
			ct->argv[k++] = cd->cmd[i];
	else
		for (size_t i = 0; i < ncli; i++)
			ct->argv[k++] = arena_strdup(c->a, c->o->cli_argv[i]);
	for (size_t i = 0; i < cd->n_arg; i++)
		ct->argv[k++] = cd->arg[i];
	ct->argv[k] = NULL;
	ct->argc = k;
	return true;
}

/* Probes and lifecycle hooks run only in regular containers and sidecars:
 * false (and said) in a plain init container. */
static bool
hooks_allowed(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	if (ct->is_init && !ct->is_sidecar) {
		err(c, field_key(at), at->path,
		    "may not be set for init containers without restartPolicy=Always");
		return false;
	}
	return true;
}

static bool
container_probe(struct dctx *c, const struct field_at *at, enum probe_type t)
{
	if (hooks_allowed(c, at))
		d_probe(c, at->value, at->path, ((struct container_decode *)at->object)->ct, t);
	return true;
}

static bool
container_liveness_probe(struct dctx *c, const struct field_at *at)
{
	return container_probe(c, at, PROBE_LIVENESS);
}

static bool
container_readiness_probe(struct dctx *c, const struct field_at *at)
{
	return container_probe(c, at, PROBE_READINESS);
}

static bool
container_startup_probe(struct dctx *c, const struct field_at *at)
{
	return container_probe(c, at, PROBE_STARTUP);
}

static bool
container_lifecycle(struct dctx *c, const struct field_at *at)
{
	if (hooks_allowed(c, at))
		decode_object(c, at->value, at->path, &lifecycle_fields,
		    ((struct container_decode *)at->object)->ct);
	return true;
}

static bool
container_security_context(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	ct->has_security = true;
	d_secctx(c, at->value, at->path, &ct->security, &secctx_fields);
	return true;
}

static bool
container_resources(struct dctx *c, const struct field_at *at)
{
	struct resources_decode rd = {
		.ct = ((struct container_decode *)at->object)->ct,
		.cpu_limit = -1,
		.memory_limit = -1,
	};

	decode_object(c, at->value, at->path, &resources_fields, &rd);
	return true;
}

static bool
container_termination_message_path(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	if (at->value)
		d_str(c, at->value, at->path, &ct->termination_message_path);
	if (ct->termination_message_path == NULL || ct->termination_message_path[0] == '\0')
		ct->termination_message_path = arena_strdup(c->a, "/dev/termination-log");
	return true;
}

static bool
container_tty(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	d_bool(c, at->value, at->path, &ct->tty);
	return true;
}

static bool
container_stdin(struct dctx *c, const struct field_at *at)
{
	struct container_spec *ct = ((struct container_decode *)at->object)->ct;

	d_bool(c, at->value, at->path, &ct->stdin_open);
	return true;
}

/* restartPolicy (sidecar or not) before the probes and hooks, the env
 * and ports before what resolves against them. */
static const struct field container_rows[] = {
	F_ALWAYS("name", container_name), F("restartPolicy", container_restart_policy),
	F("command", container_command), F("args", container_args),
	F("workingDir", container_working_dir), F("env", container_env),
	I_WARN("envFrom", container_env_from), F("ports", container_ports),
	RULE(container_argv), F("livenessProbe", container_liveness_probe),
	F("readinessProbe", container_readiness_probe),
	F("startupProbe", container_startup_probe), F("lifecycle", container_lifecycle),
	F("securityContext", container_security_context),
	F("resources", container_resources),
	F_ALWAYS("terminationMessagePath", container_termination_message_path),
	F("tty", container_tty), F("stdin", container_stdin),
	I("image"), I("imagePullPolicy"), I("volumeMounts"), I("volumeDevices"),
	I("terminationMessagePolicy"), I("stdinOnce"), I("resizePolicy"),
	I("restartPolicyRules"),
};
static const struct field_table container_fields = TABLE("Container", container_rows);

static void
d_container(struct dctx *c, const struct ynode *n, const char *path, struct container_spec *ct,
    bool init)
{
	struct container_decode cd = { .ct = ct };

	spec_container_defaults(ct);
	ct->is_init = init;
	ct->mark.line = n->line;
	ct->mark.col = n->col;
	decode_object(c, n, path, &container_fields, &cd);
}

/* ---- pod spec, metadata, workloads, documents ---- */

/* PodSpec fields decode into a struct podspec_decode (the pod is c->pod):
 * the container lists are checked where they are written, and decoded
 * together, init containers first, once the pod's own fields are known. */
struct podspec_decode {
	const struct ynode *containers, *init;	/* NULL when absent or not a list */
	const char *containers_field, *init_field;	/* the rows' names, for paths */
};

static bool
pod_termination_grace(struct dctx *c, const struct field_at *at)
{
	int64_t x;

	if (d_int(c, at->value, at->path, 0, INT64_MAX / NS_PER_SEC, &x))
		c->pod->termination_grace_ns = x * NS_PER_SEC;
	return true;
}

static bool
pod_restart_policy(struct dctx *c, const struct field_at *at)
{
	static const char *const rps[] = { "Always", "OnFailure", "Never" };
	struct pod_spec *pod = c->pod;
	const struct ynode *v = at->value;
	char *rp;
	const char *sg;

	if (v == NULL) {
		if (c->kind->job)
			err(c, at->map, at->path, "required value: a Job's pod template must set "
			    "\"OnFailure\" or \"Never\"");
		return true;
	}
	if (!d_str(c, v, at->path, &rp))
		return true;
	if (strcmp(rp, "Always") == 0 && c->kind->job) {
		err(c, v, at->path, "unsupported value \"Always\": a Job's pod template "
		    "supports \"OnFailure\", \"Never\"");
	} else if (strcmp(rp, "Always") == 0) {
		pod->restart_policy = RESTART_ALWAYS;
	} else if (strcmp(rp, "OnFailure") == 0) {
		pod->restart_policy = RESTART_ON_FAILURE;
	} else if (strcmp(rp, "Never") == 0) {
		pod->restart_policy = RESTART_NEVER;
	} else {
		sg = decode_suggest(rp, rps, 3);
		err(c, v, at->path, "unsupported value \"%s\": supported values: \"Always\", "
		    "\"OnFailure\", \"Never\"%s%s%s", rp, sg ? "; did you mean " : "",
		    sg ? sg : "", sg ? "?" : "");
	}
	return true;
}

static bool
pod_security_context(struct dctx *c, const struct field_at *at)
{
	c->pod->has_security = true;
	d_secctx(c, at->value, at->path, &c->pod->security, &podsecctx_fields);
	return true;
}

static bool
pod_containers(struct dctx *c, const struct field_at *at)
{
	struct podspec_decode *pd = at->object;
	const struct ynode *cs = at->value;

	pd->containers_field = at->name;
	if (cs == NULL) {
		err(c, at->map, at->path, "required value: at least one container");
		return true;
	}
	if (!want_seq(c, cs, at->path))
		return true;
	if (cs->n == 0)
		err(c, cs, at->path, "required value: at least one container");
	pd->containers = cs;
	return true;
}

static bool
pod_init_containers(struct dctx *c, const struct field_at *at)
{
	struct podspec_decode *pd = at->object;

	pd->init_field = at->name;
	if (want_seq(c, at->value, at->path))
		pd->init = at->value;
	return true;
}

/* The containers and what they hold, in one prefaulted chunk: their
 * strings and arrays take about 17 bytes per YAML node under them. */
static bool
pod_decode_containers(struct dctx *c, const struct field_at *at)
{
	struct podspec_decode *pd = at->object;
	struct pod_spec *pod = c->pod;
	const struct ynode *ic = pd->init, *cs = pd->containers;
	size_t ni = ic ? ic->n : 0, nc = cs ? cs->n : 0;
	char p[PATHSZ], q[PATHSZ];

	arena_reserve(c->a, (ni + nc + 1) * sizeof *pod->containers +
	    ((ni ? ic->weight : 0) + (nc ? cs->weight : 0)) * (size_t)20);
	pod->containers = arena_alloc(c->a, (ni + nc + 1) * sizeof *pod->containers);
	if (pod->containers == NULL) {
		err(c, at->map, at->path, "out of memory");
		return false;
	}
	for (size_t i = 0; i < ni; i++)
		d_container(c, ic->kids[i], subi(q, sub(p, at->path, pd->init_field), i),
		    &pod->containers[i], true);
	for (size_t i = 0; i < nc; i++)
		d_container(c, cs->kids[i], subi(q, sub(p, at->path, pd->containers_field), i),
		    &pod->containers[ni + i], false);
	pod->n_init = ni;
	pod->n_containers = ni + nc;
	return true;
}

/* terminationGracePeriodSeconds before the containers (a sleep hook is
 * bounded by it). */
static const struct field podspec_rows[] = {
	F("terminationGracePeriodSeconds", pod_termination_grace),
	F_ALWAYS("restartPolicy", pod_restart_policy),
	F("securityContext", pod_security_context), F_ALWAYS("containers", pod_containers),
	F("initContainers", pod_init_containers), RULE(pod_decode_containers),
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
static const struct field_table podspec_fields = TABLE("PodSpec", podspec_rows);

static void
d_podspec(struct dctx *c, const struct ynode *n, const char *path)
{
	struct podspec_decode pd = { 0 };

	decode_object(c, n, path, &podspec_fields, &pd);
}

/* ObjectMeta fields decode into the pod_spec, or nowhere (NULL) for the
 * metadata of a template. */
static bool
meta_name(struct dctx *c, const struct field_at *at)
{
	struct pod_spec *pod = at->object;
	char *s;

	if (d_str(c, at->value, at->path, &s) && pod)
		pod->name = s;
	return true;
}

static bool
meta_namespace(struct dctx *c, const struct field_at *at)
{
	struct pod_spec *pod = at->object;
	char *s;

	if (d_str(c, at->value, at->path, &s) && pod)
		pod->namespace = s;
	return true;
}

static const struct field meta_rows[] = {
	F("name", meta_name), F("namespace", meta_namespace), I("labels"), I("annotations"),
	I("generateName"), I("uid"), I("resourceVersion"), I("generation"),
	I("creationTimestamp"), I("deletionTimestamp"), I("deletionGracePeriodSeconds"),
	I("ownerReferences"), I("finalizers"), I("managedFields"), I("selfLink"),
};
static const struct field_table meta_fields = TABLE("ObjectMeta", meta_rows);

/* The fields of PodTemplateSpec and JobTemplateSpec, and of the
 * workloads' specs, decode into nothing of their own (NULL). */
static bool
template_metadata(struct dctx *c, const struct field_at *at)
{
	decode_object(c, at->value, at->path, &meta_fields, NULL);
	return true;
}

static bool
template_spec(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL)
		return required(c, at);
	d_podspec(c, at->value, at->path);
	return true;
}

static const struct field template_rows[] = {
	F("metadata", template_metadata), F_ALWAYS("spec", template_spec),
};
static const struct field_table template_fields = TABLE("PodTemplateSpec", template_rows);

static bool
workload_template(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL)
		return required(c, at);
	decode_object(c, at->value, at->path, &template_fields, NULL);
	return true;
}

static const struct field deployment_rows[] = {
	F_ALWAYS("template", workload_template), I("replicas"), I("selector"), I("strategy"),
	I("minReadySeconds"), I("revisionHistoryLimit"), I("progressDeadlineSeconds"),
	I("paused"),
};
static const struct field_table deployment_fields = TABLE("DeploymentSpec", deployment_rows);

static const struct field statefulset_rows[] = {
	F_ALWAYS("template", workload_template), I("replicas"), I("selector"),
	I("serviceName"), I("volumeClaimTemplates"), I("podManagementPolicy"),
	I("updateStrategy"), I("revisionHistoryLimit"), I("minReadySeconds"),
	I("persistentVolumeClaimRetentionPolicy"), I("ordinals"),
};
static const struct field_table statefulset_fields = TABLE("StatefulSetSpec",
    statefulset_rows);

static const struct field daemonset_rows[] = {
	F_ALWAYS("template", workload_template), I("selector"), I("updateStrategy"),
	I("minReadySeconds"), I("revisionHistoryLimit"),
};
static const struct field_table daemonset_fields = TABLE("DaemonSetSpec", daemonset_rows);

static const struct field replicaset_rows[] = {
	F_ALWAYS("template", workload_template), I("replicas"), I("selector"),
	I("minReadySeconds"),
};
static const struct field_table replicaset_fields = TABLE("ReplicaSetSpec", replicaset_rows);

static const struct field job_rows[] = {
	F_ALWAYS("template", workload_template), I("parallelism"), I("completions"),
	I("activeDeadlineSeconds"), I("podFailurePolicy"), I("successPolicy"),
	I("backoffLimit"), I("backoffLimitPerIndex"), I("maxFailedIndexes"), I("selector"),
	I("manualSelector"), I("ttlSecondsAfterFinished"), I("completionMode"),
	I("suspend"), I("podReplacementPolicy"), I("managedBy"),
};
static const struct field_table job_fields = TABLE("JobSpec", job_rows);

static bool
job_template_spec(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL)
		return required(c, at);
	decode_object(c, at->value, at->path, &job_fields, NULL);
	return true;
}

static const struct field jobtemplate_rows[] = {
	F("metadata", template_metadata), F_ALWAYS("spec", job_template_spec),
};
static const struct field_table jobtemplate_fields = TABLE("JobTemplateSpec",
    jobtemplate_rows);

static bool
cronjob_job_template(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL)
		return required(c, at);
	decode_object(c, at->value, at->path, &jobtemplate_fields, NULL);
	return true;
}

static const struct field cronjob_rows[] = {
	F_ALWAYS("jobTemplate", cronjob_job_template), I("schedule"), I("timeZone"),
	I("startingDeadlineSeconds"), I("concurrencyPolicy"), I("suspend"),
	I("successfulJobsHistoryLimit"), I("failedJobsHistoryLimit"),
};
static const struct field_table cronjob_fields = TABLE("CronJobSpec", cronjob_rows);

static const struct kind_desc kinds[] = {
	{ "Pod", "v1", NULL, "spec", false },
	{ "Deployment", "apps/v1", &deployment_fields, "spec.template.spec", false },
	{ "StatefulSet", "apps/v1", &statefulset_fields, "spec.template.spec", false },
	{ "DaemonSet", "apps/v1", &daemonset_fields, "spec.template.spec", false },
	{ "ReplicaSet", "apps/v1", &replicaset_fields, "spec.template.spec", false },
	{ "Job", "batch/v1", &job_fields, "spec.template.spec", true },
	{ "CronJob", "batch/v1", &cronjob_fields, "spec.jobTemplate.spec.template.spec", true },
};

/* The document's fields; the kind is c->kind, the object NULL. */
static bool
document_api_version(struct dctx *c, const struct field_at *at)
{
	const struct kind_desc *kd = c->kind;
	const struct ynode *v = at->value;

	if (v == NULL)
		warn(c, at->map, at->path, "not set (kubectl requires apiVersion: %s)", kd->api);
	else if (v->kind != YNODE_SCALAR || strcmp(v->str, kd->api) != 0)
		warn(c, v, at->path, "%s is %s in Kubernetes, not %s", kd->kind, kd->api,
		    v->kind == YNODE_SCALAR ? v->str : ynode_describe(v));
	return true;
}

/* The document was chosen by its kind (decode_pod). */
static bool
document_kind(struct dctx *c, const struct field_at *at)
{
	(void)at;
	c->pod->kind = arena_strdup(c->a, c->kind->kind);
	return true;
}

static bool
document_metadata(struct dctx *c, const struct field_at *at)
{
	decode_object(c, at->value, at->path, &meta_fields, c->pod);
	return true;
}

static bool
document_spec(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL)
		return required(c, at);
	if (c->kind->fields == NULL)
		d_podspec(c, at->value, at->path);
	else
		decode_object(c, at->value, at->path, c->kind->fields, NULL);
	return true;
}

static const struct field object_rows[] = {
	F_ALWAYS("apiVersion", document_api_version), F("kind", document_kind),
	F("metadata", document_metadata), F_ALWAYS("spec", document_spec), I("status"),
};
static const struct field_table object_fields = TABLE("Document", object_rows);

/* Every field list, for decode_field_rows. */
static const struct field_table *const field_tables[] = {
	&object_fields, &meta_fields, &podspec_fields, &container_fields, &probe_fields,
	&lifecycle_fields, &hook_fields, &exec_fields, &http_fields, &header_fields,
	&tcp_fields, &grpc_fields, &sleep_fields, &port_fields, &env_fields,
	&valuefrom_fields, &resources_fields, &secctx_fields, &podsecctx_fields,
	&caps_fields, &seccomp_fields, &template_fields, &deployment_fields,
	&statefulset_fields, &daemonset_fields, &replicaset_fields, &job_fields,
	&cronjob_fields, &jobtemplate_fields,
};

size_t
decode_field_rows(struct decode_field_row *out, size_t max)
{
	size_t n = 0;

	for (size_t t = 0; t < NELEM(field_tables); t++)
		for (size_t i = 0; i < field_tables[t]->n; i++) {
			const struct field *f = &field_tables[t]->rows[i];
			if (f->name == NULL)
				continue;
			if (n < max) {
				out[n].type = field_tables[t]->type;
				out[n].name = f->name;
				out[n].ignored = f->ignored;
				out[n].decoded = f->decode != NULL;
			}
			n++;
		}
	return n;
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

int
decode_pod(const struct ydocs *docs, const struct decode_opts *o, struct pod_spec *pod,
    const char **pod_path, struct diag_list *d)
{
	struct dctx c = { .d = d, .pod = pod, .o = o };
	size_t errs = d->n_errors;
	const struct ynode *chosen = NULL;
	const struct kind_desc *kd = NULL;
	const char *knames[NELEM(kinds)];

	for (size_t i = 0; i < NELEM(kinds); i++)
		knames[i] = kinds[i].kind;
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
	c.kind = kd;
	decode_object(&c, chosen, "", &object_fields, NULL);
	if (pod->name == NULL)
		pod->name = arena_strdup(c.a, "podinit");
	if (pod->namespace == NULL)
		pod->namespace = arena_strdup(c.a, "default");
	return d->n_errors == errs ? 0 : -1;
}
