/* Unit tests for isolation_plan: SPEC §7's decision table (privilege,
 * kernel answers, --isolation and the pod in; mode, refusal or notice
 * out), and kubelet's host name truncation. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "podinit/isolation_plan.h"

enum pod_shape { POD_PLAIN, POD_VOLUME, POD_MOUNT, POD_SHARED_PID };

static struct volume_spec one_volume = { .name = "data" };
static struct volume_mount one_mount = { .name = "cache", .mount_path = "/var/cache" };
static struct container_spec ctrs[2];

static void
make_pod(struct pod_spec *p, enum pod_shape shape)
{
	memset(p, 0, sizeof *p);
	memset(ctrs, 0, sizeof ctrs);
	ctrs[0].name = "init";
	ctrs[1].name = "web";
	p->name = "demo";
	p->containers = ctrs;
	p->n_containers = 2;
	switch (shape) {
	case POD_PLAIN:
		break;
	case POD_VOLUME:
		p->volumes = &one_volume;
		p->n_volumes = 1;
		break;
	case POD_MOUNT:
		ctrs[1].mounts = &one_mount;
		ctrs[1].n_mounts = 1;
		break;
	case POD_SHARED_PID:
		p->share_process_namespace = true;
		break;
	}
}

struct row {
	const char *what;
	bool	 tini, none, cap, ns_ok, userns_ok;
	enum pod_shape shape;
	/* want */
	enum isolation_kind kind;
	bool	 new_pid, new_user, refused;
	const char *message;	/* substring; "" = no message */
};

static const struct row rows[] = {
	{ "tini mode: never", true, false, true, true, true, POD_VOLUME,
	  ISOLATION_KIND_NONE, false, false, false, "" },
	{ "--isolation none, no volumes: today's behaviour", false, true, true, true, true, POD_PLAIN,
	  ISOLATION_KIND_NONE, false, false, false, "" },
	{ "--isolation none refuses a volume", false, true, true, true, true, POD_VOLUME,
	  ISOLATION_KIND_NONE, false, false, true,
	  "volume \"data\": --isolation none gives the containers no mount namespace" },
	{ "--isolation none names the container's mount", false, true, true, true, true, POD_MOUNT,
	  ISOLATION_KIND_NONE, false, false, true,
	  "volume \"cache\" (container web mounts it at /var/cache)" },
	{ "privileged: namespaces", false, false, true, true, false, POD_VOLUME,
	  ISOLATION_KIND_NAMESPACES, true, false, false, "" },
	{ "shareProcessNamespace: no PID namespace", false, false, true, true, true, POD_SHARED_PID,
	  ISOLATION_KIND_NAMESPACES, false, false, false, "" },
	{ "no CAP_SYS_ADMIN, user namespace works", false, false, false, false, true, POD_VOLUME,
	  ISOLATION_KIND_USERNS, true, true, false, "podinit lacks CAP_SYS_ADMIN" },
	{ "user namespace and shareProcessNamespace", false, false, false, false, true, POD_SHARED_PID,
	  ISOLATION_KIND_USERNS, false, true, false, "user namespace" },
	{ "CAP_SYS_ADMIN but the kernel refuses: user namespace", false, false, true, false, true,
	  POD_PLAIN, ISOLATION_KIND_USERNS, true, true, false, "the kernel refused new namespaces" },
	{ "nothing works, volume: refused", false, false, false, false, false, POD_VOLUME,
	  ISOLATION_KIND_NONE, false, false, true,
	  "volume \"data\": cannot be mounted: podinit lacks CAP_SYS_ADMIN and the kernel refused the namespaces in a "
	  "user namespace (clone: Operation not permitted)" },
	{ "nothing works, container mount: refused", false, false, false, false, false, POD_MOUNT,
	  ISOLATION_KIND_NONE, false, false, true, "container web mounts it at /var/cache" },
	{ "nothing works, no volumes: none with a notice", false, false, false, false, false, POD_PLAIN,
	  ISOLATION_KIND_NONE, false, false, false,
	  "every container runs in podinit's namespaces, as with --isolation none" },
	{ "privileged, kernel refuses both, no volumes: notice", false, false, true, false, false,
	  POD_PLAIN, ISOLATION_KIND_NONE, false, false, false, "the kernel refused new namespaces" },
};

Test(isolation_plan, table)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		struct isolation_facts f;
		struct isolation_plan p;
		struct pod_spec pod;
		int rc;

		memset(&f, 0, sizeof f);
		f.tini_mode = r->tini;
		f.requested = r->none ? ISOLATION_NONE : ISOLATION_POD;
		f.cap_sys_admin = r->cap;
		f.namespaces_ok = r->ns_ok;
		f.userns_ok = r->userns_ok;
		snprintf(f.why, sizeof f.why, "clone: Operation not permitted");
		make_pod(&pod, r->shape);
		rc = isolation_decide(&pod, &f, &p);
		cr_expect_eq(rc, r->refused ? -1 : 0, "%s: rc %d", r->what, rc);
		cr_expect_eq(p.refused, r->refused, "%s: refused", r->what);
		cr_expect_eq(p.kind, r->kind, "%s: kind %d want %d", r->what, p.kind, r->kind);
		cr_expect_eq(p.new_pid, r->new_pid, "%s: new_pid", r->what);
		cr_expect_eq(p.new_user, r->new_user, "%s: new_user", r->what);
		bool isolated = r->kind != ISOLATION_KIND_NONE;
		cr_expect_eq(p.new_mount, isolated, "%s: new_mount", r->what);
		cr_expect_eq(p.new_uts, isolated, "%s: new_uts", r->what);
		if (isolated)
			cr_expect_str_eq(p.hostname, "demo", "%s: hostname", r->what);
		if (r->message[0] == '\0')
			cr_expect_str_eq(p.message, "", "%s: message [%s]", r->what, p.message);
		else
			cr_expect(strstr(p.message, r->message) != NULL, "%s: message [%s] lacks [%s]",
			    r->what, p.message, r->message);
	}
}

Test(isolation_plan, hostname_as_kubelet)
{
	static const struct {
		const char *hostname, *name, *want;
	} cases[] = {
		{ NULL, "web", "web" },
		{ "box", "web", "box" },
		{ "", "web", "web" },
		/* 63 kept */
		{ NULL, "a23456789012345678901234567890123456789012345678901234567890123",
		  "a23456789012345678901234567890123456789012345678901234567890123" },
		/* 64: cut to 63 */
		{ NULL, "a234567890123456789012345678901234567890123456789012345678901234",
		  "a23456789012345678901234567890123456789012345678901234567890123" },
		/* cut, then no trailing '-' or '.' */
		{ NULL, "a2345678901234567890123456789012345678901234567890123456789-.-.zz",
		  "a2345678901234567890123456789012345678901234567890123456789" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct pod_spec pod;
		char out[ISOLATION_HOSTNAME_MAX + 1];

		memset(&pod, 0, sizeof pod);
		pod.hostname = (char *)cases[i].hostname;
		pod.name = (char *)cases[i].name;
		isolation_hostname(&pod, out, sizeof out);
		cr_expect_str_eq(out, cases[i].want, "case %zu", i);
	}
}
