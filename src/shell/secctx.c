/* secctx: a container's securityContext turned into a fork-ready plan and
 * applied between fork and exec.
 *
 * Parent side (secctx_prepare): merge pod- and container-level contexts,
 * resolve ids with creds, compute the capability sets, compile the seccomp
 * filter to BPF.  Child side (secctx_apply_child): raw syscalls only, in
 * runc's order: bounding set, keep-caps, setgroups/setgid/setuid, capset,
 * ambient, no_new_privs, seccomp.
 *
 * Capabilities.  podinit is not a container runtime: when the manifest
 * says nothing about capabilities, the process keeps what podinit has
 * (the kernel still drops them on exec for a non-root uid).  When it has
 * `capabilities.add/drop`, the set is computed from the runtimes' default
 * set (Docker's 14) as containerd does (add ALL, drop ALL, then each add,
 * then each drop), intersected with what podinit holds.  For uid 0 the
 * result becomes the bounding, permitted and effective sets (exec then
 * gives root exactly the bounding set).  For another uid the kernel would
 * clear everything at exec, so the capabilities *explicitly added* are
 * also raised in the inheritable and ambient sets: a non-root user with
 * `add: [NET_BIND_SERVICE]` can bind port 80, which a plain runtime does
 * not manage without file capabilities (kubernetes#56374).
 *
 * no_new_privs is set for allowPrivilegeEscalation: false, and whenever
 * a seccomp filter is loaded without CAP_SYS_ADMIN (the kernel requires
 * one or the other).  runc avoids the latter by loading the filter before
 * dropping privileges; podinit loads it last so the profile never has to
 * allow the setup calls.
 */
#include "podinit/secctx.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "podinit/caps.h"
#include "podinit/creds.h"
#include "podinit/log.h"
#include "podinit/seccomp_bpf.h"
#include "podinit/seccomp_profile.h"
#include "podinit/spawn_stage.h"

/* Not in secctx.h yet (the lead owns it); see the report of issue 7. */

#define BIT(c)	(UINT64_C(1) << (c))

/* Docker/containerd/CRI-O default capabilities (moby oci/caps/defaults.go). */
#define DEFAULT_CAPS (BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_FSETID) | \
	BIT(CAP_FOWNER) | BIT(CAP_MKNOD) | BIT(CAP_NET_RAW) | BIT(CAP_SETGID) | \
	BIT(CAP_SETUID) | BIT(CAP_SETFCAP) | BIT(CAP_SETPCAP) | \
	BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_SYS_CHROOT) | BIT(CAP_KILL) | \
	BIT(CAP_AUDIT_WRITE))

struct sec_plan {
	bool	 set_ids;
	uid_t	 uid;
	gid_t	 gid;
	gid_t	 groups[CREDS_MAX_GROUPS];
	size_t	 n_groups;
	bool	 keepcaps;		/* PR_SET_KEEPCAPS around setuid */
	bool	 drop_bounding;
	uint64_t bounding;
	int	 last_cap;
	bool	 set_caps;
	uint64_t eff, prm, inh, amb;
	bool	 nnp;
	bool	 ro_root;		/* readOnlyRootFilesystem: own mount ns, / read-only */
	struct sp_bpf bpf;
	char	 home[256];
};

struct merged {
	struct creds_req req;
	const struct secctx_spec *ctr;	/* container-only fields; may be NULL */
	enum seccomp_kind seccomp;
	const char *localhost;
	struct spec_mark seccomp_mark;
	char	 localhost_path[4096];	/* under --seccomp-root, when found there */
};

const char *
secctx_localhost_path(const struct pod_spec *pod, const struct secctx_spec *s, char *buf,
    size_t bufsz)
{
	const char *name = s->seccomp_localhost_name;
	int len;

	if (pod == NULL || pod->seccomp_root == NULL || name == NULL || name[0] == '/')
		return s->seccomp_localhost_profile;
	len = snprintf(buf, bufsz, "%s/%s", pod->seccomp_root, name);
	if (len > 0 && (size_t)len < bufsz && access(buf, F_OK) == 0)
		return buf;
	return s->seccomp_localhost_profile;
}

