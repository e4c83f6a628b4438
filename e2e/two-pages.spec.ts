// Two pages in separate browser contexts, like two players' browsers: their signals go through a small loopback
// relay (e2e/support/relay.ts), then packets flow both ways over the data channels they opened.
import { expect, test, type Browser, type Page } from "@playwright/test";
import "./support/page-globals";
import { openPageInNewContext } from "./support/pages";
import { startRelay, type Relay } from "./support/relay";

let relay: Relay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.close();
});

/** A fresh browser context (its own storage and permissions, as another browser would have) with the peer page. */
function openPeerPage(browser: Browser, baseURL: string | undefined, name: string): Promise<Page> {
  return openPageInNewContext(browser, baseURL, name, "/e2e/fixtures/relay-peer.html");
}

test("two pages exchange signals through a relay, then packets both ways", async ({ browser, baseURL }) => {
  const offerer = await openPeerPage(browser, baseURL, "offerer");
  const answerer = await openPeerPage(browser, baseURL, "answerer");
  try {
    await offerer.evaluate((url) => window.relayPeer.join(url, "offerer"), relay.url);
    await answerer.evaluate((url) => window.relayPeer.join(url, "answerer"), relay.url);
    await relay.waitForClients(2);

    expect(await offerer.evaluate(() => window.relayPeer.offer())).toBe(0);
    const [offererChat, answererChat] = await Promise.all([offerer.evaluate(() => window.relayPeer.ready()), answerer.evaluate(() => window.relayPeer.ready())]);
    expect(answererChat, "the in-band channel as data_channel_received delivered it").toEqual({ chatProtocol: "relay-test", chatNegotiated: false });
    expect(offererChat.chatProtocol).toBe("relay-test");

    // Every signal crossed the relay: one offer, one answer and candidates from both sides.
    const kinds = relay.forwarded.map((signal) => {
      const { kind, type } = signal as { kind: string; type?: string };
      return kind === "description" ? type : kind;
    });
    expect(kinds.filter((kind) => kind === "offer")).toHaveLength(1);
    expect(kinds.filter((kind) => kind === "answer")).toHaveLength(1);
    expect(kinds.filter((kind) => kind === "candidate").length).toBeGreaterThanOrEqual(2);

    for (const label of ["chat", "events"]) {
      expect(await offerer.evaluate((label) => window.relayPeer.send(label, `from offerer on ${label}`, [1, 2, 3]), label)).toEqual([0, 0]);
      expect(await answerer.evaluate((label) => window.relayPeer.send(label, `from answerer on ${label}`, [255, 0]), label)).toEqual([0, 0]);
      const [atOfferer, atAnswerer] = await Promise.all([
        offerer.evaluate((label) => window.relayPeer.receive(label, 2), label),
        answerer.evaluate((label) => window.relayPeer.receive(label, 2), label),
      ]);
      const text = (value: string) => ({ bytes: Array.from(new TextEncoder().encode(value)), wasString: true });
      expect(atAnswerer, `offerer → answerer on ${label}`).toEqual([text(`from offerer on ${label}`), { bytes: [1, 2, 3], wasString: false }]);
      expect(atOfferer, `answerer → offerer on ${label}`).toEqual([text(`from answerer on ${label}`), { bytes: [255, 0], wasString: false }]);
    }
  } finally {
    await Promise.all([offerer, answerer].map((page) => page.evaluate(() => window.relayPeer.leave()).catch(() => {})));
    await Promise.all([offerer.context().close(), answerer.context().close()]);
  }
});
