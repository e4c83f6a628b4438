// The end-to-end scenarios in Firefox ESR, driven over WebDriver BiDi with puppeteer-core (Playwright cannot drive
// a stock Firefox). Firefox gathers no ICE candidates on loopback alone, so this runs inside the network namespace
// of scripts/netns-run.sh, together with the Vite dev server it starts (the same pages the Chromium specs use):
//
//   npm run test:firefox   (= node scripts/ensure-tools.mjs firefox iproute2 &&
//                             scripts/netns-run.sh npx playwright test -c e2e-firefox/playwright.config.ts)
//
// E2E_BROWSER=chromium runs the same scenarios in Chromium through puppeteer-core, for comparison.
import { expect, test } from "@playwright/test";
import puppeteer, { type Browser } from "puppeteer-core";
import { createServer, type ViteDevServer } from "vite";
import { CHROMIUM_ARGS, findChromium } from "../scripts/browser.mjs";
import { findFirefox } from "../scripts/firefox.mjs";
import { closeMidTransfer, connectExchangeClose, remoteClose } from "./scenarios";

const BROWSER = process.env.E2E_BROWSER ?? "firefox";
// Inside the namespace nothing else listens, so a fixed port cannot clash with the other test runs.
const PORT = Number(process.env.E2E_FIREFOX_PORT ?? 5199);

let server: ViteDevServer | undefined;
let browser: Browser;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  if (process.env.GODOT_WEBRTC_NETNS !== "inside" && BROWSER === "firefox") {
    console.warn("[firefox] not inside scripts/netns-run.sh: Firefox may gather no ICE candidates on loopback");
  }
  // No file watching and no HMR: an edit elsewhere in the checkout must not reload a page mid-scenario.
  server = await createServer({ logLevel: "warn", server: { host: "127.0.0.1", port: PORT, strictPort: true, hmr: false, watch: null } });
  await server.listen();
  const executablePath = BROWSER === "firefox" ? findFirefox() : await findChromium();
  if (!executablePath) throw new Error(`no ${BROWSER} found; run node scripts/${BROWSER === "firefox" ? "firefox" : "browser"}.mjs --ensure`);
  browser = await puppeteer.launch(BROWSER === "firefox"
    ? { browser: "firefox", executablePath, headless: true, protocol: "webDriverBiDi" }
    : { browser: "chrome", executablePath, headless: true, args: CHROMIUM_ARGS });
  console.log(`[${BROWSER}] ${await browser.version()}`);
});

test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the two-peer harness in a fresh page, runs `scenario` there, closes the page; page errors are printed. */
async function inPage<T>(scenario: () => Promise<T>): Promise<T> {
  const page = await browser.newPage();
  page.on("console", (message) => {
    if (["error", "warn", "warning"].includes(message.type())) console.log(`[${BROWSER} page ${message.type()}]`, message.text());
  });
  page.on("pageerror", (error) => console.log(`[${BROWSER} page uncaught]`, error instanceof Error ? error.message : error));
  try {
    await page.goto(`http://127.0.0.1:${PORT}/e2e/fixtures/pair.html`);
    await page.waitForFunction(() => document.title === "ready", { timeout: 30_000 });
    return (await page.evaluate(scenario)) as T;
  } finally {
    await page.close();
  }
}

test("connect, exchange text and binary on negotiated and in-band channels, close", async () => {
  test.setTimeout(60_000);
  const seen = await inPage(connectExchangeClose);
  console.log(`[${BROWSER}] connected in ${seen.connectMs.toFixed(0)} ms, channels open after ${seen.openMs.toFixed(0)} ms`);
  expect(seen.candidates.length, "the offerer emitted no ICE candidate").toBeGreaterThan(0);
  for (const candidate of seen.candidates) expect(candidate).toMatch(/^candidate:/);
  expect(seen.failures).toEqual([]);
  expect(seen.connected).toEqual([2, 2]);
  expect(seen.inBandInfo).toEqual({ label: "chat", protocol: "chat-v1", negotiated: false });
  expect(seen.packets).toEqual({
    textToB: { text: "héllo from a", wasString: true },
    orderedToB: -1,
    binaryToA: [{ bytes: [0, 255, 7, 128], wasString: false }],
    inBandToB: [{ bytes: [1, 2, 3], wasString: false }],
    inBandToA: [{ text: "back on chat", wasString: true }],
  });
  expect(seen.closed).toEqual({ peers: [5, 5], channels: [3, 3, 3, 3] });
});

test("the remote peer closes: channel CLOSED, connection lost within bounds, earlier packet readable", async () => {
  test.setTimeout(90_000);
  const seen = await inPage(remoteClose);
  console.log(`[${BROWSER}] remote close: channel CLOSED after ${seen.channelClosedMs.toFixed(0)} ms, connection ${seen.stateAfter} after ${seen.connectionLostMs.toFixed(0)} ms`);
  expect(seen.kept).toBe("last words");
  expect([3, 4]).toContain(seen.stateAfter);
  expect(seen.sendAfter, "put_packet on a closed channel returned OK").not.toBe(0);
});

test("close() mid-transfer: CLOSED at once, nothing emitted after, the remote got an in-order prefix", async () => {
  test.setTimeout(60_000);
  const seen = await inPage(closeMidTransfer);
  console.log(`[${BROWSER}] close mid-transfer: sent ${seen.sent}, remote got ${seen.got}, remote channel CLOSED after ${seen.remoteClosedMs.toFixed(0)} ms`);
  expect(seen.right.peer).toEqual(5);
  expect(seen.right.signaling).toEqual(5);
  expect(seen.right.channel).toEqual(3);
  expect(seen.right.put, "put_packet after close() returned OK").not.toBe(0);
  expect(seen.got, `remote got ${seen.got} of ${seen.sent}`).toBeGreaterThanOrEqual(50);
  expect(seen.got).toBeLessThanOrEqual(seen.sent);
  expect(seen.firstOutOfOrder).toBe(-1);
  expect(seen.signalsAfterClose).toBe(0);
});