/* K8S: securitycontext.DetermineEffectiveSecurityContext: the container
 * wins for runAsUser, runAsGroup, runAsNonRoot and seccompProfile;
 * supplementalGroups and fsGroup exist only at pod level; capabilities,
 * privileged, allowPrivilegeEscalation and readOnlyRootFilesystem only at
 * container level. */
static void
merge(const struct pod_spec *pod, const struct container_spec *c, struct merged *m)
{
	const struct secctx_spec *ps = pod && pod->has_security ? &pod->security : NULL;
	const struct secctx_spec *cs = c->has_security ? &c->security : NULL;
	struct creds_req *r = &m->req;

	memset(m, 0, sizeof *m);
	r->run_as_non_root = -1;
	r->pod_name = pod ? pod->name : NULL;
	r->container_name = c->name;
	for (int i = 0; i < 2; i++) {
		const struct secctx_spec *s = i == 0 ? ps : cs;	/* container last: wins */
		if (s == NULL)
			continue;
		if (s->has_run_as_user) {
			r->has_uid = true;
			r->uid = s->run_as_user;
		}
		if (s->has_run_as_group) {
			r->has_gid = true;
			r->gid = s->run_as_group;
		}
		if (s->run_as_non_root != -1)
			r->run_as_non_root = s->run_as_non_root;
		if (s->seccomp != SECCOMP_UNSET) {
			m->seccomp = s->seccomp;
			m->localhost = secctx_localhost_path(pod, s, m->localhost_path,
			    sizeof m->localhost_path);
			m->seccomp_mark = s->mark;
		}
	}
	if (ps) {
		r->supplemental = ps->supplemental_groups;
		r->n_supplemental = ps->n_supplemental_groups;
		r->has_fs_group = ps->has_fs_group;
		r->fs_group = ps->fs_group;
	}
	m->ctr = cs;
}

struct ctx {
	char	*err;
	size_t	 errsz;
	bool	 quiet;		/* podinit check: problems only, no notices, and
				   none that depend on who runs the check */
	const char *cname;
};

static void
note(struct ctx *x, bool warn, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
note(struct ctx *x, bool warn, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (x->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (warn)
		log_warnx("container %s: %s", x->cname, msg);
	else
		log_info("container %s: %s", x->cname, msg);
}

/* podinit's own permitted and effective sets.  Read once per effective
 * uid: they do not change while podinit sets up, and a 1,000-container
 * manifest would otherwise ask the kernel 1,000 times. */
static int
own_caps(uint64_t *prm, uint64_t *eff, int *last)
{
	static bool cached;
	static int cached_rc;
	static uint64_t cached_prm, cached_eff;
	static uid_t cached_euid;

	/* (Changing the effective uid changes the sets: read again then.) */
	if (!cached || cached_euid != geteuid()) {
		cached_rc = creds_caps_own(&cached_prm, &cached_eff);
		cached_euid = geteuid();
		cached = true;
	}
	*last = creds_cap_last();
	if (*last > 63)
		*last = 63;
	*prm = cached_prm;
	*eff = cached_eff;
	return cached_rc;
}

/* Parse one add/drop list: the bits named, and whether ALL appeared. */
static int
cap_list(struct ctx *x, const char *which, char *const *names, size_t n, uint64_t *bits, bool *all)
{
	*bits = 0;
	*all = false;
	for (size_t i = 0; i < n; i++) {
		int cap;
		if (strcasecmp(names[i], "ALL") == 0) {
			*all = true;
			continue;
		}
		if ((cap = caps_from_name(names[i])) < 0) {
			/* (check: decode warned at the name itself; what follows,
			 * the seccomp profile, is still worth looking at) */
			if (x->quiet)
				continue;
			snprintf(x->err, x->errsz, "capabilities.%s: unknown capability \"%s\"", which, names[i]);
			return -1;
		}
		*bits |= BIT(cap);
	}
	return 0;
}

static void
cap_names(uint64_t bits, char *out, size_t outsz)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < 64 && len < outsz; i++) {
		char name[40];
		if (!(bits & BIT(i)))
			continue;
		caps_format(i, name, sizeof name);
		len += (size_t)snprintf(out + len, outsz - len, "%s%s", len ? ", " : "", name);
	}
}

