/* log: podinit's own messages on stderr.  Each line is formatted into one
 * buffer and written with a single write(2), so lines never interleave with
 * the workload's output mid-line, and no stdio buffer survives a fork. */
#include "podinit/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int log_verbosity;
static bool running_phase;
static const char *prog = "podinit";

static void
emit(const char *fmt, va_list ap, int err)
{
	char line[1024];
	size_t n;
	int r;

	r = snprintf(line, sizeof line, "%s: ", prog);
	n = (size_t)r;
	r = vsnprintf(line + n, sizeof line - n, fmt, ap);
	if (r > 0)
		n += (size_t)r < sizeof line - n ? (size_t)r : sizeof line - n - 1;
	if (err && n < sizeof line - 1) {
		r = snprintf(line + n, sizeof line - n, ": %s", strerror(err));
		if (r > 0)
			n += (size_t)r < sizeof line - n ? (size_t)r : sizeof line - n - 1;
	}
	if (n >= sizeof line - 1)
		n = sizeof line - 2;
	line[n++] = '\n';
	/* A closed or full stderr must never kill init: ignore the result. */
	ssize_t w = write(STDERR_FILENO, line, n);
	(void)w;
}

#define LOG_BODY(err) do { va_list ap; va_start(ap, fmt); emit(fmt, ap, err); va_end(ap); } while (0)

void
log_warn(const char *fmt, ...)
{
	int saved = errno;

	LOG_BODY(saved);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	int saved = errno;

	LOG_BODY(0);
	errno = saved;
}

void
log_info(const char *fmt, ...)
{
	int saved = errno;

	if (log_verbosity >= 1)
		LOG_BODY(0);
	errno = saved;
}

void
log_debug(const char *fmt, ...)
{
	int saved = errno;

	if (log_verbosity >= 2)
		LOG_BODY(0);
	errno = saved;
}

void
fatal(const char *fmt, ...)
{
	int saved = errno;

	LOG_BODY(saved);
	if (!running_phase)
		exit(125);
	errno = saved;
}

void
log_set_prog(const char *name)
{
	prog = name;
}

void
log_enter_running_phase(void)
{
	running_phase = true;
}
