// The one way unit tests wait for something real (a socket, a Node WebRTC stack): a condition with a deadline
// and a message saying what did not happen. Fake-network tests step their world instead (signaling-relay's
// pumpUntil), so they never wait on the clock.

/** How long `until` waits before failing, unless told otherwise. */
export const DEADLINE_MS = 2000;

/**
 * Resolves once `condition()` is true; rejects with "timed out after … waiting for `what`" after `ms`. Before
 * each check it calls `each` (a game's frame: poll the objects under test), then yields for a few milliseconds.
 */
export async function until(condition: () => boolean, what: string, ms = DEADLINE_MS, each?: () => void): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    each?.();
    if (condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
