/* Unit tests for env: a container's environment from podinit's own, the
 * manifest's env, HOME for the user it runs as and the LISTEN_PID slot. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "podinit/env.h"
#include "podinit/spawn.h"

/* Criterion hands each parameter to a new process: no pointers in here,
 * so the lists are ';'-separated strings, split in the test. */
struct env_case {
	char	 name[64];
	char	 base[160];	/* "A=1;B=2" */
	char	 spec[96];	/* "NAME=value;..." the manifest's env ("?NAME=": absent) */
	char	 home[32];	/* "" = none */
	bool	 listen_pid;
	char	 want[256];	/* the result, ';'-separated, in order */
};

#define SLOT	"LISTEN_PID=                "	/* SPAWN_LISTEN_PID_WIDTH blanks */

ParameterizedTestParameters(env, build)
{
	static struct env_case c[] = {
		{ "podinit's own environment", "PATH=/bin;TERM=xterm", "", "", false,
		  "PATH=/bin;TERM=xterm" },
		{ "the manifest's env after it", "PATH=/bin", "A=1;B=two", "", false,
		  "PATH=/bin;A=1;B=two" },
		{ "the manifest overrides, in its own place", "A=old;PATH=/bin", "A=new", "", false,
		  "PATH=/bin;A=new" },
		{ "a name is matched whole", "AB=1;A=2", "A=3", "", false, "AB=1;A=3" },
		{ "an entry without '=' is a name too", "A;B=1", "A=2", "", false, "B=1;A=2" },
		{ "HOME follows the user", "HOME=/root;PATH=/bin", "", "/home/app", false,
		  "PATH=/bin;HOME=/home/app" },
		{ "without a user, HOME stays", "HOME=/root;PATH=/bin", "", "", false,
		  "HOME=/root;PATH=/bin" },
		{ "the manifest's HOME wins over the user's", "HOME=/root", "HOME=/data", "/home/app", false,
		  "HOME=/data" },
		{ "HOMEDIR is not HOME", "HOMEDIR=/x", "", "/home/app", false, "HOMEDIR=/x;HOME=/home/app" },
		{ "the LISTEN_PID slot, last", "PATH=/bin", "A=1", "/h", true,
		  "PATH=/bin;A=1;HOME=/h;" SLOT },
		{ "an inherited LISTEN_PID is dropped", "LISTEN_PID=7;LISTEN_FDS=1", "", "", true,
		  "LISTEN_FDS=1;" SLOT },
		{ "dropped also without a slot", "LISTEN_PID=7;X=1", "", "", false, "X=1" },
		/* The child writes its pid into the first LISTEN_PID=: a
		 * manifest's short value there would be overrun. */
		{ "the manifest's LISTEN_PID gives way to the slot", "X=1", "LISTEN_PID=1;A=2", "", true,
		  "X=1;A=2;" SLOT },
		{ "without a slot the manifest's LISTEN_PID stays", "X=1", "LISTEN_PID=1", "", false,
		  "X=1;LISTEN_PID=1" },
		{ "empty everything", "", "", "", false, "" },
		{ "an absent variable is not set and overrides nothing", "A=own;HOME=/root",
		  "?A=;?HOME=;B=1", "/home/app", false, "A=own;B=1;HOME=/home/app" },
	};
	return cr_make_param_array(struct env_case, c, sizeof c / sizeof c[0]);
}

/* Split "a;b;c" in place into out[], NULL-terminated. */
static size_t
split(char *list, char **out, size_t max)
{
	size_t n = 0;

	for (char *p = list; *p != '\0' && n + 1 < max;) {
		char *semi = strchr(p, ';');
		out[n++] = p;
		if (semi == NULL)
			break;
		*semi = '\0';
		p = semi + 1;
	}
	out[n] = NULL;
	return n;
}

ParameterizedTest(struct env_case *c, env, build)
{
	char base_buf[sizeof c->base], spec_buf[sizeof c->spec], got[512] = "";
	char *base[16], *spec_list[16];
	struct env_var vars[16];
	struct container_spec spec;
	char **envp;
	size_t n_spec;

	snprintf(base_buf, sizeof base_buf, "%s", c->base);
	snprintf(spec_buf, sizeof spec_buf, "%s", c->spec);
	split(base_buf, base, 16);
	n_spec = split(spec_buf, spec_list, 16);
	memset(&spec, 0, sizeof spec);
	memset(vars, 0, sizeof vars);
	for (size_t i = 0; i < n_spec; i++) {
		char *eq = strchr(spec_list[i], '=');
		*eq = '\0';
		/* "?NAME=" an optional reference that found nothing */
		vars[i].absent = spec_list[i][0] == '?';
		vars[i].name = spec_list[i] + vars[i].absent;
		vars[i].value = eq + 1;
	}
	spec.env = vars;
	spec.n_env = n_spec;
	envp = env_build(base, &spec, c->home[0] ? c->home : NULL, c->listen_pid);
	cr_assert_not_null(envp, "%s", c->name);
	for (char **e = envp; *e; e++) {
		size_t used = strlen(got);
		snprintf(got + used, sizeof got - used, "%s%s", e == envp ? "" : ";", *e);
	}
	cr_assert_str_eq(got, c->want, "%s: got [%s] want [%s]", c->name, got, c->want);
	env_free(envp);
}

Test(env, slot_fits_a_pid)
{
	char *base[] = { NULL };
	struct container_spec spec;
	char **envp;

	memset(&spec, 0, sizeof spec);
	envp = env_build(base, &spec, NULL, true);
	cr_assert_not_null(envp);
	/* The child writes up to SPAWN_LISTEN_PID_WIDTH - 1 digits and a NUL
	 * into the blanks (spawn.c); 2^22, pid_max's ceiling, has 7. */
	cr_assert_eq(strlen(envp[0]), strlen("LISTEN_PID=") + SPAWN_LISTEN_PID_WIDTH);
	cr_assert_geq(SPAWN_LISTEN_PID_WIDTH - 1, 7);
	cr_assert_null(envp[1]);
	env_free(envp);
}
