/* log: podinit's own stderr lines, "podinit: ..." one write(2) each.
 * fatal() exits only during setup; once the loop runs it logs and returns.
 * The foreground subcommands print theirs the same way under their own
 * name (log_set_prog("podinit status")). */
#ifndef PODINIT_LOG_H
#define PODINIT_LOG_H
#include <stdbool.h>

extern int log_verbosity;	/* 0 = warnings, 1 = info (-v), 2 = debug (-vv) */

void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));	/* + strerror(errno) */
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));		/* + strerror, exit 125 */
void log_enter_running_phase(void);
void log_set_prog(const char *name);	/* the lines' prefix, "podinit" until set */

#endif /* PODINIT_LOG_H */
