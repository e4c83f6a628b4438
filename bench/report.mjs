// The benchmark's verdicts (targets) and its table on stdout, from the report bench/run.mjs assembles.
const KINDS = ["raw", "lib", "libFrame", "peerjs"];
const NAMES = { raw: "raw RTCDataChannel", lib: "library, drain in message task", libFrame: "library, drain per frame", peerjs: "PeerJS (raw serialization)" };
const GODOT_KINDS = ["godot", "shim", "raw", "shimToGodot", "godotToShim"];
/** The Godot half's contenders, all driven once per frame (bench/godot/). */
export const GODOT_NAMES = { godot: "Godot↔Godot", shim: "shim↔shim", raw: "raw", shimToGodot: "shim→Godot", godotToShim: "Godot→shim" };

const round3 = (value) => Number(value.toFixed(3));

/** Each target of issue 16 (and the earlier ones against raw) with its measured value and whether it is met. */
export function targets(results) {
  const list = [];
  if (results.throughput) {
    const ratio = (id) => results.throughput[id].lib.pairedRatioToRaw;
    for (const [id, figure, want] of [["reliable-64", "64 B reliable", 0.9], ["reliable-1k", "1 KiB", 0.95], ["reliable-16k", "16 KiB", 0.95], ["unreliable-64", "64 B unreliable", 0.9]]) {
      list.push({ figure: `throughput ${figure}, library vs raw (turn-by-turn)`, target: `≥ ${want.toFixed(2)}× raw`, value: ratio(id), pass: ratio(id) >= want });
    }
    const rtt = results.roundTrip.lib.pairedRatioToRaw;
    list.push({ figure: "round trip, shim↔shim vs raw (drain in message task, turn-by-turn)", target: "≤ 1.05× raw", value: rtt, pass: rtt <= 1.05 });
    const setup = results.setup.lib.pairedRatioToRaw;
    list.push({ figure: "setup time vs raw (turn-by-turn)", target: "≤ 1.05× raw", value: setup, pass: setup <= 1.05 });
    list.push({ figure: "poll() with nothing queued", target: "< 1 µs", value: results.poll.emptyNs / 1000, unit: "µs", pass: results.poll.emptyNs < 1000 });
  }
  if (results.mesh) {
    const idle = results.mesh.idle.medianUs;
    list.push({ figure: `${results.mesh.peers}-peer mesh: poll() + drain per frame, idle (median)`, target: "< 20 µs", value: idle, unit: "µs", pass: idle < 20 });
  }
  const godot = results.godot;
  if (godot) {
    for (const [id, entry] of Object.entries(godot.dataPath)) {
      const value = entry.shim.megabytesPerSecond / entry.godot.megabytesPerSecond;
      list.push({ figure: `data path ${id}, shim↔shim vs Godot↔Godot (received MB/s, per frame)`, target: "≥ 1.0×", value, pass: value >= 1 });
    }
  }
  if (godot?.rpc) {
    const rpc = godot.rpc.small;
    const value = rpc.shim.receivedPerSecond / rpc.godot.receivedPerSecond;
    list.push({ figure: "RPCs: small calls received per second, shim↔shim vs Godot↔Godot", target: "≥ 2.0×, nothing lost", value, pass: value >= 2 && rpc.shim.lossPercent === 0 });
  }
  const codec = godot?.codec ?? null;
  const ours = results.codec?.variant ?? codec?.variant;
  const json = results.codec?.json ?? codec?.json;
  if (ours && json) {
    const both = (entry) => 1 / (1 / entry.encodeOpsPerSecond + 1 / entry.decodeOpsPerSecond);
    const value = both(ours) / both(json);
    list.push({ figure: "codec: var_to_bytes + bytes_to_var vs JSON + TextEncoder/Decoder (encode-and-decode per second)", target: "> 1.0×", value, pass: value > 1 });
    list.push({ figure: "codec: bytes on the wire vs JSON", target: "< 1.0×", value: ours.bytes / json.bytes, pass: ours.bytes < json.bytes });
  }
  if (results.size) {
    const gzip = results.size["peer-connection"].gzip;
    list.push({ figure: "import { WebRTCPeerConnection } alone, min+gzip", target: "≤ 7 kB", value: gzip / 1000, unit: "kB", pass: gzip <= 7000 });
    list.push({ figure: "whole core, min+gzip", target: "≤ 13 kB", value: results.size.core.gzip / 1000, unit: "kB", pass: results.size.core.gzip <= 13000 });
  }
  return list.map((entry) => ({ ...entry, value: round3(entry.value) }));
}

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column] ?? "").length)));
  console.log("");
  rows.forEach((row, index) => {
    console.log(row.map((value, column) => (column === 0 ? String(value ?? "").padEnd(widths[column]) : String(value ?? "").padStart(widths[column]))).join("  "));
    if (index === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
  });
}

