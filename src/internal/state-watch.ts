/**
 * Who wants to know that an object's readable state may have changed: `WebRTCMultiplayerPeer` watches its
 * peers' connections and channels, which report each browser state event (and their own `close()`), so its
 * `poll()` re-reads the browser only for a peer where something happened. Module scope and a WeakMap: the hook is
 * on no object, so a game can neither fire nor remove it.
 */
const watchers = new WeakMap<object, Set<() => void>>();

/** Calls `onChange` whenever `target` reports a state change, until `unwatchState(target, onChange)`. */
export function watchState(target: object, onChange: () => void): void {
  const set = watchers.get(target);
  if (set === undefined) watchers.set(target, new Set([onChange]));
  else set.add(onChange);
}

/** Stops calling `onChange` for `target`. */
export function unwatchState(target: object, onChange: () => void): void {
  const set = watchers.get(target);
  if (set === undefined) return;
  set.delete(onChange);
  if (set.size === 0) watchers.delete(target);
}

/** Tells `target`'s watchers that its state may have changed (they re-read it when they next need it). */
export function stateChanged(target: object): void {
  const set = watchers.get(target);
  if (set !== undefined) for (const onChange of set) onChange();
}
