/* Unit tests for seccomp_profile: golden valid/invalid OCI profiles
 * (tests/golden/security), the decoded model, hostile documents, and
 * compiling both a Localhost profile and the built-in RuntimeDefault. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "podinit/seccomp_bpf.h"
#include "podinit/seccomp_profile.h"

#define GOLDEN "tests/golden/security"

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "re");
	char *s;
	long n;

	cr_assert_not_null(fp, "%s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	s = calloc(1, (size_t)n + 1);
	cr_assert_eq(fread(s, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	return s;
}

static bool
json_name(const char *n)
{
	size_t len = strlen(n);

	return len > 5 && strcmp(n + len - 5, ".json") == 0;
}

Test(seccomp_profile, golden_valid_compile)
{
	DIR *d = opendir(GOLDEN "/valid");
	struct dirent *e;
	int seen = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[512], err[256], skipped[256];
		struct seccomp_profile *p;
		struct sp_bpf b;
		if (!json_name(e->d_name))
			continue;
		snprintf(path, sizeof path, GOLDEN "/valid/%s", e->d_name);
		p = seccomp_profile_load(path, err, sizeof err);
		cr_assert_not_null(p, "%s", err);
		cr_assert_eq(seccomp_profile_compile(p, 0, &b, skipped, sizeof skipped, err, sizeof err), 0,
		    "%s: %s", path, err);
		cr_assert_gt(b.len, 0);
		sp_bpf_free(&b);
		seccomp_profile_free(p);
		seen++;
	}
	closedir(d);
	cr_assert_geq(seen, 3);
}

/* Each invalid/NAME.json fails with exactly the text of NAME.err. */
Test(seccomp_profile, golden_invalid_messages)
{
	DIR *d = opendir(GOLDEN "/invalid");
	struct dirent *e;
	int seen = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[512], err[256];
		char *data, *want;
		size_t len;
		if (!json_name(e->d_name))
			continue;
		snprintf(path, sizeof path, GOLDEN "/invalid/%s", e->d_name);
		data = slurp(path);
		len = strlen(path);
		memcpy(path + len - 5, ".err", 5);
		want = slurp(path);
		want[strcspn(want, "\n")] = '\0';
		cr_assert_null(seccomp_profile_parse_buffer(data, strlen(data), err, sizeof err), "%s", path);
		cr_assert_str_eq(err, want, "%s", path);
		free(data);
		free(want);
		seen++;
	}
	closedir(d);
	cr_assert_geq(seen, 8);
}

