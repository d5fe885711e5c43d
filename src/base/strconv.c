/* strconv: strict parsers.  Every parser rejects trailing garbage, empty
 * strings and overflow, so a typo in a flag or manifest is an error, not a
 * silently different number. */
#include "podinit/strconv.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "podinit/units.h"

int
strconv_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

size_t
strconv_split_words(char *s, char **words, size_t max)
{
	size_t n = 0;

	while (n < max) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (*s == '\0')
			break;
		words[n++] = s;
		while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
	return n;
}

/* One run of digits as an int, at most INT_MAX; the end in *end. */
static int
version_part(const char *s, int *out, const char **end)
{
	long v = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return -1;
	}
	*out = (int)v;
	*end = s;
	return 0;
}

int
strconv_version(const char *s, int *major, int *minor, const char **rest)
{
	const char *p;
	int maj, min;

	if (s == NULL || version_part(s, &maj, &p) == -1 || *p != '.' ||
	    version_part(p + 1, &min, &p) == -1)
		return -1;
	*major = maj;
	*minor = min;
	if (rest)
		*rest = p;
	return 0;
}

int
strconv_duration(const char *s, int64_t *out_ns)
{
	static const struct { const char *unit; int64_t ns; } units[] = {
		{ "ns", 1 }, { "us", NS_PER_US }, { "µs", NS_PER_US }, { "ms", NS_PER_MS },
		{ "s", NS_PER_SEC }, { "m", 60 * NS_PER_SEC }, { "h", 3600 * NS_PER_SEC },
	};
	int64_t total = 0;
	const char *p = s;

	if (s == NULL || *s == '\0')
		return -1;
	if (strcmp(s, "0") == 0) {
		*out_ns = 0;
		return 0;
	}
	while (*p != '\0') {
		int64_t whole = 0, frac = 0, frac_div = 1;
		size_t best = 0, ulen = 0;
		int digits = 0;

		while (isdigit((unsigned char)*p)) {
			if (whole > (INT64_MAX - 9) / 10)
				return -1;
			whole = whole * 10 + (*p++ - '0');
			digits++;
		}
		if (*p == '.') {
			p++;
			while (isdigit((unsigned char)*p)) {
				if (frac_div < NS_PER_SEC) {	/* nanosecond digits */
					frac = frac * 10 + (*p - '0');
					frac_div *= 10;
				}
				p++;
				digits++;
			}
		}
		if (digits == 0)
			return -1;
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
			size_t l = strlen(units[i].unit);
			if (strncmp(p, units[i].unit, l) == 0 && l > ulen) {
				best = i;
				ulen = l;
			}
		}
		if (ulen == 0)
			return -1;
		if (whole > INT64_MAX / units[best].ns)
			return -1;
		int64_t add = whole * units[best].ns + frac * units[best].ns / frac_div;
		if (total > INT64_MAX - add)
			return -1;
		total += add;
		p += ulen;
	}
	*out_ns = total;
	return 0;
}