static int
plan_caps(struct ctx *x, const struct merged *m, struct sec_plan *p, uint64_t own_prm,
    uint64_t own_eff, bool root_target, uint64_t *gate)
{
	const struct secctx_spec *cs = m->ctr;
	uint64_t add, drop, all_caps, set, explicit_add, missing;
	bool add_all, drop_all;
	char names[512];

	all_caps = p->last_cap >= 63 ? ~UINT64_C(0) : BIT(p->last_cap + 1) - 1;
	/* RuntimeDefault's capability-gated rules see what a runtime would
	 * have given: the default set, unless the manifest says otherwise. */
	*gate = DEFAULT_CAPS;
	if (cs == NULL || (cs->n_cap_add == 0 && cs->n_cap_drop == 0))
		return 0;
	if (cap_list(x, "add", cs->cap_add, cs->n_cap_add, &add, &add_all) == -1 ||
	    cap_list(x, "drop", cs->cap_drop, cs->n_cap_drop, &drop, &drop_all) == -1)
		return -1;
	/* containerd CRI setOCICapabilities: ALL first, then the names */
	set = DEFAULT_CAPS & all_caps;
	if (add_all)
		set = all_caps;
	if (drop_all)
		set = 0;
	set |= add;
	set &= ~drop;
	explicit_add = (add_all ? all_caps : add) & set;

	missing = set & ~own_prm;
	if (missing & explicit_add) {
		cap_names(missing & explicit_add, names, sizeof names);
		note(x, true, "capabilities not available to podinit, not granted: %s", names);
	}
	set &= own_prm;
	explicit_add &= set;
	*gate = set;

	p->set_caps = true;
	p->bounding = set;
	/* PR_CAPBSET_DROP needs CAP_SETPCAP; without it podinit cannot raise
	 * anything either, so the bounding set changes nothing that matters */
	p->drop_bounding = (own_eff & BIT(CAP_SETPCAP)) != 0;
	if (root_target) {
		p->prm = p->eff = set;
		p->inh = p->amb = 0;
	} else {
		p->prm = p->eff = p->inh = p->amb = explicit_add;
	}
	return 0;
}

static int
plan_seccomp(struct ctx *x, const struct merged *m, struct sec_plan *p, uint64_t gate)
{
	struct seccomp_profile *loaded = NULL;
	const struct seccomp_profile *prof = NULL;
	char skipped[512];
	int rc;

	switch (m->seccomp) {
	case SECCOMP_UNSET:
	case SECCOMP_UNCONFINED:
		return 0;
	case SECCOMP_RUNTIME_DEFAULT:
		prof = seccomp_default_profile();
		break;
	case SECCOMP_LOCALHOST:
		if (m->localhost == NULL || m->localhost[0] == '\0') {
			snprintf(x->err, x->errsz, "seccompProfile: type Localhost needs localhostProfile");
			return -1;
		}
		if ((loaded = seccomp_profile_load(m->localhost, x->err, x->errsz)) == NULL) {
			/* a syntax error reads "PATH:LINE:COL: ...": say what PATH is */
			if (strncmp(x->err, "seccomp profile ", 16) != 0) {
				char msg[512];
				snprintf(msg, sizeof msg, "%s", x->err);
				snprintf(x->err, x->errsz, "seccomp profile %s", msg);
			}
			return -1;
		}
		for (size_t i = 0; i < loaded->n_notices; i++)
			note(x, false, "seccomp profile %s: %s", m->localhost, loaded->notices[i]);
		prof = loaded;
		break;
	}
	rc = seccomp_profile_compile(prof, gate, &p->bpf, skipped, sizeof skipped, x->err, x->errsz);
	if (rc == 0 && skipped[0] && m->seccomp == SECCOMP_LOCALHOST)
		/* runc and crun skip names the library does not know */
		note(x, false, "seccomp profile %s: unknown syscalls skipped: %s", m->localhost, skipped);
	if (rc == -1 && m->seccomp == SECCOMP_LOCALHOST) {
		char msg[256];
		snprintf(msg, sizeof msg, "%s", x->err);
		snprintf(x->err, x->errsz, "seccomp profile %s: %s", m->localhost, msg);
	}
	seccomp_profile_free(loaded);
	return rc;
}

