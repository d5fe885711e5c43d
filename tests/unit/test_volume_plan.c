/* Unit tests: the volume plan (volume_plan.c): kubelet's atomic-writer
 * tree of a payload, the volumes' directories, and a container's mounts,
 * table driven, spec in, plan out. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "podinit/units.h"
#include "podinit/volume_plan.h"

Test(volume_plan, stamp)
{
	char s[VOLUME_STAMP_MAX];

	/* 2026-12-03T13:52:58Z */
	volume_layout_stamp(s, 1796305978LL * NS_PER_SEC + 999, 4242);
	cr_assert_str_eq(s, "..2026_12_03_13_52_58.4242");
	volume_layout_stamp(s, 0, 0);
	cr_assert_str_eq(s, "..1970_01_01_00_00_00.0");
}

/* Criterion may run each case in a fresh process: the cases hold their
 * strings, no pointers. */

/* One layout case: the payload's paths (and modes), then the tree as
 * "d path mode", "f path mode data", "l path -> target" lines. */
struct layout_case {
	char	 name[64];
	char	 paths[6][16];
	int	 modes[6];
	char	 want[320];	/* entries, one a line; "": an error */
	char	 err[64];	/* its start */
};

ParameterizedTestParameters(volume_plan, layout)
{
	static struct layout_case c[] = {
		{ "one key", { "app.conf" }, { 0644 },
		    "d ..S 755\nf ..S/app.conf 644 <app.conf>\nl ..data -> ..S\n"
		    "l app.conf -> ..data/app.conf\n", "" },
		{ "sorted, modes", { "b", "a" }, { 0400, 0600 },
		    "d ..S 755\nf ..S/a 600 <a>\nf ..S/b 400 <b>\nl ..data -> ..S\n"
		    "l a -> ..data/a\nl b -> ..data/b\n", "" },
		{ "sub-directories, one link per top-level name", { "x/y/z", "x/w", "top" },
		    { 0644, 0640, 0644 },
		    "d ..S 755\nf ..S/top 644 <top>\nd ..S/x 755\nf ..S/x/w 640 <x/w>\n"
		    "d ..S/x/y 755\nf ..S/x/y/z 644 <x/y/z>\nl ..data -> ..S\n"
		    "l top -> ..data/top\nl x -> ..data/x\n", "" },
		{ "a name that sorts between", { "a/b", "a-c", "a/d" }, { 0644, 0644, 0644 },
		    "d ..S 755\nf ..S/a-c 644 <a-c>\nd ..S/a 755\nf ..S/a/b 644 <a/b>\n"
		    "f ..S/a/d 644 <a/d>\nl ..data -> ..S\nl a-c -> ..data/a-c\n"
		    "l a -> ..data/a\n", "" },
		{ "empty payload", { "" }, { 0 }, "d ..S 755\nl ..data -> ..S\n", "" },
		{ "file and directory", { "a", "a/b" }, { 0644, 0644 }, "",
		    "a/b: its directory a is also a file" },
		{ "absolute", { "/etc/x" }, { 0644 }, "", "/etc/x: invalid path: must be relative" },
		{ "backsteps", { "a/../../x" }, { 0644 }, "",
		    "a/../../x: invalid path: must not contain '..'" },
		{ "the writer's own names", { "..data" }, { 0644 }, "",
		    "..data: invalid path: must not start with '..'" },
		{ "twice", { "k", "k" }, { 0644, 0600 }, "", "k: the payload has the path twice" },
	};
	return cr_make_param_array(struct layout_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct layout_case *c, volume_plan, layout)
{
	struct arena a = { 0 };
	struct volume_file files[6];
	struct volume_layout l;
	char err[256] = "", got[2048] = "", data[6][16];
	size_t n = 0, len = 0;
	int rc;

	for (; n < 6 && c->paths[n][0]; n++) {
		snprintf(data[n], sizeof data[n], "<%s>", c->paths[n]);
		files[n] = (struct volume_file){ .path = (char *)c->paths[n], .data = data[n],
			.len = strlen(data[n]), .mode = c->modes[n] };
	}
	rc = volume_layout_build(&a, files, n, "..S", &l, err, sizeof err);
	if (c->want[0] == '\0') {
		cr_assert_eq(rc, -1, "%s: accepted", c->name);
		cr_assert(strncmp(err, c->err, strlen(c->err)) == 0, "%s: %s", c->name, err);
		arena_free(&a);
		return;
	}
	cr_assert_eq(rc, 0, "%s: %s", c->name, err);
	for (size_t i = 0; i < l.n; i++) {
		const struct volume_entry *e = &l.entries[i];
		if (e->kind == VOLUME_ENTRY_DIR)
			len += (size_t)snprintf(got + len, sizeof got - len, "d %s %o\n", e->path, e->mode);
		else if (e->kind == VOLUME_ENTRY_FILE)
			len += (size_t)snprintf(got + len, sizeof got - len, "f %s %o %.*s\n", e->path,
			    e->mode, (int)e->len, e->data);
		else
			len += (size_t)snprintf(got + len, sizeof got - len, "l %s -> %s\n", e->path,
			    e->target);
	}
	cr_assert_str_eq(got, c->want, "%s:\n%s", c->name, got);
	arena_free(&a);
}

Test(volume_plan, dirs)
{
	struct arena a = { 0 };
	struct pod_spec pod = { .namespace = "shop" };
	struct volume_spec v[] = {
		{ .name = "scratch", .type = VOLUME_EMPTY_DIR },
		{ .name = "cfg", .type = VOLUME_CONFIGMAP },
		{ .name = "tls", .type = VOLUME_SECRET },
		{ .name = "info", .type = VOLUME_DOWNWARD_API },
		{ .name = "all", .type = VOLUME_PROJECTED },
		{ .name = "logs", .type = VOLUME_HOST_PATH, .path = "/var/log" },
		{ .name = "data", .type = VOLUME_PVC, .path = "data-db-0" },
	};
	static const char *const want[] = {
		"/s/pods/U/volumes/kubernetes.io~empty-dir/scratch",
		"/s/pods/U/volumes/kubernetes.io~configmap/cfg",
		"/s/pods/U/volumes/kubernetes.io~secret/tls",
		"/s/pods/U/volumes/kubernetes.io~downward-api/info",
		"/s/pods/U/volumes/kubernetes.io~projected/all",
		"/var/log",
		"/s/claims/shop/data-db-0",
	};
	char *pd = volume_pod_dir(&a, "/s", "U");

	cr_assert_str_eq(pd, "/s/pods/U");
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		cr_assert_str_eq(volume_dir(&a, "/s", pd, &pod, &v[i]), want[i]);
	arena_free(&a);
}

/* One mount of the plan's table: the volume it names (index into the
 * pod below), the mount as written, and the plan's answer. */
struct mount_case {
	char	 name[32];
	size_t	 volume;
	char	 sub_path[16];	/* "": none */
	bool	 read_only;
	char	 source[32];
	bool	 want_ro;
	enum volume_point point;
	bool	 make_source;
};

ParameterizedTestParameters(volume_plan, mounts)
{
	static struct mount_case c[] = {
		{ "emptyDir", 0, "", false, "/d/scratch", false, VOLUME_POINT_DIR, false },
		{ "emptyDir read-only", 0, "", true, "/d/scratch", true, VOLUME_POINT_DIR, false },
		{ "emptyDir subPath", 0, "a/b", false, "/d/scratch/a/b", false,
		    VOLUME_POINT_AS_SOURCE, true },
		{ "configMap is read-only", 1, "", false, "/d/cfg", true, VOLUME_POINT_DIR, false },
		{ "configMap key", 1, "app.conf", false, "/d/cfg/app.conf", true, VOLUME_POINT_FILE,
		    false },
		{ "configMap directory", 1, "conf.d", false, "/d/cfg/conf.d", true, VOLUME_POINT_DIR,
		    false },
		{ "configMap no such key", 1, "nope", false, "/d/cfg/nope", true,
		    VOLUME_POINT_AS_SOURCE, true },
		{ "secret", 2, "", false, "/d/tls", true, VOLUME_POINT_DIR, false },
		{ "hostPath File", 3, "", false, "/run/x.sock", false, VOLUME_POINT_FILE, false },
		{ "hostPath no type", 4, "", false, "/srv", false, VOLUME_POINT_AS_SOURCE, false },
		{ "hostPath Directory", 5, "", false, "/var/log", false, VOLUME_POINT_DIR, false },
		{ "claim readOnly", 6, "", false, "/d/data", true, VOLUME_POINT_DIR, false },
		{ "claim", 7, "pg", false, "/d/data2/pg", false, VOLUME_POINT_AS_SOURCE, true },
		{ "projected", 8, "", false, "/d/all", true, VOLUME_POINT_DIR, false },
	};
	return cr_make_param_array(struct mount_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct mount_case *c, volume_plan, mounts)
{
	static struct volume_file cfg_files[] = {
		{ .path = "app.conf", .data = "x", .len = 1, .mode = 0644 },
		{ .path = "conf.d/a.conf", .data = "y", .len = 1, .mode = 0644 },
	};
	struct volume_spec v[] = {
		{ .name = "scratch", .type = VOLUME_EMPTY_DIR },
		{ .name = "cfg", .type = VOLUME_CONFIGMAP, .files = cfg_files, .n_files = 2 },
		{ .name = "tls", .type = VOLUME_SECRET },
		{ .name = "sock", .type = VOLUME_HOST_PATH, .path = "/run/x.sock",
		    .host_path_type = "Socket" },
		{ .name = "srv", .type = VOLUME_HOST_PATH, .path = "/srv", .host_path_type = "" },
		{ .name = "log", .type = VOLUME_HOST_PATH, .path = "/var/log",
		    .host_path_type = "Directory" },
		{ .name = "data", .type = VOLUME_PVC, .path = "c", .read_only = true },
		{ .name = "data2", .type = VOLUME_PVC, .path = "c2" },
		{ .name = "all", .type = VOLUME_PROJECTED },
	};
	char *dirs[] = { "/d/scratch", "/d/cfg", "/d/tls", "/run/x.sock", "/srv", "/var/log",
		"/d/data", "/d/data2", "/d/all" };
	struct volume_mount vm = { .name = v[c->volume].name, .volume = c->volume,
		.mount_path = "/mnt/x", .sub_path = c->sub_path[0] ? c->sub_path : NULL,
		.read_only = c->read_only };
	struct container_spec ct = { .name = "app", .mounts = &vm, .n_mounts = 1 };
	struct pod_spec pod = { .volumes = v, .n_volumes = 9, .containers = &ct,
		.n_containers = 1 };
	struct volume_mount_plan *mp;
	struct arena a = { 0 };
	char err[128];
	size_t n;

	cr_assert_eq(volume_plan_container(&a, &pod, &ct, dirs, &mp, &n, err, sizeof err), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(mp[0].source, c->source, "%s", c->name);
	cr_assert_str_eq(mp[0].target, "/mnt/x");
	cr_assert_eq(mp[0].read_only, c->want_ro, "%s: read-only", c->name);
	cr_assert_eq(mp[0].point, c->point, "%s: point %d", c->name, mp[0].point);
	cr_assert_eq(mp[0].make_source, c->make_source, "%s: make_source", c->name);
	cr_assert_eq(mp[0].volume, c->volume);
	arena_free(&a);
}

/* K8S: changeFilePermission's masks, by kind of entry and volume. */
Test(volume_plan, fs_group_mode)
{
	static const struct {
		unsigned mode;
		bool	 dir, read_only;
		unsigned want;
	} cases[] = {
		{ 0644, false, false, 0664 },	/* an emptyDir's file */
		{ 0600, false, false, 0660 },
		{ 0777, true, false, 02777 },	/* an emptyDir */
		{ 01777, true, false, 03777 },	/* a Memory emptyDir's tmpfs root */
		{ 0400, false, true, 0440 },	/* a secret key with defaultMode 0400 */
		{ 0644, false, true, 0644 },
		{ 0755, true, true, 02755 },	/* the atomic writer's stamp directory */
		{ 0700, true, true, 02750 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		cr_expect_eq(volume_fs_group_mode(cases[i].mode, cases[i].dir, cases[i].read_only),
		    cases[i].want, "case %zu: %o -> %o, want %o", i, cases[i].mode,
		    volume_fs_group_mode(cases[i].mode, cases[i].dir, cases[i].read_only),
		    cases[i].want);
	cr_expect(volume_fs_group_applies(VOLUME_EMPTY_DIR));
	cr_expect(volume_fs_group_applies(VOLUME_SECRET));
	cr_expect(volume_fs_group_applies(VOLUME_PVC));
	cr_expect(!volume_fs_group_applies(VOLUME_HOST_PATH));
}
