/* Unit tests for creds: passwd/group line parsing (malformed lines
 * included), lookups against fixture files, id resolution as containerd
 * does it, kubelet's runAsNonRoot wording, the kernel's capability sets (the names
 * are test_caps.c's). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "podinit/creds.h"

struct pw_case {
	char	line[96];
	bool	ok;
	unsigned uid, gid;
	char	name[16];
	char	home[24];
};

ParameterizedTestParameters(creds, passwd_line)
{
	static struct pw_case c[] = {
		{ "root:x:0:0:root:/root:/bin/bash", true, 0, 0, "root", "/root" },
		{ "app:x:1000:1001::/home/app:/bin/sh\n", true, 1000, 1001, "app", "/home/app" },
		{ "short:x:5:6", true, 5, 6, "short", "" },
		{ "nohome:x:7:8:gecos", true, 7, 8, "nohome", "" },
		{ "bad:x:abc:0::/:/bin/sh", false, 0, 0, "", "" },
		{ "bad:x:-1:0::/:/bin/sh", false, 0, 0, "", "" },
		{ "bad:x:1:99999999999::/:/bin/sh", false, 0, 0, "", "" },
		{ ":x:1:1::/:/bin/sh", false, 0, 0, "", "" },
		{ "two:x:1", false, 0, 0, "", "" },
		{ "# comment", false, 0, 0, "", "" },
		{ "+nis::0:0:::", false, 0, 0, "", "" },
		{ "", false, 0, 0, "", "" },
		{ "x:x::0::/:", false, 0, 0, "", "" },
	};
	return cr_make_param_array(struct pw_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct pw_case *tc, creds, passwd_line)
{
	struct creds_user u;
	int rc = creds_parse_passwd_line(tc->line, &u);

	cr_assert_eq(rc, tc->ok ? 0 : -1, "line \"%s\"", tc->line);
	if (!tc->ok)
		return;
	cr_assert_eq(u.uid, tc->uid);
	cr_assert_eq(u.gid, tc->gid);
	cr_assert_str_eq(u.name, tc->name);
	cr_assert_str_eq(u.home, tc->home);
}

Test(creds, group_line)
{
	char name[64];
	const char *members;
	gid_t g;

	cr_assert_eq(creds_parse_group_line("wheel:x:10:root,app", name, sizeof name, &g, &members), 0);
	cr_assert_str_eq(name, "wheel");
	cr_assert_eq(g, 10);
	cr_assert_str_eq(members, "root,app");
	cr_assert_eq(creds_parse_group_line("nomem:x:11", name, sizeof name, &g, &members), 0);
	cr_assert_str_eq(members, "");
	cr_assert_eq(creds_parse_group_line("bad:x:ten:", name, sizeof name, &g, &members), -1);
	cr_assert_eq(creds_parse_group_line("bad:x", name, sizeof name, &g, &members), -1);
	cr_assert_eq(creds_parse_group_line("#c:x:1:", name, sizeof name, &g, &members), -1);
}

static char root[64];

static void
put(const char *rel, const char *text)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof path, "%s%s", root, rel);
	cr_assert_not_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
}

static void
fixture(void)
{
	char etc[96];

	snprintf(root, sizeof root, "/tmp/podinit-creds-XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	snprintf(etc, sizeof etc, "%s/etc", root);
	cr_assert_eq(mkdir(etc, 0755), 0);
	put("/etc/passwd",
	    "root:x:0:0:root:/root:/bin/sh\n"
	    "garbage line without colons\n"
	    "broken:x:notanumber:1::/:/bin/sh\n"
	    "app:x:1000:1000:App:/home/app:/bin/sh\n"
	    "web:x:33:33:www:/var/www:/usr/sbin/nologin\n");
	put("/etc/group",
	    "root:x:0:\n"
	    "bad:x:nope:app\n"
	    "app:x:1000:\n"
	    "audio:x:29:app,web\n"
	    "video:x:44:web,app\n"
	    "staff:x:50:root\n");
	creds_set_root(root);
}

static void
teardown(void)
{
	const char *rel[] = { "/etc/passwd", "/etc/group", "/etc", "" };
	char path[128];

	creds_set_root(NULL);
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s%s", root, rel[i]);
		(void)remove(path);
	}
}

Test(creds, lookups, .init = fixture, .fini = teardown)
{
	struct creds_user u;
	gid_t g, gids[8];
	size_t n = 0;

	cr_assert_eq(creds_user_by_uid(1000, &u), 1);
	cr_assert_str_eq(u.name, "app");
	cr_assert_str_eq(u.home, "/home/app");
	cr_assert_eq(creds_user_by_name("web", &u), 1);
	cr_assert_eq(u.uid, 33);
	cr_assert_eq(creds_user_by_name("broken", &u), 0, "malformed line is skipped");
	cr_assert_eq(creds_user_by_uid(4242, &u), 0);
	cr_assert_eq(creds_group_by_name("video", &g), 1);
	cr_assert_eq(g, 44);
	cr_assert_eq(creds_user_groups("app", gids, &n, 8), 0);
	cr_assert_eq(n, 2);
	cr_assert_eq(gids[0], 29);
	cr_assert_eq(gids[1], 44);
	n = 0;
	cr_assert_eq(creds_user_groups("app", gids, &n, 1), -1, "overflow is an error");
}

Test(creds, missing_files_numeric_ids_work)
{
	struct creds_req r = { .has_uid = true, .uid = 4242, .has_gid = true, .gid = 4343,
	    .run_as_non_root = -1 };
	struct creds c;
	char err[256];
	uid_t uid;
	gid_t gid;
	bool has_gid;

	creds_set_root("/nonexistent-podinit-root");
	cr_assert_eq(creds_resolve(&r, &c, err, sizeof err), 0, "%s", err);
	cr_assert(c.change);
	cr_assert_eq(c.uid, 4242);
	cr_assert_eq(c.gid, 4343);
	cr_assert_eq(c.n_groups, 1);
	cr_assert_eq(c.groups[0], 4343);
	cr_assert_str_eq(c.user, "");
	cr_assert_eq(creds_parse_user_spec("55:66", &uid, &gid, &has_gid, err, sizeof err), 0);
	cr_assert_eq(uid, 55);
	cr_assert_eq(gid, 66);
	cr_assert_eq(creds_parse_user_spec("nobody", &uid, &gid, &has_gid, err, sizeof err), -1);
	cr_assert(strstr(err, "unknown user \"nobody\"") != NULL, "%s", err);
	creds_set_root(NULL);
}

Test(creds, resolve_like_containerd, .init = fixture, .fini = teardown)
{
	int64_t supp[] = { 5000, 29 };
	struct creds_req r = { .has_uid = true, .uid = 1000, .supplemental = supp, .n_supplemental = 2,
	    .has_fs_group = true, .fs_group = 2000, .run_as_non_root = 1 };
	struct creds c;
	char err[256];

	cr_assert_eq(creds_resolve(&r, &c, err, sizeof err), 0, "%s", err);
	cr_assert_eq(c.uid, 1000);
	cr_assert_eq(c.gid, 1000, "primary group from /etc/passwd");
	cr_assert_str_eq(c.user, "app");
	cr_assert_str_eq(c.home, "/home/app");
	/* gid, fsGroup, supplementalGroups, /etc/group memberships; sorted */
	gid_t want[] = { 29, 44, 1000, 2000, 5000 };
	cr_assert_eq(c.n_groups, 5);
	for (size_t i = 0; i < 5; i++)
		cr_assert_eq(c.groups[i], want[i], "groups[%zu]", i);

	/* unknown numeric uid: gid 0, as containerd's WithUserID */
	struct creds_req r2 = { .has_uid = true, .uid = 7777, .run_as_non_root = -1 };
	cr_assert_eq(creds_resolve(&r2, &c, err, sizeof err), 0);
	cr_assert_eq(c.gid, 0);
	/* runAsGroup wins over the passwd entry */
	struct creds_req r3 = { .has_uid = true, .uid = 1000, .has_gid = true, .gid = 3000,
	    .run_as_non_root = -1 };
	cr_assert_eq(creds_resolve(&r3, &c, err, sizeof err), 0);
	cr_assert_eq(c.gid, 3000);
	cr_assert_eq(c.groups[0], 29);
	/* nothing asked: nothing changes */
	struct creds_req r4 = { .run_as_non_root = -1 };
	cr_assert_eq(creds_resolve(&r4, &c, err, sizeof err), 0);
	cr_assert_not(c.change);
	/* out of range */
	struct creds_req r5 = { .has_uid = true, .uid = -5, .run_as_non_root = -1 };
	cr_assert_eq(creds_resolve(&r5, &c, err, sizeof err), -1);
	cr_assert(strstr(err, "runAsUser -5 is out of range") != NULL, "%s", err);
}

