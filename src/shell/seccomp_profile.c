/* seccomp_profile: OCI/Docker seccomp JSON profiles decoded into the
 * model of seccomp_profile.h.  The JSON is read by ynode (JSON is YAML's
 * flow syntax, and libyaml gives line and column for every error), with
 * the stricter reading a profile wants: one value, no aliases, no NUL in
 * a string, UTF-8, at most MAX_DEPTH levels.  seccomp_bpf.c compiles the
 * model. */
#include "podinit/seccomp_profile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "podinit/caps.h"
#include "podinit/fdx.h"
#include "podinit/ynode.h"
#include "podinit/strconv.h"

#define MAX_DEPTH	32			/* below the root */
#define MODEL_LIMIT	((size_t)64 << 20)	/* arena bytes for one profile */

struct dec {
	struct seccomp_profile *p;
	char	*err;
	size_t	 errsz;
};

static int
derr(struct dec *d, const struct ynode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
derr(struct dec *d, const struct ynode *n, const char *fmt, ...)
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

/* Plain null, ~ or nothing; a quoted "null" is a string.  Not
 * ynode_is_null(): profiles have never taken Null or NULL for null. */
static bool
is_null(const struct ynode *n)
{
	return n->kind == YNODE_SCALAR && !n->quoted &&
	    (strcmp(n->str, "null") == 0 || strcmp(n->str, "~") == 0 || n->str[0] == '\0');
}

static int
want_string(struct dec *d, const struct ynode *n, const char *field)
{
	if (n->kind != YNODE_SCALAR || is_null(n))
		return derr(d, n, "%s: expected a string", field);
	return 0;
}

static int
want_u64(struct dec *d, const struct ynode *n, const char *field, uint64_t max, uint64_t *out)
{
	char *end;

	if (n->kind != YNODE_SCALAR || n->str[0] < '0' || n->str[0] > '9')
		return derr(d, n, "%s: expected a non-negative integer", field);
	errno = 0;
	*out = strtoull(n->str, &end, 10);
	if (errno || *end != '\0' || *out > max)
		return derr(d, n, "%s: \"%s\" is not an integer in 0..%" PRIu64, field, n->str, max);
	return 0;
}

/* Iterate a sequence; null counts as empty (Go's json does the same). */
static int
want_seq(struct dec *d, const struct ynode *n, const char *field)
{
	if (is_null(n) || n->kind == YNODE_SEQ)
		return 0;
	return derr(d, n, "%s: expected a list", field);
}

static int
want_map(struct dec *d, const struct ynode *n, const char *field)
{
	if (n->kind == YNODE_MAP)
		return 0;
	return derr(d, n, "%s: expected an object", field);
}

/* The items of a list; none for anything else (null is an empty list). */
static uint32_t
items(const struct ynode *n)
{
	return n->kind == YNODE_SEQ ? n->n : 0;
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
add_arch(struct dec *d, const struct ynode *n)
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
decode_arch_map(struct dec *d, const struct ynode *n)
{
	uint32_t native = seccomp_arch_native();

	if (want_seq(d, n, "archMap") == -1)
		return -1;
	for (uint32_t i = 0; i < items(n); i++) {
		const struct ynode *e = n->kids[i], *arch = NULL, *subs = NULL;
		if (want_map(d, e, "archMap entry") == -1)
			return -1;
		for (uint32_t k = 0; k + 1 < e->n; k += 2) {
			if (strcmp(e->kids[k]->str, "architecture") == 0)
				arch = e->kids[k + 1];
			else if (strcmp(e->kids[k]->str, "subArchitectures") == 0)
				subs = e->kids[k + 1];
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
		for (uint32_t k = 0; subs && k < items(subs); k++)
			if (add_arch(d, subs->kids[k]) == -1)
				return -1;
	}
	return 0;
}

/* The action names of the OCI runtime spec.  errno_ret < 0: not given. */
static int
decode_action(struct dec *d, const struct ynode *n, int64_t errno_ret, uint32_t *out)
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
decode_op(struct dec *d, const struct ynode *n, enum sp_op *out)
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
decode_arg(struct dec *d, const struct ynode *n, struct sp_arg *a)
{
	bool has_index = false, has_op = false;
	uint64_t v = 0;

	if (want_map(d, n, "args entry") == -1)
		return -1;
	for (uint32_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = n->kids[i], *val = n->kids[i + 1];
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
decode_filter(struct dec *d, const struct ynode *n, struct sp_rule *r, bool include)
{
	const char *what = include ? "includes" : "excludes";

	if (is_null(n))
		return 0;
	if (want_map(d, n, what) == -1)
		return -1;
	for (uint32_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = n->kids[i], *val = n->kids[i + 1];
		if (strcmp(k->str, "caps") == 0) {
			if (want_seq(d, val, "caps") == -1)
				return -1;
			for (uint32_t j = 0; j < items(val); j++) {
				const struct ynode *c = val->kids[j];
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
			size_t n_arr = 0;
			if (want_seq(d, val, "arches") == -1)
				return -1;
			arr = arena_alloc(&d->p->arena, sizeof *arr * (size_t)(items(val) + 1));
			if (arr == NULL)
				return derr(d, val, "profile too large");
			for (uint32_t j = 0; j < items(val); j++) {
				const struct ynode *c = val->kids[j];
				if (want_string(d, c, "arches") == -1)
					return -1;
				arr[n_arr++] = goarch_token(c->str);	/* 0 never matches */
			}
			if (include) {
				r->inc_arches = arr;
				r->n_inc_arches = n_arr;
			} else {
				r->exc_arches = arr;
				r->n_exc_arches = n_arr;
			}
		} else if (strcmp(k->str, "minKernel") == 0) {
			int maj, min;
			const char *tail;
			if (want_string(d, val, "minKernel") == -1)
				return -1;
			if (strconv_version(val->str, &maj, &min, &tail) == -1 || *tail != '\0')
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
decode_rule(struct dec *d, const struct ynode *n, struct sp_rule *r)
{
	const struct ynode *action = NULL, *names = NULL, *name = NULL, *args = NULL;
	int64_t errno_ret = -1;
	const char **nv;
	struct sp_arg *av;
	size_t i;
	uint64_t v = 0;

	if (want_map(d, n, "syscalls entry") == -1)
		return -1;
	r->line = n->line;
	r->col = n->col;
	for (uint32_t j = 0; j + 1 < n->n; j += 2) {
		const struct ynode *k = n->kids[j], *val = n->kids[j + 1];
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
	nv = arena_alloc(&d->p->arena, sizeof *nv * (size_t)((names ? items(names) : 0) + 2));
	if (nv == NULL)
		return derr(d, n, "profile too large");
	/* the model outlives the tree: the names are copied */
	i = 0;
	if (name && (nv[i++] = arena_strdup(&d->p->arena, name->str)) == NULL)
		return derr(d, name, "profile too large");
	for (uint32_t j = 0; names && j < items(names); j++) {
		const struct ynode *c = names->kids[j];
		if (want_string(d, c, "names") == -1)
			return -1;
		if ((nv[i++] = arena_strdup(&d->p->arena, c->str)) == NULL)
			return derr(d, c, "profile too large");
	}
	if (i == 0)
		return derr(d, n, "syscalls entry: no \"names\"");
	r->names = nv;
	r->n_names = i;
	if (args) {
		if (want_seq(d, args, "args") == -1)
			return -1;
		if (items(args) > 6)
			return derr(d, args, "args: at most 6 comparisons");
		av = arena_alloc(&d->p->arena, sizeof *av * 6);
		if (av == NULL)
			return derr(d, n, "profile too large");
		i = 0;
		for (uint32_t j = 0; j < items(args); j++)
			if (decode_arg(d, args->kids[j], &av[i++]) == -1)
				return -1;
		r->args = av;
		r->n_args = i;
	}
	return 0;
}

static int
decode_profile(struct dec *d, const struct ynode *root)
{
	const struct ynode *def = NULL, *arches = NULL, *archmap = NULL, *calls = NULL;
	int64_t def_errno = -1;
	struct sp_rule *rules;
	uint64_t v = 0;
	size_t i;

	if (root->kind != YNODE_MAP)
		return derr(d, root, "a seccomp profile is a JSON object");
	for (uint32_t j = 0; j + 1 < root->n; j += 2) {
		const struct ynode *k = root->kids[j], *val = root->kids[j + 1];
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
			if (!is_null(val) && !(val->kind == YNODE_SCALAR && val->str[0] == '\0'))
				return derr(d, val, "listenerPath: seccomp notify agents are not supported");
		} else if (strcmp(k->str, "flags") == 0) {
			if (want_seq(d, val, "flags") == -1)
				return -1;
			if (items(val) > 0)
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
		for (uint32_t j = 0; j < items(arches); j++)
			if (add_arch(d, arches->kids[j]) == -1)
				return -1;
	}
	/* Docker's archMap is only used when architectures is absent */
	if (archmap && d->p->n_arches == 0 && decode_arch_map(d, archmap) == -1)
		return -1;
	if (calls == NULL)
		return 0;
	if (want_seq(d, calls, "syscalls") == -1)
		return -1;
	rules = arena_alloc(&d->p->arena, sizeof *rules * (size_t)(items(calls) + 1));
	if (rules == NULL)
		return derr(d, calls, "profile too large");
	i = 0;
	for (uint32_t j = 0; j < items(calls); j++)
		if (decode_rule(d, calls->kids[j], &rules[i++]) == -1)
			return -1;
	d->p->rules = rules;
	d->p->n_rules = i;
	return 0;
}

/* Keys must be scalars; checked once, over the whole document, so the
 * decoders above can read every key as a string. */
static int
check_maps(struct dec *d, const struct ynode *n)
{
	if (n->kind == YNODE_SCALAR)
		return 0;
	for (uint32_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->kids[i];
		if (n->kind == YNODE_MAP && i % 2 == 0) {
			if (k->kind != YNODE_SCALAR)
				return derr(d, k, "object keys must be strings");
			continue;
		}
		if (check_maps(d, k) == -1)
			return -1;
	}
	return 0;
}

/* A ynode error in the words this reader has always used. */
static void
parse_error(const struct yerror *ye, char *err, size_t errsz)
{
	const char *msg = ye->msg;

	switch (ye->kind) {
	case YERR_SYNTAX:
		msg = ye->problem ? ye->problem : "syntax error";
		break;
	case YERR_DEPTH:
		msg = "nesting too deep";
		break;
	case YERR_ALIAS:
		msg = "YAML aliases are not allowed in a seccomp profile";
		break;
	case YERR_NUL:
		msg = "NUL byte in string";
		break;
	case YERR_OTHER:
		break;
	}
	if (ye->line > 0)
		snprintf(err, errsz, "%d:%d: %s", ye->line, ye->col, msg);
	else
		snprintf(err, errsz, "%s", msg);
}

struct seccomp_profile *
seccomp_profile_parse_buffer(const char *data, size_t len, char *err, size_t errsz)
{
	/* A profile is one JSON value: nothing after it is read (Go's
	 * decoder, which runc uses, would refuse it; we never looked). */
	static const struct ynode_opts json = {
		.max_depth = MAX_DEPTH, .first_root = true, .no_aliases = true,
		.no_nul = true, .utf8 = true,
	};
	struct seccomp_profile *p;
	struct dec d = { .err = err, .errsz = errsz };
	struct ydocs docs;
	struct yerror ye;

	if (len > SECCOMP_PROFILE_MAX_BYTES) {
		snprintf(err, errsz, "profile larger than %d bytes", SECCOMP_PROFILE_MAX_BYTES);
		return NULL;
	}
	if ((p = calloc(1, sizeof *p)) == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	p->arena.limit = MODEL_LIMIT;
	d.p = p;
	if (ynode_parse_opts(data, len, &json, &docs, &ye) == -1) {
		parse_error(&ye, err, errsz);
		goto fail;
	}
	if (docs.n_docs == 0 || docs.docs[0] == NULL) {
		snprintf(err, errsz, "1:1: empty profile");
		goto fail;
	}
	if (check_maps(&d, docs.docs[0]) == -1 || decode_profile(&d, docs.docs[0]) == -1)
		goto fail;
	ynode_free(&docs);
	return p;
fail:
	ynode_free(&docs);
	seccomp_profile_free(p);
	return NULL;
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