static bool
same_groups(const struct sec_plan *p)
{
	gid_t cur[CREDS_MAX_GROUPS];
	int n = getgroups(CREDS_MAX_GROUPS, cur);

	if (n < 0 || (size_t)n != p->n_groups)
		return false;
	for (size_t i = 0; i < p->n_groups; i++) {
		bool found = false;
		for (int j = 0; j < n && !found; j++)
			found = cur[j] == p->groups[i];
		if (!found)
			return false;
	}
	return true;
}

static struct sec_plan *
prepare(const struct pod_spec *pod, const struct container_spec *c, struct ctx *x)
{
	struct merged m;
	struct creds cr;
	struct sec_plan *p;
	uint64_t own_prm, own_eff, gate, eff_at_load;
	const struct secctx_spec *cs;
	bool privileged, root_target;

	merge(pod, c, &m);
	cs = m.ctr;
	privileged = cs && cs->privileged == 1;
	if (privileged && cs->allow_privilege_escalation == 0) {
		/* K8S: API validation rejects this pair */
		snprintf(x->err, x->errsz,
		    "cannot set allowPrivilegeEscalation to false and privileged to true");
		return NULL;
	}
	if ((p = calloc(1, sizeof *p)) == NULL) {
		snprintf(x->err, x->errsz, "out of memory");
		return NULL;
	}
	if (own_caps(&own_prm, &own_eff, &p->last_cap) == -1) {
		snprintf(x->err, x->errsz, "reading podinit's capabilities: %s", strerror(errno));
		goto fail;
	}

	/* `podinit check` may run as another user than podinit will (a build
	 * step, a developer): the image's user is not known to it, and an
	 * explicit runAsUser 0 against runAsNonRoot is validate_pod's warning
	 * already.  So check holds nothing against runAsNonRoot here. */
	if (x->quiet)
		m.req.run_as_non_root = -1;
	if (creds_resolve(&m.req, &cr, x->err, x->errsz) == -1)
		goto fail;
	snprintf(p->home, sizeof p->home, "%s", cr.home);
	if (cr.change) {
		p->uid = cr.uid;
		p->gid = cr.gid;
		memcpy(p->groups, cr.groups, cr.n_groups * sizeof cr.groups[0]);
		p->n_groups = cr.n_groups;
		/* nothing to do (and, unprivileged, nothing we could do) when
		 * podinit already is exactly that */
		p->set_ids = !(cr.uid == getuid() && cr.uid == geteuid() && cr.gid == getgid() &&
		    cr.gid == getegid() && same_groups(p));
		/* (and, for the same reason, check does not hold its own
		 * privileges against the manifest) */
		if (p->set_ids && !x->quiet && cr.uid != getuid() && !(own_eff & BIT(CAP_SETUID))) {
			snprintf(x->err, x->errsz, "runAsUser %u: podinit runs as uid %u without CAP_SETUID",
			    (unsigned)cr.uid, (unsigned)getuid());
			goto fail;
		}
		if (p->set_ids && !x->quiet && !(own_eff & BIT(CAP_SETGID))) {
			snprintf(x->err, x->errsz, "runAsGroup/supplementalGroups: podinit lacks CAP_SETGID");
			goto fail;
		}
	}
	root_target = (p->set_ids ? p->uid : geteuid()) == 0;

	if (privileged) {
		note(x, false, "privileged: true: podinit's capabilities are kept and no seccomp filter is loaded");
	} else {
		if (plan_caps(x, &m, p, own_prm, own_eff, root_target, &gate) == -1)
			goto fail;
		if (plan_seccomp(x, &m, p, gate) == -1)
			goto fail;
	}
	/* keep the permitted set across setuid when something must survive */
	p->keepcaps = p->set_ids && p->set_caps && !root_target && geteuid() == 0 && p->prm != 0;

	if (cs && cs->allow_privilege_escalation == 0)
		p->nnp = true;
	if (p->bpf.filter && !p->nnp) {
		if (p->set_caps)
			eff_at_load = p->eff;
		else if (p->set_ids && !root_target)
			eff_at_load = 0;	/* setuid without keep-caps clears it */
		else
			eff_at_load = own_eff;
		p->nnp = !(eff_at_load & BIT(CAP_SYS_ADMIN));
	}
	if (cs && cs->read_only_root_filesystem == 1) {
		/* A private mount namespace per process, whose root mount is
		 * read-only: what the runtime would do, for this container
		 * only.  Needs CAP_SYS_ADMIN, which a container's PID 1 often
		 * lacks: then say so and run as asked otherwise. */
		if (own_eff & BIT(CAP_SYS_ADMIN))
			p->ro_root = true;
		else
			note(x, true, "readOnlyRootFilesystem is not applied: remounting / read-only "
			    "needs CAP_SYS_ADMIN, which podinit does not have");
	}
	return p;
fail:
	secctx_free(p);
	return NULL;
}

