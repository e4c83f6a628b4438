// The published artefacts, as users take them: the script-tag build in a page with no bundler, and the ESM
// entries imported by name into an app that Vite bundles. Needs `npm run build` first (`npm test` does it).
import { expect, test, type Page } from "@playwright/test";
import "./support/page-globals";
import { bundleApp, DIST, PROJECT_ROOT, requireDist } from "./support/bundle";
import { forwardPageProblems } from "./support/pages";
import type { ScenarioResult } from "./support/scenario-result";
import { serveStatic } from "./support/static-server";

const FIXTURES = `${PROJECT_ROOT}/e2e/fixtures/artefacts`;

/** The names the main and core entries export at run time, no more, no fewer (the README's "Exported names"). */
const EXPORTED_NAMES = [
  "WebRTCPeerConnection", "WebRTCDataChannel", "WebRTCMultiplayerPeer", "GodotError", "ConnectionState",
  "GatheringState", "SignalingState", "ChannelState", "WriteMode", "TransferMode", "ConnectionStatus",
  "SceneMultiplayer",
].sort();

/**
 * `window.GodotWebRTC`: everything browser-side a game needs without a bundler. The main entry's names, the lobby
 * client, and exactly what the `godot-webrtc-shim/variant` entry exports (Vector2, Vector3, Color, GodotFloat,
 * var_to_bytes, bytes_to_var and the rest of the codec), read from the built entry so the two cannot drift.
 */
async function scriptTagNames(): Promise<string[]> {
  const variant = Object.keys(await import(`${DIST}/variant.js`));
  expect(variant, "the variant entry exports Godot's value types and the codec").toEqual(
    expect.arrayContaining(["Vector2", "Vector3", "Color", "GodotFloat", "var_to_bytes", "bytes_to_var"]),
  );
  return [...EXPORTED_NAMES, "SignalingClient", ...variant].sort();
}

/** Strings of webrtc-adapter's shims (its common_shim.js): present in any bundle that carries the adapter. */
const ADAPTER_MARKERS = ["Message too large (can send a maximum of ", "a=max-message-size:"];

/** What every artefact must produce from the shared scenario (e2e/fixtures/artefacts/scenario.js). */
const EXPECTED_SCENARIO: ScenarioResult = {
  connected: [2, 2],
  received: { label: "chat", protocol: "artefact" },
  text: { value: "héllo", wasString: true },
  binary: { bytes: [0, 1, 128, 255], wasString: false },
  constants: { STATE_CONNECTED: 2, STATE_CLOSED: 5 },
  closed: 5,
};

/** Serves `routes`, opens `path` and waits for the page's "ready" title; the returned function cleans up. */
async function openServed(page: Page, routes: Record<string, string>, path: string): Promise<() => Promise<void>> {
  const server = await serveStatic(routes);
  forwardPageProblems(page);
  await page.goto(`${server.url}${path}`);
  await expect(page, `${path} did not load the library`).toHaveTitle("ready");
  return () => server.close();
}

test("the main and core entries export exactly the documented names, and import in Node without a browser", async () => {
  requireDist(["index.js", "core.js"]);
  for (const entry of ["index.js", "core.js"]) {
    const names = Object.keys(await import(`${DIST}/${entry}`)).sort();
    expect(names, `dist/${entry} must export exactly the documented names`).toEqual(EXPORTED_NAMES);
  }
  expect(globalThis.RTCPeerConnection, "importing the main entry in Node applies nothing").toBeUndefined();
});

test("the script-tag build sets window.GodotWebRTC to exactly the exported names, and works", async ({ page }) => {
  requireDist(["godot-webrtc-shim.iife.js", "variant.js"]);
  const expected = await scriptTagNames();
  const close = await openServed(page, { "/dist/": DIST, "/": FIXTURES }, "/script-tag.html");
  try {
    const names = await page.evaluate(() => Object.keys(window.GodotWebRTC).sort());
    expect.soft(names, "window.GodotWebRTC must hold exactly the main entry's names, SignalingClient and the variant entry").toEqual(expected);
    const roundTrip = await page.evaluate(() => {
      const { Vector2, var_to_bytes, bytes_to_var, SignalingClient } = window.GodotWebRTC;
      const back = bytes_to_var(var_to_bytes({ at: new Vector2(1.5, -2) })) as { at: unknown };
      const at = back.at instanceof Vector2 ? [back.at.x, back.at.y] : null;
      return { at, polled: new SignalingClient().poll() };
    });
    expect(roundTrip, "the variant codec and the lobby client work from the script tag").toEqual({ at: [1.5, -2], polled: 0 });
    const modules = await page.evaluate(() => document.querySelectorAll('script[type="module"]').length);
    expect(modules, "the page must use classic scripts only").toBe(0);
    const result = await page.evaluate(() => window.connectAndExchange(window.GodotWebRTC.WebRTCPeerConnection));
    expect(result).toEqual(EXPECTED_SCENARIO);
  } finally {
    await close();
  }
});

const BUNDLED_APPS = [
  ["bundled-main.js", "godot-webrtc-shim", 'import { WebRTCPeerConnection } from "godot-webrtc-shim"'],
  ["bundled-core.js", "godot-webrtc-shim/core", 'import { WebRTCPeerConnection } from "godot-webrtc-shim/core"'],
  ["bundled-iife.js", "godot-webrtc-shim/iife", 'import "godot-webrtc-shim/iife"'],
] as const;

for (const [entry, specifier, statement] of BUNDLED_APPS) {
  test(`an app bundled by Vite with \`${statement}\` works`, async ({ page }, testInfo) => {
    requireDist(["index.js", "core.js", "adapter.js", "godot-webrtc-shim.iife.js"]);
    const outDir = testInfo.outputPath("bundle");
    const code = await bundleApp(`e2e/fixtures/artefacts/${entry}`, outDir);

    if (specifier !== "godot-webrtc-shim/core") {
      // The main entry promises the adapter: a bundler must not tree-shake it away.
      for (const marker of ADAPTER_MARKERS) expect(code, `the bundle of ${specifier} lacks webrtc-adapter ("${marker}")`).toContain(marker);
    } else {
      for (const marker of ADAPTER_MARKERS) expect(code, `the core bundle contains webrtc-adapter ("${marker}")`).not.toContain(marker);
    }

    const close = await openServed(page, { "/bundle/": outDir, "/": FIXTURES }, "/bundled.html");
    try {
      const result = await page.evaluate(() => window.connectAndExchange(window.bundled.WebRTCPeerConnection));
      expect(result).toEqual(EXPECTED_SCENARIO);
    } finally {
      await close();
    }
  });
}