Test(seccomp_profile, decoded_model)
{
	char err[256], skipped[256];
	struct seccomp_profile *p = seccomp_profile_load(GOLDEN "/valid/docker-style.json", err, sizeof err);
	struct sp_bpf b;

	cr_assert_not_null(p, "%s", err);
	cr_assert_eq(p->default_action, SCMP_ACT_ERRNO(1));
	/* archMap: the native entry and its sub-architectures only */
	if (seccomp_arch_native() == SCMP_ARCH_X86_64) {
		cr_assert_eq(p->n_arches, 3);
		cr_assert_eq(p->arches[0], SCMP_ARCH_X86_64);
	}
	cr_assert_eq(p->n_rules, 11);
	cr_assert_eq(p->rules[0].n_names, 4);
	cr_assert_str_eq(p->rules[1].names[0], "getpid");
	cr_assert_eq(p->rules[2].n_args, 1);
	cr_assert_eq(p->rules[3].args[0].op, SP_OP_MASKED_EQ);
	cr_assert_eq(p->rules[3].args[0].value, 2114060288u);
	cr_assert_neq(p->rules[3].exc_caps, 0);
	cr_assert_eq(p->rules[5].min_kernel[0], 4);
	cr_assert_eq(p->rules[5].min_kernel[1], 8);
	cr_assert_eq(p->rules[6].action, SCMP_ACT_ERRNO(38));
	cr_assert_eq(p->rules[7].action, SCMP_ACT_KILL_PROCESS);
	cr_assert_eq(p->rules[8].action, SCMP_ACT_TRAP);
	cr_assert_eq(p->rules[9].action, SCMP_ACT_LOG);
	cr_assert_eq(p->rules[0].line, 10);
	cr_assert_eq(p->rules[0].col, 3);
	cr_assert_eq(seccomp_profile_compile(p, 0, &b, skipped, sizeof skipped, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(skipped, "no_such_syscall_xyz");
	sp_bpf_free(&b);
	seccomp_profile_free(p);
}

Test(seccomp_profile, defaults_for_errno)
{
	const char doc[] = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"mkdir\"],"
	    "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13},{\"names\":[\"rmdir\"],\"action\":\"SCMP_ACT_TRACE\"}],"
	    "\"someFutureField\":1}";
	char err[256];
	struct seccomp_profile *p = seccomp_profile_parse_buffer(doc, sizeof doc - 1, err, sizeof err);

	cr_assert_not_null(p, "%s", err);
	cr_assert_eq(p->default_action, SCMP_ACT_ERRNO(EPERM));
	cr_assert_eq(p->rules[0].action, SCMP_ACT_ERRNO(13));
	cr_assert_eq(p->rules[1].action, SCMP_ACT_TRACE(EPERM));
	cr_assert_eq(p->n_notices, 1);
	cr_assert(strstr(p->notices[0], "someFutureField") != NULL, "%s", p->notices[0]);
	seccomp_profile_free(p);
}

Test(seccomp_profile, hostile_documents)
{
	char err[256], deep[400];
	static const char *const bad[] = {
		"{\"defaultAction\": &a \"SCMP_ACT_ALLOW\", \"x\": *a}",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [[\"x\"]], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		"{[1]: 2}",
		"\xff\xfe\x00garbage",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\","
		    " \"args\": [{\"index\":0,\"op\":\"SCMP_CMP_EQ\"},{\"index\":0,\"op\":\"SCMP_CMP_EQ\"},"
		    "{\"index\":0,\"op\":\"SCMP_CMP_EQ\"},{\"index\":0,\"op\":\"SCMP_CMP_EQ\"},"
		    "{\"index\":0,\"op\":\"SCMP_CMP_EQ\"},{\"index\":0,\"op\":\"SCMP_CMP_EQ\"},"
		    "{\"index\":0,\"op\":\"SCMP_CMP_EQ\"}]}]}",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": 99999999999999999999999}",
		"---\n...\n",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		cr_assert_null(seccomp_profile_parse_buffer(bad[i], strlen(bad[i]), err, sizeof err), "case %zu", i);
		cr_assert_neq(err[0], '\0', "case %zu has a message", i);
	}
	memset(deep, '[', sizeof deep);
	cr_assert_null(seccomp_profile_parse_buffer(deep, sizeof deep, err, sizeof err));
	cr_assert(strstr(err, "nesting too deep") != NULL, "%s", err);
}

Test(seccomp_profile, missing_file)
{
	char err[256];

	cr_assert_null(seccomp_profile_load("/nonexistent/profile.json", err, sizeof err));
	cr_assert_str_eq(err, "seccomp profile /nonexistent/profile.json: No such file or directory");
	cr_assert_null(seccomp_profile_load("/", err, sizeof err));
	cr_assert(strstr(err, "is a directory") != NULL, "%s", err);
}

/* A FIFO named as a profile used to block open() (and podinit's start-up,
 * and `podinit check`) until a writer came. */
Test(seccomp_profile, fifo_does_not_block, .timeout = 5)
{
	char dir[] = "/tmp/sp-fifo.XXXXXX", path[64], err[256];

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/profile.json", dir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	cr_assert_null(seccomp_profile_load(path, err, sizeof err));
	cr_assert(strstr(err, "not a regular file") != NULL, "%s", err);
	unlink(path);
	rmdir(dir);
}

Test(seccomp_profile, runtime_default_compiles)
{
	const struct seccomp_profile *p = seccomp_default_profile();
	char err[256], skipped[2048];
	struct sp_bpf b, b2;
	bool has_keyctl = false, has_mkdir = false;

	cr_assert_eq(p->default_action, SCMP_ACT_ERRNO(EPERM));
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++) {
			has_keyctl |= strcmp(p->rules[i].names[j], "keyctl") == 0;
			has_mkdir |= strcmp(p->rules[i].names[j], "mkdir") == 0;
		}
	cr_assert_not(has_keyctl);
	cr_assert(has_mkdir);
	cr_assert_eq(seccomp_profile_compile(p, 0, &b, skipped, sizeof skipped, err, sizeof err), 0, "%s", err);
	/* CAP_SYS_ADMIN opens the mount/unshare rules: a bigger program */
	cr_assert_eq(seccomp_profile_compile(p, UINT64_C(1) << 21, &b2, NULL, 0, err, sizeof err), 0, "%s", err);
	cr_assert_neq(b.len, b2.len);
	sp_bpf_free(&b);
	sp_bpf_free(&b2);
}

/* "x" nested in `depth` lists (the root object is depth 0, "x" depth 1),
 * around the scalar 1 or, with `empty`, around nothing. */
static char *
nested(int depth, bool empty)
{
	static char doc[512];
	int n = snprintf(doc, sizeof doc, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"x\":");

	for (int i = 0; i < depth; i++)
		doc[n++] = '[';
	if (!empty)
		doc[n++] = '1';
	for (int i = 0; i < depth; i++)
		doc[n++] = ']';
	doc[n++] = '}';
	doc[n] = '\0';
	return doc;
}

/*
 * How a profile is read, whatever the reader underneath: one JSON value
 * and nothing after it, no aliases, no NUL in a string, at most 32 levels
 * below the root, only plain null/~/empty is null (a quoted "null" is a
 * string), libyaml's own words for a syntax error, UTF-8 only.
 */
Test(seccomp_profile, how_a_profile_is_read)
{
	static const struct {
		const char *doc;
		const char *err;	/* NULL: decodes */
	} t[] = {
		{ "{\"defaultAction\": &a \"SCMP_ACT_ALLOW\", \"x\": *a}",
		    "1:45: YAML aliases are not allowed in a seccomp profile" },
		/* refused where it stands, before the text after it is read */
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"x\": *nope, ]",
		    "1:42: YAML aliases are not allowed in a seccomp profile" },
		/* an anchor alone does nothing */
		{ "{\"defaultAction\": &a \"SCMP_ACT_ALLOW\", \"syscalls\": &b []}", NULL },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"x\": \"a\\u0000b\"}",
		    "1:42: NUL byte in string" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"x\": \"a\\0b\", ]",
		    "1:42: NUL byte in string" },
		/* what follows the profile is never read */
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\"} garbage ] }", NULL },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}\n---\n[ : ]", NULL },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}\n--- *x", NULL },
		{ "", "1:1: empty profile" },
		{ "# a comment\n", "1:1: empty profile" },
		{ "---\n...\n", "2:1: a seccomp profile is a JSON object" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"x\": {[1]: 2}}",
		    "1:43: object keys must be strings" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": null}", NULL },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ~}", NULL },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": Null}",
		    "1:49: syscalls: expected a list" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": \"null\"}",
		    "1:49: syscalls: expected a list" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"\"}", NULL },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"null\"}",
		    "1:53: listenerPath: seccomp notify agents are not supported" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"a\"], "
		    "\"action\": \"SCMP_ACT_ERRNO\", \"includes\": \"null\"}]}",
		    "1:107: includes: expected an object" },
		{ "{\"defaultAction\": null}", "1:19: action: expected a string" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n\"syscalls\": [\n",
		    "3:1: did not find expected node content" },
		{ "defaultAction: SCMP_ACT_ALLOW\nsyscalls:\n  - names: [mkdir]\n"
		    "   action: SCMP_ACT_ERRNO\n", "4:4: did not find expected '-' indicator" },
		/* a UTF-16 byte order mark is not UTF-8 */
		{ "\xff\xfe\x41\x4e", "1:1: invalid leading UTF-8 octet" },
		{ "\xef\xbb\xbf{\"defaultAction\": \"SCMP_ACT_ALLOW\"}", NULL },
	};
	char err[256];

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct seccomp_profile *p;
		err[0] = '\0';
		p = seccomp_profile_parse_buffer(t[i].doc, strlen(t[i].doc), err, sizeof err);
		if (t[i].err == NULL) {
			cr_assert_not_null(p, "case %zu: %s", i, err);
			seccomp_profile_free(p);
		} else {
			cr_assert_null(p, "case %zu decodes", i);
			cr_assert_str_eq(err, t[i].err, "case %zu", i);
		}
	}
}