struct sec_plan *
secctx_prepare(const struct pod_spec *pod, const struct container_spec *c, char *err, size_t errsz)
{
	struct ctx x = { err, errsz, false, c->name ? c->name : "" };
	struct sec_plan *p = prepare(pod, c, &x);
	char msg[512];

	/* podinit prints this as is when it refuses to start: name the
	 * container, unless kubelet's wording already does */
	if (p == NULL && errsz > 0 && strstr(err, "container: ") == NULL) {
		snprintf(msg, sizeof msg, "%s", err);
		snprintf(err, errsz, "container %s: %s", x.cname, msg);
	}
	return p;
}

void
secctx_free(struct sec_plan *p)
{
	if (p == NULL)
		return;
	sp_bpf_free(&p->bpf);
	free(p);
}

/* The user's home from /etc/passwd when runAsUser & co. named one, else
 * NULL: the caller may set HOME from it when the manifest does not. */
const char *
secctx_plan_home(const struct sec_plan *p)
{
	return p && p->home[0] ? p->home : NULL;
}

/* For `podinit check`: every container's context prepared and thrown
 * away; one line per problem, "container <name>: <message>", into err.
 * Returns the number of problems. */
int
secctx_check_spec(const struct pod_spec *pod, char *err, size_t errsz)
{
	size_t len = 0;
	int problems = 0;

	if (errsz)
		err[0] = '\0';
	for (size_t i = 0; i < pod->n_containers; i++) {
		const struct container_spec *c = &pod->containers[i];
		char msg[512];
		struct ctx x = { msg, sizeof msg, true, c->name ? c->name : "" };
		struct sec_plan *p = prepare(pod, c, &x);
		if (p) {
			secctx_free(p);
			continue;
		}
		problems++;
		if (len < errsz)
			len += (size_t)snprintf(err + len, errsz - len, "%scontainer %s: %s",
			    len ? "\n" : "", x.cname, msg);
	}
	return problems;
}

/* ---- child side: between fork and exec, syscalls only ---- */

static int
fail_at(enum spawn_stage *stage, enum spawn_stage s)
{
	*stage = s;
	return -1;
}