const times = (value, base) => `(${(value / base).toFixed(2)}×)`;

function browserTable({ throughput, roundTrip, setup, poll, memory }) {
  const rows = [["figure", ...KINDS.map((kind) => NAMES[kind])]];
  for (const entry of Object.values(throughput)) {
    const raw = entry.raw;
    rows.push([`${entry.label}: msg/s`, ...KINDS.map((kind) => `${entry[kind].messagesPerSecond.toLocaleString("en")} ${kind === "raw" ? "" : times(entry[kind].messagesPerSecond, raw.messagesPerSecond)}`)]);
    rows.push([`${entry.label}: MB/s`, ...KINDS.map((kind) => `${entry[kind].megabytesPerSecond}`)]);
    if (!entry.reliable) rows.push([`${entry.label}: lost`, ...KINDS.map((kind) => `${entry[kind].lossPercent} %`)]);
  }
  rows.push(["round trip median (ms)", ...KINDS.map((kind) => `${roundTrip[kind].medianMs.toFixed(3)} ${kind === "raw" ? "" : times(roundTrip[kind].medianMs, roundTrip.raw.medianMs)}`)]);
  rows.push(["round trip p99 (ms)", ...KINDS.map((kind) => `${roundTrip[kind].p99Ms.toFixed(3)} ${kind === "raw" ? "" : times(roundTrip[kind].p99Ms, roundTrip.raw.p99Ms)}`)]);
  const three = (key, format) => KINDS.map((kind) => (kind === "libFrame" ? "" : format(kind === "lib" ? key.lib : key[kind], kind)));
  rows.push(["setup, create_offer → both open (ms)", ...three(setup, (entry, kind) => `${entry.medianMs.toFixed(2)} ${kind === "raw" ? "" : times(entry.medianMs, setup.raw.medianMs)}`)]);
  rows.push(["JS heap per open connection (KB)", ...three(memory, (entry, kind) => `${(entry.bytesPerConnection / 1000).toFixed(1)} ${kind === "raw" ? "" : times(entry.bytesPerConnection, memory.raw.bytesPerConnection)}`)]);
  if (memory.queuedPacket64) rows.push(["JS heap per queued 64 B packet (B)", "", `${memory.queuedPacket64.bytesPerPacket}`, "", ""]);
  rows.push(["poll(): nothing queued / 1,000 queued", "", `${poll.emptyNs} ns / ${(poll.queued1000Ns / 1000).toFixed(1)} µs`, "", ""]);
  table(rows);
}

function godotTable(godot) {
  console.log(`\nGodot ${godot.engine} (receive ring ${godot.godotInBufferKb} KiB), everyone driven ${godot.driving}:`);
  const rows = [["received MB/s (lost)", ...GODOT_KINDS.map((kind) => GODOT_NAMES[kind])]];
  for (const [id, entry] of Object.entries(godot.dataPath ?? {})) {
    rows.push([id, ...GODOT_KINDS.map((kind) => `${entry[kind].megabytesPerSecond} ${kind === "godot" ? "" : times(entry[kind].megabytesPerSecond, entry.godot.megabytesPerSecond)} (${entry[kind].lossPercent} %)`)]);
  }
  const rtt = godot.roundTrip;
  if (rtt.godot) rows.push(["round trip median (ms)", `${rtt.godot.medianMs}`, `${rtt.shim.medianMs}`, `${rtt.raw.medianMs}`, `${rtt.shimGodot.medianMs} (both ways)`, ""]);
  if (godot.setup.godot) rows.push(["setup (ms, polled per frame)", `${godot.setup.godot.medianMs}`, `${godot.setup.shim.medianMs}`, "", "", ""]);
  table(rows);
  if (godot.rpc) {
    const { rpc } = godot;
    console.log("\nRPCs, two SceneMultiplayers, driven once per frame (calls received per second, lost):");
    // The mixed columns (shim→Godot, Godot→shim) are absent from results older than them.
    const who = ["godot", "shim", "shimToGodot", "godotToShim"].filter((w) => rpc.small[w]);
    const cell = (kind, w) => `${rpc[kind][w].receivedPerSecond.toLocaleString("en")}${w === "godot" ? "" : ` ${times(rpc[kind][w].receivedPerSecond, rpc[kind].godot.receivedPerSecond)}`} (${rpc[kind][w].lossPercent} %)`;
    table([["", "Godot↔Godot", "shim↔shim", "shim→Godot", "Godot→shim"].slice(0, who.length + 1),
      ...["small", "large"].map((kind) => [kind === "small" ? "small (int, Vector2)" : "large (1 KiB PackedByteArray)", ...who.map((w) => cell(kind, w))]),
      ["ping-pong round trip (ms)", `${rpc.roundTrip.godot.medianMs.toFixed(2)}`, `${rpc.roundTrip.shim.medianMs.toFixed(2)}`, ...(rpc.roundTrip.shimGodot ? [`${rpc.roundTrip.shimGodot.medianMs.toFixed(2)} (shim pings)`, ""] : [])],
      ...(rpc.costPerCall ? ["small", "large"].map((kind) => [`${kind}: µs per call, send / receive`,
        `${rpc.costPerCall[kind].godot.sendUsPerCall} / ${rpc.costPerCall[kind].godot.receiveUsPerCall}`,
        `${rpc.costPerCall[kind].shim.sendUsPerCall} / ${rpc.costPerCall[kind].shim.receiveUsPerCall}`]) : [])]);
  }
  const c = godot.codec;
  if (c) {
    console.log(`\ncodec, ${c.players}-player state (same page; Godot timed in GDScript; identical bytes from ours and Godot's: ${c.identicalBytes ? "yes" : "NO"}):`);
    table([["", "Godot var_to_bytes (WASM)", "our var_to_bytes", "JSON + TextEncoder"],
      ["encode ops/s", ...["godot", "variant", "json"].map((kind) => c[kind].encodeOpsPerSecond.toLocaleString("en"))],
      ["decode ops/s", ...["godot", "variant", "json"].map((kind) => c[kind].decodeOpsPerSecond.toLocaleString("en"))],
      ["bytes", ...["godot", "variant", "json"].map((kind) => c[kind].bytes)]]);
  }
}

