// The published artefacts, as users take them: the script-tag build in a page with no bundler, and the ESM
// entries imported by name into an app that Vite bundles. Needs `npm run build` first (`npm test` does it).
import { expect, test, type Page } from "@playwright/test";
import "./support/page-globals";
import { bundleApp, DIST, PROJECT_ROOT, requireDist } from "./support/bundle";
import { forwardPageProblems } from "./support/pages";
import type { ScenarioResult } from "./support/scenario-result";
import { serveStatic } from "./support/static-server";

const FIXTURES = `${PROJECT_ROOT}/e2e/fixtures/artefacts`;

/** CONTRACT §1: the names of the main and core entries and of `window.GodotWebRTC`, no more, no fewer. */
const EXPORTED_NAMES = [
  "WebRTCPeerConnection", "WebRTCDataChannel", "WebRTCMultiplayerPeer", "GodotError", "ConnectionState",
  "GatheringState", "SignalingState", "ChannelState", "WriteMode", "TransferMode", "ConnectionStatus",
].sort();

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

test("the script-tag build sets window.GodotWebRTC to exactly the exported names, and works", async ({ page }) => {
  requireDist(["godot-webrtc-shim.iife.js"]);
  const close = await openServed(page, { "/dist/": DIST, "/": FIXTURES }, "/script-tag.html");
  try {
    const names = await page.evaluate(() => Object.keys(window.GodotWebRTC).sort());
    expect.soft(names, "window.GodotWebRTC must hold exactly CONTRACT §1's names").toEqual(EXPORTED_NAMES);
    const modules = await page.evaluate(() => document.querySelectorAll('script[type="module"]').length);
    expect(modules, "the page must use classic scripts only").toBe(0);
    const result = await page.evaluate(() => window.connectAndExchange(window.GodotWebRTC.WebRTCPeerConnection));
    expect(result).toEqual(EXPECTED_SCENARIO);
  } finally {
    await close();
  }
});

for (const [entry, specifier] of [["bundled-main.js", "godot-webrtc-shim"], ["bundled-core.js", "godot-webrtc-shim/core"]] as const) {
  test(`an app bundled by Vite with \`import { WebRTCPeerConnection } from "${specifier}"\` works`, async ({ page }, testInfo) => {
    requireDist(["index.js", "core.js", "adapter.js"]);
    const outDir = testInfo.outputPath("bundle");
    const code = await bundleApp(`e2e/fixtures/artefacts/${entry}`, outDir);

    if (specifier === "godot-webrtc-shim") {
      // The main entry promises the adapter: a bundler must not tree-shake it away.
      for (const marker of ADAPTER_MARKERS) expect(code, `the main-entry bundle lacks webrtc-adapter ("${marker}")`).toContain(marker);
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