/* 32 levels below the root, counting the scalar; the message names the
 * first node too deep. */
Test(seccomp_profile, nesting_limit)
{
	char err[256];
	struct seccomp_profile *p;

	/* "x" at depth 1 in 31 more lists: the 1 sits at depth 32 */
	p = seccomp_profile_parse_buffer(nested(31, false), strlen(nested(31, false)), err, sizeof err);
	cr_assert_not_null(p, "%s", err);
	seccomp_profile_free(p);
	/* the innermost empty list at depth 32 */
	p = seccomp_profile_parse_buffer(nested(32, true), strlen(nested(32, true)), err, sizeof err);
	cr_assert_not_null(p, "%s", err);
	seccomp_profile_free(p);
	/* a scalar at depth 33 (column 39 + 32) */
	cr_assert_null(seccomp_profile_parse_buffer(nested(32, false), strlen(nested(32, false)),
	    err, sizeof err));
	cr_assert_str_eq(err, "1:71: nesting too deep");
	/* a list at depth 33 */
	cr_assert_null(seccomp_profile_parse_buffer(nested(33, true), strlen(nested(33, true)),
	    err, sizeof err));
	cr_assert_str_eq(err, "1:71: nesting too deep");
	/* deeper than ynode's own limit: the same message, at the same place */
	cr_assert_null(seccomp_profile_parse_buffer(nested(100, true), strlen(nested(100, true)),
	    err, sizeof err));
	cr_assert_str_eq(err, "1:71: nesting too deep");
}

