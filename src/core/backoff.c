/* backoff: kubelet's crash-loop back-off, pure arithmetic on ns.  See
 * backoff.h for the contract; the comments here say where kubelet's
 * rules come from. */
#include "podinit/backoff.h"

void
backoff_init(struct backoff *b, int64_t initial_ns, int64_t max_ns,
    int64_t reset_after_ns)
{
	b->initial = initial_ns < 0 ? 0 : initial_ns;
	b->max = max_ns < b->initial ? b->initial : max_ns;
	b->reset_after = reset_after_ns < 0 ? 0 : reset_after_ns;
	b->has_entry = false;
	b->cur = 0;
	b->last_update = 0;
}

/* K8S: NewMainKubelet's HasExpiredFunc: eventTime - lastUpdate > 600 s. */
static bool
expired(const struct backoff *b, int64_t event_time)
{
	return event_time - b->last_update > b->reset_after;
}

int64_t
backoff_delay(const struct backoff *b, int64_t finished_at)
{
	/* K8S: IsInBackOffSince: no entry or expired → not in back-off;
	 * else in back-off while now - finishedAt < entry.backoff. */
	if (!b->has_entry || expired(b, finished_at))
		return 0;
	return b->cur;
}

void
backoff_restarted_at(struct backoff *b, int64_t finished_at, int64_t now)
{
	/* K8S: Backoff.Next(key, finishedAt). */
	if (!b->has_entry || expired(b, finished_at)) {
		b->cur = b->initial;
		b->has_entry = true;
	} else if (b->cur > b->max / 2) {
		b->cur = b->max;	/* min(2*cur, max) without overflow */
	} else {
		b->cur *= 2;
		if (b->cur > b->max)
			b->cur = b->max;
	}
	b->last_update = now;
}

void
backoff_restarted(struct backoff *b, int64_t now)
{
	backoff_restarted_at(b, now, now);
}

void
backoff_forget(struct backoff *b)
{
	b->has_entry = false;
	b->cur = 0;
	b->last_update = 0;
}
