// The docs say what works, so it is run: the README's GDScript example in the real Godot 4.6 web build, talking to
// a shim peer in the same page, and docs/examples/node-loopback.mjs on a machine whose only interface is loopback
// (a network namespace of its own). Needs `npm run build` (the example imports the package) and the Godot engine
// (`node scripts/godot-engine.mjs`; `npm run test:e2e` fetches both).
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { PROJECT_ROOT, requireDist } from "./support/bundle";
import { startGodot } from "./support/godot-peer";
import { forwardPageProblems } from "./support/pages";

const run = promisify(execFile);

/** The first ```gdscript block of README.md. */
async function readmeGdscript(): Promise<string> {
  const readme = await readFile(join(PROJECT_ROOT, "README.md"), "utf8");
  const block = /```gdscript\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error("README.md has no ```gdscript block");
  return block;
}

// What a game's signaling would be: the two functions the example calls, and the page's messages handed to the
// two the example offers (through the test bridge's queues; the page side is e2e/fixtures/godot.ts's linkToGodot).
const SIGNALING_STUBS = `

func send_to_remote(type: String, sdp: String) -> void:
	Bridge.post("signal_from_godot", {"kind": "sdp", "type": type, "sdp": sdp})


func send_candidate(media: String, index: int, candidate: String) -> void:
	Bridge.post("signal_from_godot", {"kind": "ice", "media": media, "index": index, "name": candidate})


func _physics_process(_delta: float) -> void:
	var message: Variant = Bridge.take("signal_to_godot")
	while message != null:
		if message["kind"] == "sdp":
			on_remote_description(message["type"], message["sdp"])
		else:
			on_remote_candidate(message["media"], int(message["index"]), message["name"])
		message = Bridge.take("signal_to_godot")
`;

test("the README's GDScript example runs in Godot 4.6 and prints what a shim peer sends it", async ({ page }) => {
  forwardPageProblems(page, "godot page");
  const example = await readmeGdscript();
  expect(example, "the example is a whole script: extends, _ready, _process").toMatch(/^(#.*\n)*extends Node\n[\s\S]*func _ready\(\)[\s\S]*func _process\(/);
  const godot = await startGodot(page, { scripts: { "main.gd": example + SIGNALING_STUBS } });
  await page.evaluate(async () => {
    const { GodotWebRTC, harness, linkToGodot } = window;
    const pc = new GodotWebRTC.WebRTCPeerConnection();
    pc.initialize({ iceServers: [] });
    const channel = pc.create_data_channel("chat", { negotiated: true, id: 1 })!;
    linkToGodot(pc);
    harness.pollLoop([pc]);
    await harness.openChannels([channel]);
    channel.put_packet(new TextEncoder().encode("hello from the shim"));
  });
  await godot.waitForLine("hello from the shim");
  expect(godot.errors, "the example runs without a script error").toEqual([]);
});

test("docs/examples/node-loopback.mjs connects on a machine with only a loopback interface", async () => {
  requireDist(["node.js"]);
  // A namespace of its own with nothing but `lo`: what a container without a network or a CI sandbox has.
  const unshare = process.getuid?.() === 0 ? ["-n"] : ["-r", "-n"];
  const script = `ip link set lo up && exec node docs/examples/node-loopback.mjs`;
  const { stdout } = await run("unshare", [...unshare, "sh", "-c", script], { cwd: PROJECT_ROOT, timeout: 30_000, env: { ...process.env, FORCE_COLOR: "0" } });
  expect(stdout).toContain("received: { hello: 'from Node', pos: Vector2 { x: 1.5, y: 2 }, hp: 100 }");
});
