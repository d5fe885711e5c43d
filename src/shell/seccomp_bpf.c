/* seccomp_bpf: a seccomp profile (a decoded Localhost profile or the
 * built-in RuntimeDefault) compiled for this machine into a classic BPF
 * program with libseccomp: the rules whose includes/excludes hold for the
 * container's capabilities, arch and kernel.  The export goes through a
 * memfd because libseccomp 2.5.4 only exports to an fd.  The child loads
 * the result with one prctl(); see secctx.c. */
#include "podinit/seccomp_bpf.h"

#include <errno.h>
#include <linux/filter.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "podinit/strconv.h"

static bool
kernel_at_least(int maj, int min)
{
	static int kmaj = -1, kmin;
	struct utsname u;

	if (kmaj < 0) {
		kmaj = 0;
		kmin = 0;
		if (uname(&u) != 0 || strconv_version(u.release, &kmaj, &kmin, NULL) == -1)
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