/* The decoder reads a scalar for its text: a number is a fine syscall
 * name, a quoted number a fine integer, as before; only the names are
 * kept (copied: the document tree is gone once the profile is made). */
Test(seccomp_profile, scalars_by_their_text)
{
	const char doc[] = "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [123, \"x\"], "
	    "\"name\": \"first\", \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": \"5\", "
	    "\"args\": [{\"index\": \"1\", \"op\": \"SCMP_CMP_EQ\", \"value\": \"42\"}]}]}";
	char err[256];
	struct seccomp_profile *p = seccomp_profile_parse_buffer(doc, sizeof doc - 1, err, sizeof err);

	cr_assert_not_null(p, "%s", err);
	cr_assert_eq(p->n_rules, 1);
	cr_assert_eq(p->rules[0].n_names, 3);
	cr_assert_str_eq(p->rules[0].names[0], "first");
	cr_assert_str_eq(p->rules[0].names[1], "123");
	cr_assert_str_eq(p->rules[0].names[2], "x");
	cr_assert_eq(p->rules[0].action, SCMP_ACT_ERRNO(5));
	cr_assert_eq(p->rules[0].args[0].index, 1);
	cr_assert_eq(p->rules[0].args[0].value, 42);
	/* not pointers into the input */
	cr_assert(p->rules[0].names[2] < doc || p->rules[0].names[2] >= doc + sizeof doc);
	seccomp_profile_free(p);
}