/** Prints every part the report holds, then the targets. */
export function printTable(report) {
  if (report.throughput) browserTable(report);
  if (report.codec) {
    console.log("\ncodec in the built page (ours vs JSON, turn about):");
    table([["", "our var_to_bytes / bytes_to_var", "JSON + TextEncoder / TextDecoder"],
      ["encode ops/s", report.codec.variant.encodeOpsPerSecond.toLocaleString("en"), report.codec.json.encodeOpsPerSecond.toLocaleString("en")],
      ["decode ops/s", report.codec.variant.decodeOpsPerSecond.toLocaleString("en"), report.codec.json.decodeOpsPerSecond.toLocaleString("en")],
      ["bytes", report.codec.variant.bytes, report.codec.json.bytes]]);
  }
  if (report.mesh) {
    const { mesh } = report;
    const godotMesh = report.godot?.mesh;
    console.log(`\n${mesh.peers}-peer mesh, poll() + drain of every peer per frame (µs, median / p99):`);
    table([["", "shim", "Godot 4.6 web"],
      ["idle", `${mesh.idle.medianUs} / ${mesh.idle.p99Us}`, godotMesh ? `${godotMesh.idle.medianUs} / ${godotMesh.idle.p99Us}` : "—"],
      ["20 Hz state from everyone", `${mesh.state20Hz.medianUs} / ${mesh.state20Hz.p99Us}`, godotMesh ? `${godotMesh.state20Hz.medianUs} / ${godotMesh.state20Hz.p99Us}` : "—"]]);
  }
  if (report.godot) godotTable(report.godot);
  const untuned = report.godotDefaultRing;
  if (untuned?.dataPath) {
    console.log(`\nGodot↔Godot with Godot's default ${untuned.godotInBufferKb} KiB receive ring (same driving):`);
    table([["", "received MB/s", "lost", "\"Buffer full\" errors"], ...Object.entries(untuned.dataPath).map(([id, entry]) => [id, entry.godot.megabytesPerSecond, `${entry.godot.lossPercent} %`, entry.godot.bufferFullErrors])]);
  }
  if (report.size) {
    for (const entry of Object.values(report.size)) {
      console.log(`\nwhere the bytes go, ${entry.label}: ${(entry.gzip / 1000).toFixed(2)} kB min+gzip`);
      console.log(entry.modules.slice(0, 8).map((row) => `  ${(row.gzipShare / 1000).toFixed(2)} kB  ${row.module}`).join("\n"));
    }
  }
  console.log("\ntargets:");
  for (const target of report.targets) {
    console.log(`  ${target.pass ? "PASS" : "MISS"}  ${target.figure}: ${target.value}${target.unit ? ` ${target.unit}` : "×"} (target ${target.target})`);
  }
}
