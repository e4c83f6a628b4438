// Renders bench/results/latest.json as one self-contained HTML page (inline SVG, no scripts, no network).
const COLORS = { raw: "#8a8f98", lib: "#2f6fdb", libFrame: "#7aa7f0", peerjs: "#d9822b" };
const NAMES = { raw: "raw RTCDataChannel", lib: "library (drain in message task)", libFrame: "library (drain per frame)", peerjs: "PeerJS (raw serialization)" };

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** Horizontal bars: groups of { label, bars: [{ kind, value, text }] }, scaled to the largest value. */
function bars(title, groups, { marker, markerLabel } = {}) {
  const rowHeight = 18;
  const labelWidth = 230;
  const width = 900;
  const plot = width - labelWidth - 300;
  const max = Math.max(...groups.flatMap((group) => group.bars.map((bar) => bar.value)), marker ?? 0) || 1;
  let y = 30;
  const parts = [];
  for (const group of groups) {
    parts.push(`<text x="0" y="${y + 12}" class="group">${escape(group.label)}</text>`);
    y += 18;
    for (const bar of group.bars) {
      const w = Math.max(1, (bar.value / max) * plot);
      parts.push(`<text x="${labelWidth - 8}" y="${y + 13}" text-anchor="end">${escape(NAMES[bar.kind] ?? bar.kind)}</text>`);
      parts.push(`<rect x="${labelWidth}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowHeight - 4}" fill="${COLORS[bar.kind] ?? "#555"}"/>`);
      parts.push(`<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 13}">${escape(bar.text)}</text>`);
      y += rowHeight;
    }
    y += 8;
  }
  if (marker !== undefined) {
    const x = labelWidth + (marker / max) * plot;
    parts.push(`<line x1="${x}" x2="${x}" y1="26" y2="${y}" stroke="#c33" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${x + 4}" y="22" fill="#c33">${escape(markerLabel ?? "")}</text>`);
  }
  return `<h2>${escape(title)}</h2><svg width="${width}" height="${y + 4}" viewBox="0 0 ${width} ${y + 4}">${parts.join("")}</svg>`;
}

const GODOT_COLORS = { godot: "#478cbf", shim: "#2f6fdb", raw: "#8a8f98", shimToGodot: "#5fb37a", godotToShim: "#b38a5f" };
const GODOT_NAMES = { godot: "Godot↔Godot", shim: "shim↔shim", raw: "raw", shimToGodot: "shim→Godot", godotToShim: "Godot→shim" };
Object.assign(COLORS, { variant: "#2f6fdb", json: "#d9822b", godotCodec: "#478cbf" });
Object.assign(NAMES, { variant: "our var_to_bytes", json: "JSON + TextEncoder", godotCodec: "Godot var_to_bytes (WASM)" });

/** The Godot half: received MB/s per size, four ways (and Godot with its default ring), the codec, RPCs. */
function godotSections(godot, untuned) {
  const sections = [];
  const kinds = Object.keys(GODOT_NAMES);
  COLORS["g:untuned"] = "#9fc3e0";
  NAMES["g:untuned"] = `Godot↔Godot, default ${untuned?.godotInBufferKb ?? 64} KiB ring`;
  Object.assign(COLORS, Object.fromEntries(kinds.map((kind) => [`g:${kind}`, GODOT_COLORS[kind]])));
  Object.assign(NAMES, Object.fromEntries(kinds.map((kind) => [`g:${kind}`, GODOT_NAMES[kind]])));
  sections.push(bars(`Against Godot ${godot.engine} web: received MB/s, everyone driven once per frame (receive ring ${godot.godotInBufferKb} KiB)`,
    Object.entries(godot.dataPath).map(([id, entry]) => ({
      label: id,
      bars: [
        ...kinds.map((kind) => ({ kind: `g:${kind}`, value: entry[kind].megabytesPerSecond, text: `${entry[kind].megabytesPerSecond} MB/s, ${entry[kind].lossPercent} % lost` })),
        ...(untuned?.dataPath?.[id] ? [{ kind: "g:untuned", value: untuned.dataPath[id].godot.megabytesPerSecond, text: `${untuned.dataPath[id].godot.megabytesPerSecond} MB/s, ${untuned.dataPath[id].godot.lossPercent} % lost` }] : []),
      ],
    }))));
  if (godot.rpc) {
    const rpc = godot.rpc;
    sections.push(bars("RPCs, two SceneMultiplayers, driven once per frame (calls received per second; higher is better)", ["small", "large"].map((kind) => ({
      label: kind === "small" ? "small: (int, Vector2)" : "large: 1 KiB PackedByteArray",
      bars: [["g:godot", rpc[kind].godot], ["g:shim", rpc[kind].shim]].map(([key, entry]) => ({ kind: key, value: entry.receivedPerSecond, text: `${entry.receivedPerSecond.toLocaleString("en")} /s, ${entry.lossPercent} % lost` })),
    }))));
  }
  const c = godot.codec;
  if (c) {
    const rows = [["godotCodec", c.godot], ["variant", c.variant], ["json", c.json]];
    sections.push(bars(`Codec, ${c.players}-player game state (ops/s, same page; higher is better)`, [
      { label: "encode", bars: rows.map(([kind, entry]) => ({ kind, value: entry.encodeOpsPerSecond, text: `${entry.encodeOpsPerSecond.toLocaleString("en")} /s` })) },
      { label: "decode", bars: rows.map(([kind, entry]) => ({ kind, value: entry.decodeOpsPerSecond, text: `${entry.decodeOpsPerSecond.toLocaleString("en")} /s` })) },
      { label: "bytes on the wire", bars: rows.map(([kind, entry]) => ({ kind, value: entry.bytes, text: `${entry.bytes} B` })) },
    ]));
  }
  return sections;
}