static const char *const signal_names[] = {
	[SIGHUP] = "HUP", [SIGINT] = "INT", [SIGQUIT] = "QUIT", [SIGILL] = "ILL",
	[SIGTRAP] = "TRAP", [SIGABRT] = "ABRT", [SIGBUS] = "BUS", [SIGFPE] = "FPE",
	[SIGKILL] = "KILL", [SIGUSR1] = "USR1", [SIGSEGV] = "SEGV", [SIGUSR2] = "USR2",
	[SIGPIPE] = "PIPE", [SIGALRM] = "ALRM", [SIGTERM] = "TERM", [SIGSTKFLT] = "STKFLT",
	[SIGCHLD] = "CHLD", [SIGCONT] = "CONT", [SIGSTOP] = "STOP", [SIGTSTP] = "TSTP",
	[SIGTTIN] = "TTIN", [SIGTTOU] = "TTOU", [SIGURG] = "URG", [SIGXCPU] = "XCPU",
	[SIGXFSZ] = "XFSZ", [SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF", [SIGWINCH] = "WINCH",
	[SIGIO] = "IO", [SIGPWR] = "PWR", [SIGSYS] = "SYS",
};

int
strconv_signal(const char *s, int *out)
{
	int64_t n;
	const char *name = s;

	if (s == NULL || *s == '\0')
		return -1;
	if (strconv_int64(s, 1, 64, &n) == 0) {
		*out = (int)n;
		return 0;
	}
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (int i = 1; i < (int)(sizeof signal_names / sizeof signal_names[0]); i++) {
		if (signal_names[i] && strcasecmp(name, signal_names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	if (strcasecmp(name, "IOT") == 0) { *out = SIGABRT; return 0; }
	if (strcasecmp(name, "POLL") == 0) { *out = SIGIO; return 0; }
	if (strcasecmp(name, "CLD") == 0) { *out = SIGCHLD; return 0; }
	if (strncasecmp(name, "RTMIN", 5) == 0) {
		int64_t off = 0;
		if (name[5] != '\0' && (name[5] != '+' || strconv_int64(name + 6, 0, 64, &off) == -1))
			return -1;
		if (SIGRTMIN + off > SIGRTMAX)
			return -1;
		*out = SIGRTMIN + (int)off;
		return 0;
	}
	if (strncasecmp(name, "RTMAX", 5) == 0) {
		int64_t off = 0;
		if (name[5] != '\0' && (name[5] != '-' || strconv_int64(name + 6, 0, 64, &off) == -1))
			return -1;
		if (SIGRTMAX - off < SIGRTMIN)
			return -1;
		*out = SIGRTMAX - (int)off;
		return 0;
	}
	return -1;
}

const char *
strconv_signal_name(int sig)
{
	static char other[16][12];
	static unsigned slot;

	if (sig > 0 && sig < (int)(sizeof signal_names / sizeof signal_names[0]) && signal_names[sig]) {
		static char named[32][10];
		static unsigned nslot;
		char *p = named[nslot++ % 32];
		snprintf(p, sizeof named[0], "SIG%s", signal_names[sig]);
		return p;
	}
	char *p = other[slot++ % 16];
	snprintf(p, sizeof other[0], "SIG%d", sig);
	return p;
}

size_t
strconv_edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[128];

	if (la > 120 || lb > 120)
		return cap + 1;
	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0], best;
		row[0] = i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
			/* Case differences count as half an edit: round them to 1
			 * but let "periodseconds" still match periodSeconds. */
			if (cost == 0 && a[i - 1] != b[j - 1])
				cost = 0;
			size_t v = diag + cost;
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > cap)
			return cap + 1;
	}
	return row[lb] > cap ? cap + 1 : row[lb];
}

void
strconv_format_duration(int64_t ns, char *out, size_t outsz)
{
	const int64_t sec = NS_PER_SEC;

	if (ns == 0)
		snprintf(out, outsz, "0s");
	else if (ns % sec != 0 && ns < sec) {
		if (ns % NS_PER_MS == 0)
			snprintf(out, outsz, "%lldms", (long long)(ns / NS_PER_MS));
		else if (ns % NS_PER_US == 0)
			snprintf(out, outsz, "%lldus", (long long)(ns / NS_PER_US));
		else
			snprintf(out, outsz, "%lldns", (long long)ns);
	} else {
		int64_t s = ns / sec, h = s / 3600, m = (s / 60) % 60, rem = s % 60;
		int64_t ms = (ns % sec) / NS_PER_MS;
		char tail[32];

		if (ms)
			snprintf(tail, sizeof tail, "%lld.%03llds", (long long)rem, (long long)ms);
		else
			snprintf(tail, sizeof tail, "%llds", (long long)rem);
		if (h)
			snprintf(out, outsz, "%lldh%lldm%s", (long long)h, (long long)m, tail);
		else if (m)
			snprintf(out, outsz, "%lldm%s", (long long)m, tail);
		else
			snprintf(out, outsz, "%s", tail);
	}
}
