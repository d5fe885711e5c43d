/* env: the container's environment (see env.h). */
#include "podinit/env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/spawn.h"

static bool
named(const char *entry, size_t name_len, const char *name)
{
	return strlen(name) == name_len && strncmp(name, entry, name_len) == 0;
}

char **
env_build(char *const *base, const struct container_spec *spec, const char *home,
    bool listen_pid)
{
	size_t n = 0, k = 0;
	char **envp;
	bool spec_home = false;

	for (size_t i = 0; i < spec->n_env; i++)
		spec_home |= !spec->env[i].absent && strcmp(spec->env[i].name, "HOME") == 0;
	/* As container runtimes do: HOME follows the user the container
	 * runs as, unless the manifest sets it. */
	if (spec_home)
		home = NULL;

	for (char *const *e = base; *e; e++)
		n++;
	envp = calloc(n + spec->n_env + 3, sizeof *envp);
	if (envp == NULL)
		return NULL;
	for (char *const *e = base; *e; e++) {
		const char *eq = strchr(*e, '=');
		size_t nl = eq ? (size_t)(eq - *e) : strlen(*e);
		bool overridden = false;
		for (size_t i = 0; i < spec->n_env; i++)
			if (!spec->env[i].absent && named(*e, nl, spec->env[i].name))
				overridden = true;
		if (overridden || named(*e, nl, "LISTEN_PID") ||
		    (home != NULL && named(*e, nl, "HOME")))
			continue;
		envp[k++] = strdup(*e);
	}
	for (size_t i = 0; i < spec->n_env; i++) {
		size_t len = strlen(spec->env[i].name) + strlen(spec->env[i].value) + 2;
		char *v;

		/* With sockets to pass on, LISTEN_PID is the slot below: the
		 * child writes its pid into the first LISTEN_PID= entry, which
		 * must be the one with room for it. */
		if (listen_pid && strcmp(spec->env[i].name, "LISTEN_PID") == 0)
			continue;
		/* an optional reference that found nothing: kubelet sets none */
		if (spec->env[i].absent)
			continue;
		v = malloc(len);
		if (v != NULL)
			snprintf(v, len, "%s=%s", spec->env[i].name, spec->env[i].value);
		envp[k++] = v;
	}
	if (home != NULL) {
		size_t len = strlen(home) + 6;
		char *v = malloc(len);
		if (v != NULL)
			snprintf(v, len, "HOME=%s", home);
		envp[k++] = v;
	}
	if (listen_pid) {
		/* Blanks the child overwrites with its pid (spawn.c). */
		size_t len = sizeof "LISTEN_PID=" + SPAWN_LISTEN_PID_WIDTH;
		char *v = malloc(len);
		if (v != NULL)
			snprintf(v, len, "LISTEN_PID=%*s", SPAWN_LISTEN_PID_WIDTH, "");
		envp[k++] = v;
	}
	envp[k] = NULL;
	for (size_t i = 0; i < k; i++)
		if (envp[i] == NULL) {
			for (size_t j = 0; j < k; j++)
				free(envp[j]);
			free(envp);
			return NULL;
		}
	return envp;
}

void
env_free(char **envp)
{
	if (envp == NULL)
		return;
	for (char **e = envp; *e; e++)
		free(*e);
	free(envp);
}