int
secctx_apply_child(const struct sec_plan *p, enum spawn_stage *stage)
{
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[2];
	struct sock_fprog prog;

	/* 0. the read-only root, while we still hold CAP_SYS_ADMIN: a mount
	 * namespace of our own (changes stay in it), then / read-only */
	if (p->ro_root) {
		if (unshare(CLONE_NEWNS) == -1 ||
		    mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) == -1 ||
		    mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) == -1)
			return fail_at(stage, SPAWN_STAGE_MOUNT);
	}
	/* 1. the bounding set, while we still hold CAP_SETPCAP */
	if (p->drop_bounding) {
		for (int i = 0; i <= p->last_cap; i++) {
			if (p->bounding & BIT(i))
				continue;
			if (prctl(PR_CAPBSET_DROP, (unsigned long)i, 0, 0, 0) == -1 && errno != EINVAL)
				return fail_at(stage, SPAWN_STAGE_CAPS);
		}
	}
	/* 2. ids: groups first, while we may still change them (libuv) */
	if (p->set_ids) {
		if (p->keepcaps && prctl(PR_SET_KEEPCAPS, 1UL, 0, 0, 0) == -1)
			return fail_at(stage, SPAWN_STAGE_SETUID);
		/* raw syscalls: one thread after fork, and no glibc setxid
		 * broadcast machinery between fork and exec */
		if (syscall(SYS_setgroups, p->n_groups, p->groups) == -1)
			return fail_at(stage, SPAWN_STAGE_GROUPS);
		if (syscall(SYS_setresgid, p->gid, p->gid, p->gid) == -1)
			return fail_at(stage, SPAWN_STAGE_SETGID);
		if (syscall(SYS_setresuid, p->uid, p->uid, p->uid) == -1)
			return fail_at(stage, SPAWN_STAGE_SETUID);
		if (p->keepcaps && prctl(PR_SET_KEEPCAPS, 0UL, 0, 0, 0) == -1)
			return fail_at(stage, SPAWN_STAGE_SETUID);
	}
	/* 3. permitted, effective, inheritable; then ambient */
	if (p->set_caps) {
		memset(&hdr, 0, sizeof hdr);
		hdr.version = _LINUX_CAPABILITY_VERSION_3;
		hdr.pid = 0;
		data[0].effective = (uint32_t)p->eff;
		data[1].effective = (uint32_t)(p->eff >> 32);
		data[0].permitted = (uint32_t)p->prm;
		data[1].permitted = (uint32_t)(p->prm >> 32);
		data[0].inheritable = (uint32_t)p->inh;
		data[1].inheritable = (uint32_t)(p->inh >> 32);
		if (syscall(SYS_capset, &hdr, data) == -1)
			return fail_at(stage, SPAWN_STAGE_CAPS);
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0UL, 0UL, 0UL) == -1 && errno != EINVAL)
			return fail_at(stage, SPAWN_STAGE_CAPS);
		for (int i = 0; i <= p->last_cap; i++)
			if ((p->amb & BIT(i)) &&
			    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long)i, 0UL, 0UL) == -1)
				return fail_at(stage, SPAWN_STAGE_CAPS);
	}
	/* 4. no_new_privs */
	if (p->nnp && prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0UL, 0UL, 0UL) == -1)
		return fail_at(stage, SPAWN_STAGE_NO_NEW_PRIVS);
	/* 5. seccomp, last: the filter never sees the setup above */
	if (p->bpf.filter) {
		prog.len = p->bpf.len;
		prog.filter = p->bpf.filter;
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0UL, 0UL) == -1) {
			/* EACCES: our guess about CAP_SYS_ADMIN was wrong */
			if (errno != EACCES || p->nnp)
				return fail_at(stage, SPAWN_STAGE_SECCOMP);
			if (prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0UL, 0UL, 0UL) == -1)
				return fail_at(stage, SPAWN_STAGE_NO_NEW_PRIVS);
			if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0UL, 0UL) == -1)
				return fail_at(stage, SPAWN_STAGE_SECCOMP);
		}
	}
	return 0;
}
