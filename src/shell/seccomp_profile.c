/* seccomp_profile: OCI/Docker seccomp JSON profiles decoded with libyaml
 * (JSON is YAML's flow syntax, and libyaml gives line and column for every
 * error), and any profile compiled to classic BPF with libseccomp.  The
 * export goes through a memfd because libseccomp 2.5.4 only exports to an
 * fd.  The child loads the result with one prctl(); see secctx.c. */
#include "podinit/seccomp_profile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/filter.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <yaml.h>

#include "podinit/caps.h"
#include "podinit/fdx.h"
#include "podinit/strconv.h"

#define MAX_DEPTH	32
#define TREE_LIMIT	((size_t)64 << 20)	/* arena bytes for one document */

/* ---- a tiny document tree, kept private: just what a profile needs ---- */

enum jkind { J_SCALAR, J_SEQ, J_MAP };

struct jnode {
	enum jkind kind;
	int	 line, col;		/* 1-based */
	char	*str;			/* scalar text */
	bool	 plain;			/* unquoted scalar: may be null/number */
	struct jnode *first, *last;	/* children; a map alternates key, value */
	struct jnode *next;
};

struct jparse {
	yaml_parser_t yp;
	struct arena *a;
	char	*err;
	size_t	 errsz;
};

static void
jerr(struct jparse *jp, int line, int col, const char *msg)
{
	snprintf(jp->err, jp->errsz, "%d:%d: %s", line, col, msg);
}

static struct jnode *
jnew(struct jparse *jp, enum jkind k, const yaml_mark_t *m)
{
	struct jnode *n = arena_alloc(jp->a, sizeof *n);

	if (n == NULL) {
		jerr(jp, (int)m->line + 1, (int)m->column + 1, "document too large");
		return NULL;
	}
	n->kind = k;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	return n;
}

static bool
jnext(struct jparse *jp, yaml_event_t *ev)
{
	if (yaml_parser_parse(&jp->yp, ev))
		return true;
	jerr(jp, (int)jp->yp.problem_mark.line + 1, (int)jp->yp.problem_mark.column + 1,
	    jp->yp.problem ? jp->yp.problem : "syntax error");
	return false;
}

/* Build the node that starts with *ev (already parsed; consumed here). */
static struct jnode *
jbuild(struct jparse *jp, yaml_event_t *ev, int depth)
{
	struct jnode *n = NULL, *kid;
	yaml_event_type_t end;
	yaml_event_t sub;

	if (depth > MAX_DEPTH) {
		jerr(jp, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1, "nesting too deep");
		goto out;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if ((n = jnew(jp, J_SCALAR, &ev->start_mark)) == NULL)
			goto out;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length) != NULL) {
			jerr(jp, n->line, n->col, "NUL byte in string");
			n = NULL;
			goto out;
		}
		n->str = arena_strndup(jp->a, (const char *)ev->data.scalar.value, ev->data.scalar.length);
		if (n->str == NULL) {
			jerr(jp, n->line, n->col, "document too large");
			n = NULL;
		}
		goto out;
	case YAML_ALIAS_EVENT:
		jerr(jp, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
		    "YAML aliases are not allowed in a seccomp profile");
		goto out;
	case YAML_SEQUENCE_START_EVENT:
		n = jnew(jp, J_SEQ, &ev->start_mark);
		end = YAML_SEQUENCE_END_EVENT;
		break;
	case YAML_MAPPING_START_EVENT:
		n = jnew(jp, J_MAP, &ev->start_mark);
		end = YAML_MAPPING_END_EVENT;
		break;
	default:
		jerr(jp, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1, "unexpected token");
		goto out;
	}
	yaml_event_delete(ev);
	if (n == NULL)
		return NULL;
	for (;;) {
		if (!jnext(jp, &sub))
			return NULL;
		if (sub.type == end) {
			yaml_event_delete(&sub);
			return n;
		}
		if ((kid = jbuild(jp, &sub, depth + 1)) == NULL)
			return NULL;
		if (n->last)
			n->last->next = kid;
		else
			n->first = kid;
		n->last = kid;
	}