Test(creds, user_spec, .init = fixture, .fini = teardown)
{
	uid_t uid;
	gid_t gid;
	bool has_gid;
	char err[256];

	cr_assert_eq(creds_parse_user_spec("web", &uid, &gid, &has_gid, err, sizeof err), 0);
	cr_assert_eq(uid, 33);
	cr_assert(has_gid);
	cr_assert_eq(gid, 33);
	cr_assert_eq(creds_parse_user_spec("app:video", &uid, &gid, &has_gid, err, sizeof err), 0);
	cr_assert_eq(uid, 1000);
	cr_assert_eq(gid, 44);
	cr_assert_eq(creds_parse_user_spec("app:nogroup", &uid, &gid, &has_gid, err, sizeof err), -1);
	cr_assert(strstr(err, "unknown group \"nogroup\"") != NULL, "%s", err);
}

Test(creds, run_as_non_root_wording)
{
	struct creds_req r = { .run_as_non_root = 1, .pod_name = "web", .container_name = "app" };
	char err[256];

	cr_assert_eq(creds_check_non_root(&r, 0, NULL, err, sizeof err), -1);
	cr_assert_str_eq(err, "container has runAsNonRoot and image will run as root (pod: \"web\", container: app)");
	cr_assert_eq(creds_check_non_root(&r, -1, "nginx", err, sizeof err), -1);
	cr_assert_str_eq(err, "container has runAsNonRoot and image has non-numeric user (nginx), "
	    "cannot verify user is non-root (pod: \"web\", container: app)");
	cr_assert_eq(creds_check_non_root(&r, 1000, NULL, err, sizeof err), 0);
	r.has_uid = true;
	r.uid = 0;
	cr_assert_eq(creds_check_non_root(&r, 1000, NULL, err, sizeof err), -1);
	cr_assert(strstr(err, "container's runAsUser breaks non-root policy") != NULL, "%s", err);
	r.uid = 1;
	cr_assert_eq(creds_check_non_root(&r, 0, NULL, err, sizeof err), 0);
	r.run_as_non_root = 0;
	r.uid = 0;
	cr_assert_eq(creds_check_non_root(&r, 0, NULL, err, sizeof err), 0);
}

/* The kernel's own answers: cap_last_cap in /proc and the status line. */
Test(creds, cap_last_and_own_sets_match_the_kernel)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "r");
	unsigned long long prm, eff, want_prm = 0, want_eff = 0;
	uint64_t p, e;
	char line[256];
	int last;

	cr_assert_not_null(f);
	cr_assert_eq(fscanf(f, "%d", &last), 1);
	fclose(f);
	cr_assert_eq(creds_cap_last(), last);
	cr_assert_eq(creds_caps_own(&p, &e), 0);
	f = fopen("/proc/self/status", "r");
	cr_assert_not_null(f);
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "CapPrm: %llx", &prm) == 1)
			want_prm = prm;
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			want_eff = eff;
	}
	fclose(f);
	cr_assert_eq(p, want_prm);
	cr_assert_eq(e, want_eff);
}
