// What `WebRTCPeerConnection.get_stats()` returns, and how it is read out of the browser's `getStats()` report.
// Chromium and Safari give a "transport" entry naming the selected candidate pair; Firefox (no transport stats)
// marks the pair `selected: true`; node-datachannel's polyfill gives a transport entry with fresh random ids on
// every call, so a pair is recognised by its candidates' addresses, never by its stats id.

/** An ICE candidate type as the browser names it, or `""` while no pair is selected. */
export type CandidateType = "host" | "srflx" | "prflx" | "relay" | "";

/**
 * Extension: one snapshot of a connection's transport, a plain object (Godot `Dictionary`) with snake_case keys.
 * Numbers the browser did not report read `null`; strings read `""`.
 */
export interface TransportStats {
  /** When this snapshot was read, in ms on `performance.now()`'s clock (0: none read yet). */
  timestamp: number;
  /** Whether ICE has selected a candidate pair (the fields below describe it). */
  has_selected_pair: boolean;
  /** The local candidate's type: `"relay"` means this side sends through a TURN server. */
  local_candidate_type: CandidateType;
  /** The remote candidate's type: `"relay"` means the other side uses a TURN server. */
  remote_candidate_type: CandidateType;
  /** Transport protocol of the pair, `"udp"` or `"tcp"` (for a relay: between the relay and the peer). */
  protocol: string;
  /** For a local relay candidate, how this side reaches the TURN server: `"udp"`, `"tcp"` or `"tls"`; else `""`. */
  relay_protocol: string;
  /** `"address:port"` of the local and the remote candidate (`""` when the browser hides them). */
  local_address: string;
  /** See `local_address`. */
  remote_address: string;
  /** The latest STUN consent round trip on the selected pair, in ms (`null` before the first answer). */
  round_trip_time_ms: number | null;
  /** Bytes sent / received on the transport (DTLS + SCTP payload and headers, ICE excluded), since it started. */
  bytes_sent: number;
  /** See `bytes_sent`. */
  bytes_received: number;
  /** Data-channel messages sent / received, summed over the connection's channels. */
  messages_sent: number;
  /** See `messages_sent`. */
  messages_received: number;
  /** The browser's estimate of the available outgoing bitrate in bits/s; `null` when it gives none. */
  available_outgoing_bitrate: number | null;
}

/** What `get_stats()` returns before the first snapshot and after `close()` / `initialize()`. */
export function emptyTransportStats(): TransportStats {
  return {
    timestamp: 0,
    has_selected_pair: false,
    local_candidate_type: "",
    remote_candidate_type: "",
    protocol: "",
    relay_protocol: "",
    local_address: "",
    remote_address: "",
    round_trip_time_ms: null,
    bytes_sent: 0,
    bytes_received: 0,
    messages_sent: 0,
    messages_received: 0,
    available_outgoing_bitrate: null,
  };
}

type Entry = Readonly<Record<string, unknown>>;

const CANDIDATE_TYPES: ReadonlySet<string> = new Set(["host", "srflx", "prflx", "relay"]);

/**
 * Reads a `getStats()` report (an `RTCStatsReport` or any map of stats entries) into a snapshot, plus the key
 * that identifies the selected pair by its two candidates (`""` when none). Never throws on odd entries.
 */
export function readTransportStats(report: unknown, now: number): { stats: TransportStats; pairKey: string } {
  const entries = entriesOf(report);
  const byId = new Map<unknown, Entry>();
  for (const entry of entries) byId.set(entry.id, entry);
  const transport = entries.find((entry) => entry.type === "transport" && typeof entry.selectedCandidatePairId === "string");
  const pair = (transport !== undefined ? byId.get(transport.selectedCandidatePairId) : undefined)
    ?? entries.find((entry) => entry.type === "candidate-pair" && entry.selected === true);
  const stats = emptyTransportStats();
  stats.timestamp = now;
  for (const entry of entries) {
    if (entry.type !== "data-channel") continue;
    stats.messages_sent += count(entry.messagesSent);
    stats.messages_received += count(entry.messagesReceived);
  }
  const totals = transport ?? pair;
  stats.bytes_sent = count(totals?.bytesSent);
  stats.bytes_received = count(totals?.bytesReceived);
  if (pair === undefined) return { stats, pairKey: "" };
  const local = byId.get(pair.localCandidateId);
  const remote = byId.get(pair.remoteCandidateId);
  stats.has_selected_pair = true;
  stats.local_candidate_type = candidateType(local?.candidateType);
  stats.remote_candidate_type = candidateType(remote?.candidateType);
  stats.protocol = text(local?.protocol) || text(remote?.protocol);
  stats.relay_protocol = stats.local_candidate_type === "relay" ? text(local?.relayProtocol) : "";
  stats.local_address = address(local);
  stats.remote_address = address(remote);
  stats.round_trip_time_ms = roundTripMs(pair);
  stats.available_outgoing_bitrate = positive(pair.availableOutgoingBitrate);
  const pairKey = `${stats.local_candidate_type} ${stats.local_address} ${stats.protocol} > ${stats.remote_candidate_type} ${stats.remote_address}`;
  return { stats, pairKey };
}

/** The entries of a stats report; an unreadable one gives none. */
function entriesOf(report: unknown): Entry[] {
  const entries: Entry[] = [];
  try {
    const values = (report as { values?: () => Iterable<unknown> } | null)?.values?.();
    for (const value of values ?? []) if (typeof value === "object" && value !== null) entries.push(value as Entry);
  } catch {
    return [];
  }
  return entries;
}

/** `currentRoundTripTime` (seconds) in ms; else the mean over every consent answer so far. */
function roundTripMs(pair: Entry): number | null {
  const current = positive(pair.currentRoundTripTime);
  if (current !== null) return current * 1000;
  const total = positive(pair.totalRoundTripTime);
  const answers = positive(pair.responsesReceived);
  return total !== null && answers !== null && answers > 0 ? (total / answers) * 1000 : null;
}

function address(candidate: Entry | undefined): string {
  const host = text(candidate?.address) || text(candidate?.ip);
  const port = candidate?.port;
  if (host === "") return "";
  return typeof port === "number" ? `${host.includes(":") ? `[${host}]` : host}:${port}` : host;
}

function candidateType(value: unknown): CandidateType {
  return typeof value === "string" && CANDIDATE_TYPES.has(value) ? (value as CandidateType) : "";
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

function positive(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}