out:
	yaml_event_delete(ev);
	return n;
}

static struct jnode *
jparse_doc(struct jparse *jp, const char *data, size_t len)
{
	yaml_event_t ev;
	struct jnode *root = NULL;

	if (!yaml_parser_initialize(&jp->yp)) {
		snprintf(jp->err, jp->errsz, "out of memory");
		return NULL;
	}
	yaml_parser_set_input_string(&jp->yp, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&jp->yp, YAML_UTF8_ENCODING);
	for (;;) {
		if (!jnext(jp, &ev))
			goto done;
		if (ev.type == YAML_STREAM_START_EVENT || ev.type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			jerr(jp, 1, 1, "empty profile");
			goto done;
		}
		break;
	}
	root = jbuild(jp, &ev, 0);
done:
	yaml_parser_delete(&jp->yp);
	return root;
}

/* ---- decoding the tree into the model ---- */

struct dec {
	struct seccomp_profile *p;
	char	*err;
	size_t	 errsz;
};

static int
derr(struct dec *d, const struct jnode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
derr(struct dec *d, const struct jnode *n, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(d->err, d->errsz, "%d:%d: %s", n->line, n->col, msg);
	return -1;
}

static void
notice(struct seccomp_profile *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
notice(struct seccomp_profile *p, const char *fmt, ...)
{
	va_list ap;

	if (p->n_notices >= SECCOMP_PROFILE_MAX_NOTICES)
		return;
	va_start(ap, fmt);
	vsnprintf(p->notices[p->n_notices++], sizeof p->notices[0], fmt, ap);
	va_end(ap);
}

static bool
is_null(const struct jnode *n)
{
	return n->kind == J_SCALAR && n->plain &&
	    (strcmp(n->str, "null") == 0 || strcmp(n->str, "~") == 0 || n->str[0] == '\0');
}

static int
want_string(struct dec *d, const struct jnode *n, const char *field)
{
	if (n->kind != J_SCALAR || is_null(n))
		return derr(d, n, "%s: expected a string", field);
	return 0;
}

static int
want_u64(struct dec *d, const struct jnode *n, const char *field, uint64_t max, uint64_t *out)
{
	char *end;

	if (n->kind != J_SCALAR || n->str[0] < '0' || n->str[0] > '9')
		return derr(d, n, "%s: expected a non-negative integer", field);
	errno = 0;
	*out = strtoull(n->str, &end, 10);
	if (errno || *end != '\0' || *out > max)
		return derr(d, n, "%s: \"%s\" is not an integer in 0..%" PRIu64, field, n->str, max);
	return 0;
}

/* Iterate a sequence; null counts as empty (Go's json does the same). */
static int
want_seq(struct dec *d, const struct jnode *n, const char *field)
{
	if (is_null(n) || n->kind == J_SEQ)
		return 0;
	return derr(d, n, "%s: expected a list", field);
}

static int
want_map(struct dec *d, const struct jnode *n, const char *field)
{
	if (n->kind == J_MAP)
		return 0;
	return derr(d, n, "%s: expected an object", field);
}

static int
seq_len(const struct jnode *n)
{
	int c = 0;

	if (n->kind != J_SEQ)
		return 0;
	for (const struct jnode *k = n->first; k; k = k->next)
		c++;
	return c;
}

/* "SCMP_ARCH_X86_64" -> SCMP_ARCH_X86_64; 0 when unknown. */
static uint32_t
arch_token(const char *s)
{
	char low[32];
	size_t i;

	if (strncmp(s, "SCMP_ARCH_", 10) != 0 || strlen(s) >= 10 + sizeof low)
		return 0;
	s += 10;
	for (i = 0; i < sizeof low - 1 && s[i]; i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	low[i] = '\0';
	return seccomp_arch_resolve_name(low);
}

/* Docker's includes/excludes name arches as Go's GOARCH does. */
static uint32_t
goarch_token(const char *s)
{
	static const struct { const char *go, *scmp; } map[] = {
		{ "amd64", "x86_64" }, { "386", "x86" }, { "arm64", "aarch64" },
		{ "mips64le", "mipsel64" }, { "mipsle", "mipsel" },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(s, map[i].go) == 0)
			return seccomp_arch_resolve_name(map[i].scmp);
	return seccomp_arch_resolve_name(s);
}

static int
add_arch(struct dec *d, const struct jnode *n)
{
	uint32_t a;

	if (want_string(d, n, "architectures") == -1)
		return -1;
	if ((a = arch_token(n->str)) == 0)
		return derr(d, n, "unknown architecture \"%s\"", n->str);
	for (size_t i = 0; i < d->p->n_arches; i++)
		if (d->p->arches[i] == a)
			return 0;
	if (d->p->n_arches >= SECCOMP_PROFILE_MAX_ARCHES)
		return derr(d, n, "too many architectures");
	d->p->arches[d->p->n_arches++] = a;
	return 0;
}

/* archMap (Docker): the native entry and its subArchitectures. */
static int
decode_arch_map(struct dec *d, const struct jnode *n)
{
	uint32_t native = seccomp_arch_native();

	if (want_seq(d, n, "archMap") == -1)
		return -1;
	for (const struct jnode *e = n->kind == J_SEQ ? n->first : NULL; e; e = e->next) {
		const struct jnode *arch = NULL, *subs = NULL;
		if (want_map(d, e, "archMap entry") == -1)
			return -1;
		for (const struct jnode *k = e->first; k && k->next; k = k->next->next) {
			if (strcmp(k->str, "architecture") == 0)
				arch = k->next;
			else if (strcmp(k->str, "subArchitectures") == 0)
				subs = k->next;
		}
		if (arch == NULL)
			return derr(d, e, "archMap entry: missing \"architecture\"");
		if (want_string(d, arch, "architecture") == -1)
			return -1;
		if (arch_token(arch->str) == 0)
			return derr(d, arch, "unknown architecture \"%s\"", arch->str);
		if (arch_token(arch->str) != native)
			continue;
		if (add_arch(d, arch) == -1)
			return -1;
		if (subs && want_seq(d, subs, "subArchitectures") == -1)
			return -1;
		for (const struct jnode *s = subs && subs->kind == J_SEQ ? subs->first : NULL; s; s = s->next)
			if (add_arch(d, s) == -1)
				return -1;
	}
	return 0;
}

/* The action names of the OCI runtime spec.  errno_ret < 0: not given. */
static int
decode_action(struct dec *d, const struct jnode *n, int64_t errno_ret, uint32_t *out)
{
	uint32_t e = errno_ret < 0 ? EPERM : (uint32_t)errno_ret;

	if (want_string(d, n, "action") == -1)
		return -1;
	if (strcmp(n->str, "SCMP_ACT_ALLOW") == 0)
		*out = SCMP_ACT_ALLOW;
	else if (strcmp(n->str, "SCMP_ACT_ERRNO") == 0)
		*out = SCMP_ACT_ERRNO(e);
	else if (strcmp(n->str, "SCMP_ACT_KILL") == 0 || strcmp(n->str, "SCMP_ACT_KILL_THREAD") == 0)
		*out = SCMP_ACT_KILL_THREAD;
	else if (strcmp(n->str, "SCMP_ACT_KILL_PROCESS") == 0)
		*out = SCMP_ACT_KILL_PROCESS;
	else if (strcmp(n->str, "SCMP_ACT_TRAP") == 0)
		*out = SCMP_ACT_TRAP;
	else if (strcmp(n->str, "SCMP_ACT_LOG") == 0)
		*out = SCMP_ACT_LOG;
	else if (strcmp(n->str, "SCMP_ACT_TRACE") == 0)
		*out = SCMP_ACT_TRACE(e);
	else if (strcmp(n->str, "SCMP_ACT_NOTIFY") == 0)
		return derr(d, n, "action SCMP_ACT_NOTIFY needs a seccomp agent; podinit does not support it");
	else
		return derr(d, n, "unknown action \"%s\"", n->str);
	return 0;
}

static int
decode_op(struct dec *d, const struct jnode *n, enum sp_op *out)
{
	static const char *const names[] = {
		[SP_OP_NE] = "SCMP_CMP_NE", [SP_OP_LT] = "SCMP_CMP_LT", [SP_OP_LE] = "SCMP_CMP_LE",
		[SP_OP_EQ] = "SCMP_CMP_EQ", [SP_OP_GE] = "SCMP_CMP_GE", [SP_OP_GT] = "SCMP_CMP_GT",
		[SP_OP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
	};

	if (want_string(d, n, "op") == -1)
		return -1;
	for (int i = SP_OP_NE; i <= SP_OP_MASKED_EQ; i++)
		if (strcmp(n->str, names[i]) == 0) {
			*out = (enum sp_op)i;
			return 0;
		}
	return derr(d, n, "unknown comparison op \"%s\"", n->str);
}

static int
decode_arg(struct dec *d, const struct jnode *n, struct sp_arg *a)
{
	bool has_index = false, has_op = false;
	uint64_t v = 0;

	if (want_map(d, n, "args entry") == -1)
		return -1;
	for (const struct jnode *k = n->first; k && k->next; k = k->next->next) {
		const struct jnode *val = k->next;
		if (strcmp(k->str, "index") == 0) {
			if (want_u64(d, val, "index", 5, &v) == -1)
				return -1;
			a->index = (unsigned)v;
			has_index = true;
		} else if (strcmp(k->str, "value") == 0) {
			if (want_u64(d, val, "value", UINT64_MAX, &a->value) == -1)
				return -1;
		} else if (strcmp(k->str, "valueTwo") == 0) {
			if (want_u64(d, val, "valueTwo", UINT64_MAX, &a->value_two) == -1)
				return -1;
		} else if (strcmp(k->str, "op") == 0) {
			if (decode_op(d, val, &a->op) == -1)
				return -1;
			has_op = true;
		}
	}
	if (!has_index)
		return derr(d, n, "args entry: missing \"index\"");
	if (!has_op)
		return derr(d, n, "args entry: missing \"op\"");
	return 0;
}

static int
decode_filter(struct dec *d, const struct jnode *n, struct sp_rule *r, bool include)
{
	const char *what = include ? "includes" : "excludes";

	if (is_null(n))
		return 0;
	if (want_map(d, n, what) == -1)
		return -1;
	for (const struct jnode *k = n->first; k && k->next; k = k->next->next) {
		const struct jnode *val = k->next;
		if (strcmp(k->str, "caps") == 0) {
			if (want_seq(d, val, "caps") == -1)
				return -1;
			for (const struct jnode *c = val->kind == J_SEQ ? val->first : NULL; c; c = c->next) {
				int cap;
				if (want_string(d, c, "caps") == -1)
					return -1;
				if ((cap = caps_from_name(c->str)) < 0) {
					/* runtimes compare names: an unknown one never matches */
					if (include)
						r->inc_impossible = true;
					continue;
				}
				if (include)
					r->inc_caps |= UINT64_C(1) << cap;
				else
					r->exc_caps |= UINT64_C(1) << cap;
			}
		} else if (strcmp(k->str, "arches") == 0) {
			uint32_t *arr;
			size_t i = 0;
			if (want_seq(d, val, "arches") == -1)
				return -1;
			arr = arena_alloc(&d->p->arena, sizeof *arr * (size_t)(seq_len(val) + 1));
			if (arr == NULL)
				return derr(d, val, "profile too large");
			for (const struct jnode *c = val->kind == J_SEQ ? val->first : NULL; c; c = c->next) {
				if (want_string(d, c, "arches") == -1)
					return -1;
				arr[i++] = goarch_token(c->str);	/* 0 never matches */
			}
			if (include) {
				r->inc_arches = arr;
				r->n_inc_arches = i;
			} else {
				r->exc_arches = arr;
				r->n_exc_arches = i;
			}
		} else if (strcmp(k->str, "minKernel") == 0) {
			int maj, min;
			char tail;
			if (want_string(d, val, "minKernel") == -1)
				return -1;
			if (sscanf(val->str, "%d.%d%c", &maj, &min, &tail) != 2 || maj < 0 || min < 0)
				return derr(d, val, "minKernel: \"%s\" is not \"major.minor\"", val->str);
			if (include) {
				r->min_kernel[0] = maj;
				r->min_kernel[1] = min;
			}
		}
	}
	return 0;
}

static int
decode_rule(struct dec *d, const struct jnode *n, struct sp_rule *r)
{
	const struct jnode *action = NULL, *names = NULL, *name = NULL, *args = NULL;
	int64_t errno_ret = -1;
	const char **nv;
	struct sp_arg *av;
	size_t i;
	uint64_t v = 0;

	if (want_map(d, n, "syscalls entry") == -1)
		return -1;
	r->line = n->line;
	r->col = n->col;
	for (const struct jnode *k = n->first; k && k->next; k = k->next->next) {
		const struct jnode *val = k->next;
		if (strcmp(k->str, "names") == 0)
			names = val;
		else if (strcmp(k->str, "name") == 0)
			name = val;
		else if (strcmp(k->str, "action") == 0)
			action = val;
		else if (strcmp(k->str, "args") == 0)
			args = val;
		else if (strcmp(k->str, "errnoRet") == 0) {
			if (want_u64(d, val, "errnoRet", 4095, &v) == -1)
				return -1;
			errno_ret = (int64_t)v;
		} else if (strcmp(k->str, "includes") == 0) {
			if (decode_filter(d, val, r, true) == -1)
				return -1;
		} else if (strcmp(k->str, "excludes") == 0) {
			if (decode_filter(d, val, r, false) == -1)
				return -1;
		}
	}
	if (action == NULL)
		return derr(d, n, "syscalls entry: missing \"action\"");
	if (decode_action(d, action, errno_ret, &r->action) == -1)
		return -1;
	if (names && want_seq(d, names, "names") == -1)
		return -1;
	if (name && want_string(d, name, "name") == -1)
		return -1;
	nv = arena_alloc(&d->p->arena, sizeof *nv * (size_t)((names ? seq_len(names) : 0) + 2));
	if (nv == NULL)
		return derr(d, n, "profile too large");
	i = 0;
	if (name)
		nv[i++] = name->str;
	for (const struct jnode *c = names && names->kind == J_SEQ ? names->first : NULL; c; c = c->next) {
		if (want_string(d, c, "names") == -1)
			return -1;
		nv[i++] = c->str;
	}
	if (i == 0)
		return derr(d, n, "syscalls entry: no \"names\"");
	r->names = nv;
	r->n_names = i;
	if (args) {
		if (want_seq(d, args, "args") == -1)
			return -1;
		if (seq_len(args) > 6)
			return derr(d, args, "args: at most 6 comparisons");
		av = arena_alloc(&d->p->arena, sizeof *av * 6);
		if (av == NULL)
			return derr(d, n, "profile too large");
		i = 0;
		for (const struct jnode *c = args->kind == J_SEQ ? args->first : NULL; c; c = c->next)
			if (decode_arg(d, c, &av[i++]) == -1)
				return -1;
		r->args = av;
		r->n_args = i;
	}
	return 0;
}

static int
decode_profile(struct dec *d, const struct jnode *root)
{
	const struct jnode *def = NULL, *arches = NULL, *archmap = NULL, *calls = NULL;
	int64_t def_errno = -1;
	struct sp_rule *rules;
	uint64_t v = 0;
	size_t i;

	if (root->kind != J_MAP)
		return derr(d, root, "a seccomp profile is a JSON object");
	for (const struct jnode *k = root->first; k; k = k->next ? k->next->next : NULL) {
		const struct jnode *val = k->next;
		if (k->kind != J_SCALAR)
			return derr(d, k, "object keys must be strings");
		if (val == NULL)
			return derr(d, k, "missing value");
		if (strcmp(k->str, "defaultAction") == 0)
			def = val;
		else if (strcmp(k->str, "defaultErrnoRet") == 0) {
			if (want_u64(d, val, "defaultErrnoRet", 4095, &v) == -1)
				return -1;
			def_errno = (int64_t)v;
		} else if (strcmp(k->str, "architectures") == 0)
			arches = val;
		else if (strcmp(k->str, "archMap") == 0)
			archmap = val;
		else if (strcmp(k->str, "syscalls") == 0)
			calls = val;
		else if (strcmp(k->str, "listenerPath") == 0) {
			if (!is_null(val) && !(val->kind == J_SCALAR && val->str[0] == '\0'))
				return derr(d, val, "listenerPath: seccomp notify agents are not supported");
		} else if (strcmp(k->str, "flags") == 0) {
			if (want_seq(d, val, "flags") == -1)
				return -1;
			if (seq_len(val) > 0)
				notice(d->p, "seccomp flags are ignored");
		} else if (strcmp(k->str, "listenerMetadata") != 0 && strcmp(k->str, "comment") != 0)
			/* Go's encoding/json ignores unknown fields; so do we, aloud */
			notice(d->p, "%d:%d: unknown field \"%s\" ignored", k->line, k->col, k->str);
	}
	if (def == NULL)
		return derr(d, root, "missing \"defaultAction\"");
	if (decode_action(d, def, def_errno, &d->p->default_action) == -1)
		return -1;
	if (arches) {
		if (want_seq(d, arches, "architectures") == -1)
			return -1;
		for (const struct jnode *a = arches->kind == J_SEQ ? arches->first : NULL; a; a = a->next)
			if (add_arch(d, a) == -1)
				return -1;
	}
	/* Docker's archMap is only used when architectures is absent */
	if (archmap && d->p->n_arches == 0 && decode_arch_map(d, archmap) == -1)
		return -1;
	if (calls == NULL)
		return 0;
	if (want_seq(d, calls, "syscalls") == -1)
		return -1;
	rules = arena_alloc(&d->p->arena, sizeof *rules * (size_t)(seq_len(calls) + 1));
	if (rules == NULL)
		return derr(d, calls, "profile too large");
	i = 0;
	for (const struct jnode *c = calls->kind == J_SEQ ? calls->first : NULL; c; c = c->next)
		if (decode_rule(d, c, &rules[i++]) == -1)
			return -1;
	d->p->rules = rules;
	d->p->n_rules = i;
	return 0;
}

/* Keys must be scalars and come in pairs; checked once so the decoders
 * above can walk maps as key, value, key, value. */
static int
check_maps(struct dec *d, const struct jnode *n)
{
	for (const struct jnode *k = n->first; k; k = k->next) {
		if (n->kind == J_MAP) {
			if (k->kind != J_SCALAR)
				return derr(d, k, "object keys must be strings");
			if (k->next == NULL)
				return derr(d, k, "missing value");
			k = k->next;
		}
		if (check_maps(d, k) == -1)
			return -1;
	}
	return 0;
}

struct seccomp_profile *
seccomp_profile_parse_buffer(const char *data, size_t len, char *err, size_t errsz)
{
	struct seccomp_profile *p;
	struct jparse jp = { .err = err, .errsz = errsz };
	struct dec d = { .err = err, .errsz = errsz };
	struct jnode *root;

	if (len > SECCOMP_PROFILE_MAX_BYTES) {
		snprintf(err, errsz, "profile larger than %d bytes", SECCOMP_PROFILE_MAX_BYTES);
		return NULL;
	}
	if ((p = calloc(1, sizeof *p)) == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	/* one arena for the tree and the model: the model points into the
	 * tree's strings, and the nodes are a small price to keep */
	p->arena.limit = TREE_LIMIT;
	jp.a = &p->arena;
	d.p = p;
	root = jparse_doc(&jp, data, len);
	if (root == NULL || check_maps(&d, root) == -1 || decode_profile(&d, root) == -1) {
		seccomp_profile_free(p);
		p = NULL;
	}
	return p;
}

struct seccomp_profile *
seccomp_profile_load(const char *path, char *err, size_t errsz)
{
	struct seccomp_profile *p;
	char msg[256], *data;
	struct stat st;
	ssize_t n;
	int fd;

	/* O_NONBLOCK: a FIFO (or a device) named as a profile must not hang
	 * podinit's start-up; fstat below refuses anything but a file */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) == -1) {
		snprintf(err, errsz, "seccomp profile %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		snprintf(err, errsz, "seccomp profile %s: %s", path,
		    S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
		close(fd);
		return NULL;
	}
	if (st.st_size > SECCOMP_PROFILE_MAX_BYTES) {
		snprintf(err, errsz, "seccomp profile %s: larger than %d bytes", path, SECCOMP_PROFILE_MAX_BYTES);
		close(fd);
		return NULL;
	}
	if ((data = malloc((size_t)st.st_size + 1)) == NULL) {
		snprintf(err, errsz, "seccomp profile %s: out of memory", path);
		close(fd);
		return NULL;
	}
	n = fdx_read_full(fd, data, (size_t)st.st_size);
	close(fd);
	if (n == -1) {
		snprintf(err, errsz, "seccomp profile %s: %s", path, strerror(errno));
		free(data);
		return NULL;
	}
	p = seccomp_profile_parse_buffer(data, (size_t)n, msg, sizeof msg);
	free(data);
	if (p == NULL)
		snprintf(err, errsz, "%s:%s", path, msg);
	return p;
}

void
seccomp_profile_free(struct seccomp_profile *p)
{
	if (p == NULL)
		return;
	arena_free(&p->arena);
	free(p);
}

/* ---- compiling ---- */

static bool
kernel_at_least(int maj, int min)
{
	static int kmaj = -1, kmin;
	struct utsname u;

	if (kmaj < 0) {
		kmaj = 0;
		kmin = 0;
		if (uname(&u) == 0 && sscanf(u.release, "%d.%d", &kmaj, &kmin) != 2)
			kmaj = kmin = 0;
	}
	return kmaj > maj || (kmaj == maj && kmin >= min);
}

static bool
arch_in(const uint32_t *a, size_t n, uint32_t arch)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] == arch)
			return true;
	return false;
}

/* Docker's includes/excludes: caps are all-of for includes, any-of for
 * excludes; arches any-of (compared with the native arch). */
static bool
rule_applies(const struct sp_rule *r, uint64_t caps)
{
	uint32_t native = seccomp_arch_native();

	if (r->inc_impossible || (r->inc_caps & caps) != r->inc_caps)
		return false;
	if (r->n_inc_arches && !arch_in(r->inc_arches, r->n_inc_arches, native))
		return false;
	if ((r->min_kernel[0] || r->min_kernel[1]) && !kernel_at_least(r->min_kernel[0], r->min_kernel[1]))
		return false;
	if (r->exc_caps & caps)
		return false;
	if (r->n_exc_arches && arch_in(r->exc_arches, r->n_exc_arches, native))
		return false;
	return true;
}

static void
append_skipped(char *s, size_t sz, const char *name)
{
	size_t len;

	if (s == NULL || sz == 0)
		return;
	len = strlen(s);
	if (strstr(s, name))
		return;
	snprintf(s + len, sz - len, "%s%s", len ? ", " : "", name);
}

static int
add_rule(scmp_filter_ctx ctx, const struct sp_rule *r, int nr, const char *name, char *err, size_t errsz)
{
	struct scmp_arg_cmp c[6];
	bool same_index = false;
	int rc = 0;

	for (size_t i = 0; i < r->n_args; i++) {
		c[i] = (struct scmp_arg_cmp){ r->args[i].index, (enum scmp_compare)r->args[i].op,
		    r->args[i].value, r->args[i].value_two };
		for (size_t j = 0; j < i; j++)
			if (r->args[j].index == r->args[i].index)
				same_index = true;
	}
	/* runc: conditions on one argument index cannot be ANDed by
	 * libseccomp, so each becomes its own rule (an OR). */
	if (same_index) {
		for (size_t i = 0; i < r->n_args && rc == 0; i++)
			rc = seccomp_rule_add_array(ctx, r->action, nr, 1, &c[i]);
	} else
		rc = seccomp_rule_add_array(ctx, r->action, nr, (unsigned)r->n_args, c);
	/* -EEXIST: a rule for this call and these args is already there
	 * (duplicates are common in hand-written profiles). */
	if (rc == 0 || rc == -EEXIST)
		return 0;
	if (r->line)
		snprintf(err, errsz, "%d:%d: syscall \"%s\": %s", r->line, r->col, name, strerror(-rc));
	else
		snprintf(err, errsz, "syscall \"%s\": %s", name, strerror(-rc));
	return -1;
}

static int
export_bpf(scmp_filter_ctx ctx, struct sp_bpf *out, char *err, size_t errsz)
{
	struct stat st;
	void *mem;
	int fd, rc;

	if ((fd = memfd_create("podinit-seccomp", MFD_CLOEXEC)) == -1) {
		snprintf(err, errsz, "memfd_create: %s", strerror(errno));
		return -1;
	}
	if ((rc = seccomp_export_bpf(ctx, fd)) != 0) {
		snprintf(err, errsz, "seccomp_export_bpf: %s", strerror(-rc));
		close(fd);
		return -1;
	}
	if (fstat(fd, &st) == -1 || st.st_size <= 0 || st.st_size % (off_t)sizeof(struct sock_filter) ||
	    st.st_size / (off_t)sizeof(struct sock_filter) > BPF_MAXINSNS) {
		snprintf(err, errsz, "seccomp filter has a bad size (%lld bytes; at most %d instructions)",
		    (long long)st.st_size, BPF_MAXINSNS);
		close(fd);
		return -1;
	}
	if ((mem = malloc((size_t)st.st_size)) == NULL ||
	    pread(fd, mem, (size_t)st.st_size, 0) != st.st_size) {
		snprintf(err, errsz, "reading the exported seccomp filter: %s", strerror(errno));
		free(mem);
		close(fd);
		return -1;
	}
	close(fd);
	out->filter = mem;
	out->len = (unsigned short)(st.st_size / (off_t)sizeof(struct sock_filter));
	return 0;
}

int
seccomp_profile_compile(const struct seccomp_profile *p, uint64_t caps, struct sp_bpf *out,
    char *skipped, size_t skippedsz, char *err, size_t errsz)
{
	scmp_filter_ctx ctx;
	int rc = -1, r;

	out->filter = NULL;
	out->len = 0;
	if (skipped && skippedsz)
		skipped[0] = '\0';
	if ((ctx = seccomp_init(p->default_action)) == NULL) {
		snprintf(err, errsz, "seccomp_init failed (bad default action?)");
		return -1;
	}
	for (size_t i = 0; i < p->n_arches; i++) {
		r = seccomp_arch_add(ctx, p->arches[i]);
		if (r != 0 && r != -EEXIST) {
			snprintf(err, errsz, "architecture %#x: %s", p->arches[i], strerror(-r));
			goto out;
		}
	}
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct sp_rule *ru = &p->rules[i];
		if (!rule_applies(ru, caps) || ru->action == p->default_action)
			continue;	/* libseccomp refuses rules that repeat the default */
		for (size_t j = 0; j < ru->n_names; j++) {
			int nr = seccomp_syscall_resolve_name(ru->names[j]);
			if (nr == __NR_SCMP_ERROR) {
				append_skipped(skipped, skippedsz, ru->names[j]);
				continue;
			}
			if (add_rule(ctx, ru, nr, ru->names[j], err, errsz) == -1)
				goto out;
		}
	}
	rc = export_bpf(ctx, out, err, errsz);
out:
	seccomp_release(ctx);
	return rc;
}

void
sp_bpf_free(struct sp_bpf *b)
{
	free(b->filter);
	b->filter = NULL;
	b->len = 0;
}