function sizeSection(size) {
  return bars("Where the bytes go (min+gzip share per module, kB)", Object.values(size).map((entry) => ({
    label: `${entry.label}: ${(entry.gzip / 1000).toFixed(2)} kB`,
    bars: entry.modules.slice(0, 10).map((row) => ({ kind: row.module.split("/").pop(), value: row.gzipShare / 1000, text: `${(row.gzipShare / 1000).toFixed(2)} kB` })),
  })));
}

/** The whole page. */
export function renderChart(report) {
  const { meta, throughput, roundTrip, setup, poll, memory } = report;
  const kinds = ["raw", "lib", "libFrame", "peerjs"];
  const sections = [];
  if (report.godot) sections.push(...godotSections(report.godot, report.godotDefaultRing));
  if (report.mesh) {
    const rows = [["g:shim", report.mesh], ...(report.godot?.mesh ? [["g:godot", report.godot.mesh]] : [])];
    sections.push(bars("8-peer mesh: poll() + drain of every peer, per frame (µs, median; lower is better; Godot's clock ticks in 100 µs)", [
      { label: "idle", bars: rows.map(([kind, mesh]) => ({ kind, value: mesh.idle.medianUs, text: `${mesh.idle.medianUs} µs` })) },
      { label: "20 Hz state from everyone", bars: rows.map(([kind, mesh]) => ({ kind, value: mesh.state20Hz.medianUs, text: `${mesh.state20Hz.medianUs} µs` })) },
    ], { marker: 20, markerLabel: "20 µs target" }));
  }
  if (throughput) sections.push(bars("Throughput relative to raw (messages/s, median of rounds; 1.0 = the browser's own API)",
    Object.values(throughput).map((entry) => ({
      label: entry.label,
      bars: kinds.map((kind) => ({
        kind,
        value: entry[kind].messagesPerSecond / entry.raw.messagesPerSecond,
        text: `${(entry[kind].messagesPerSecond / entry.raw.messagesPerSecond).toFixed(2)}×  ${entry[kind].messagesPerSecond.toLocaleString("en")} msg/s, ${entry[kind].megabytesPerSecond} MB/s${entry.reliable ? "" : `, ${entry[kind].lossPercent} % lost`}`,
      })),
    })), { marker: 0.95, markerLabel: "0.95× target (0.90× at 64 B)" }));
  if (roundTrip) sections.push(bars("Ping-pong round trip, 64 B (ms; lower is better)", [
    { label: "median", bars: kinds.map((kind) => ({ kind, value: roundTrip[kind].medianMs, text: `${roundTrip[kind].medianMs.toFixed(3)} ms` })) },
    { label: "p99", bars: kinds.map((kind) => ({ kind, value: roundTrip[kind].p99Ms, text: `${roundTrip[kind].p99Ms.toFixed(3)} ms` })) },
  ]));
  const three = ["raw", "lib", "peerjs"];
  if (setup) sections.push(bars("Setup: create_offer() → channel open on both sides (median of fresh pairs, ms)", [
    { label: "setup", bars: three.map((kind) => ({ kind, value: setup[kind].medianMs, text: `${setup[kind].medianMs.toFixed(2)} ms (${(setup[kind].medianMs / setup.raw.medianMs).toFixed(2)}×)` })) },
  ]));
  if (memory) sections.push(bars("JS heap per open connection (KB; native WebRTC memory not included)", [
    { label: "heap", bars: three.map((kind) => ({ kind, value: memory[kind].bytesPerConnection / 1000, text: `${(memory[kind].bytesPerConnection / 1000).toFixed(1)} KB` })) },
  ]));
  if (report.size) sections.push(sizeSection(report.size));
  const targetRows = report.targets.map((t) => `<tr><td>${escape(t.figure)}</td><td>${escape(t.target)}</td><td>${t.value}${t.unit ? ` ${t.unit}` : "×"}</td><td class="${t.pass ? "pass" : "miss"}">${t.pass ? "met" : "missed"}</td></tr>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>godot-webrtc-shim benchmark</title>
<style>
body { font: 13px system-ui, sans-serif; margin: 24px; color: #222; max-width: 940px; }
h1 { font-size: 20px; } h2 { font-size: 15px; margin: 24px 0 4px; }
svg text { font: 12px system-ui, sans-serif; fill: #222; } svg text.group { font-weight: 600; }
table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: left; }
.pass { color: #16794a; font-weight: 600; } .miss { color: #b3261e; font-weight: 600; } .meta { color: #555; }
</style></head><body>
<h1>godot-webrtc-shim: benchmark against Godot 4.6 web, the browser's own data channels and PeerJS</h1>
<p class="meta">${escape(meta.date)} · ${escape(meta.browser)} · ${escape(meta.cpu)} · ${escape(meta.os)} · ${meta.rounds} rounds per figure, turns alternating · load average at end ${escape(meta.loadAverageAtEnd.join(" / "))}</p>
<h2>Targets</h2><table><tr><th>figure</th><th>target</th><th>measured</th><th></th></tr>${targetRows}</table>
${sections.join("\n")}
${poll ? `<h2>poll()</h2><p>nothing queued: ${poll.emptyNs} ns per call · 1,000 queued events: ${(poll.queued1000Ns / 1000).toFixed(1)} µs per call (${poll.perEventNs} ns per event, one handler connected)</p>` : ""}
</body></html>
`;
}
