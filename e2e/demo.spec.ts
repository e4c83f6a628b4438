import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";

// The local demo (demo/local/): a visitor lands on index.html, opens the demo, connects Alice and Bob and chats.
// Everything is awaited through the page's own display, so the test sees what a person sees.

const CONNECTED = "STATE_CONNECTED (2)";

/** Fails the test on any uncaught error in the page (a broken demo often shows nothing else). */
function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") console.log("[page error]", message.text());
  });
  return errors;
}

async function openLocalDemo(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("godot-webrtc-shim");
  await expect(page.locator("#demo-game a")).toHaveAttribute("href", "./demo/game/");
  await page.getByRole("link", { name: "Two peers in one page" }).click();
  await expect(page).toHaveURL(/\/demo\/local\/$/);
  await expect(page.locator("#alice-connection")).toHaveText("STATE_NEW (0)");
}

async function connectAndWaitForChat(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.locator("#alice-connection"), "Alice should connect").toHaveText(CONNECTED);
  await expect(page.locator("#bob-connection"), "Bob should connect").toHaveText(CONNECTED);
  await expect(page.locator("#alice-channel"), "Alice's chat channel should open").toHaveText("STATE_OPEN (1)");
  await expect(page.locator("#bob-channel"), "Bob should receive the chat channel").toHaveText("STATE_OPEN (1)");
}

test("the local demo connects Alice and Bob, logs their signals and carries a chat both ways", async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await openLocalDemo(page);
  await connectAndWaitForChat(page);

  // The states are shown by name and number, with the number also as data for scripts.
  await expect(page.locator("#alice-connection")).toHaveAttribute("data-value", "2");
  await expect(page.locator("#alice-signaling")).toHaveText("SIGNALING_STATE_STABLE (0)");
  await expect(page.locator("#bob-signaling")).toHaveText("SIGNALING_STATE_STABLE (0)");
  await expect(page.locator("#alice-gathering")).toHaveText(/^GATHERING_STATE_(GATHERING \(1\)|COMPLETE \(2\))$/);

  await page.getByLabel("Message from Alice").fill("hello Bob");
  await page.getByLabel("Message from Alice").press("Enter");
  await expect(page.locator("#bob-chat"), "Alice's message should reach Bob").toContainText("Alice: hello Bob");
  await expect(page.locator("#alice-chat")).toContainText("Alice: hello Bob");
  await expect(page.getByLabel("Message from Alice"), "the box empties after sending").toHaveValue("");

  await page.getByLabel("Message from Bob").fill("hi Alice, héllo ✓");
  await page.locator("#bob-send").click();
  await expect(page.locator("#alice-chat"), "Bob's message should reach Alice").toContainText("Bob: hi Alice, héllo ✓");

  // The signal logs: Alice offers, Bob answers, both gather candidates, Bob receives the channel.
  const aliceLog = page.getByRole("list", { name: "Alice signal log" });
  const bobLog = page.getByRole("list", { name: "Bob signal log" });
  await expect(aliceLog).toContainText(/session_description_created offer, sdp \d+ chars/);
  await expect(bobLog).toContainText(/session_description_created answer, sdp \d+ chars/);
  await expect(aliceLog).toContainText(/ice_candidate_created media "0", index 0, candidate:/);
  await expect(bobLog).toContainText(/ice_candidate_created media "0", index 0, candidate:/);
  await expect(bobLog).toContainText('data_channel_received label "chat"');
  await expect(page.locator(".log .error"), "no call failed").toHaveCount(0);

  // Kept as test-results/demo-local.png (Playwright's output folder) and attached to the test's report.
  const screenshot = await page.screenshot({ path: join(testInfo.project.outputDir, "demo-local.png"), fullPage: true });
  await testInfo.attach("demo-local", { body: screenshot, contentType: "image/png" });
  expect(errors, "uncaught page errors").toEqual([]);
});

test("Close closes both peers, Reset re-initializes them, and Connect works again", async ({ page }) => {
  const errors = watchPageErrors(page);
  await openLocalDemo(page);
  await connectAndWaitForChat(page);

  await page.getByRole("button", { name: "Close" }).click();
  await expect(page.locator("#alice-connection")).toHaveText("STATE_CLOSED (5)");
  await expect(page.locator("#bob-signaling")).toHaveText("SIGNALING_STATE_CLOSED (5)");
  await expect(page.locator("#bob-channel")).toHaveText("STATE_CLOSED (3)");
  await expect(page.getByLabel("Message from Alice"), "no chat on a closed channel").toBeDisabled();

  await page.getByRole("button", { name: "Reset" }).click();
  await expect(page.locator("#alice-connection")).toHaveText("STATE_NEW (0)");
  await expect(page.locator("#bob-connection")).toHaveText("STATE_NEW (0)");
  await expect(page.locator("#alice-channel")).toHaveText("none yet");
  await expect(page.getByRole("list", { name: "Alice signal log" })).toContainText("initialize() → OK (0)");

  await connectAndWaitForChat(page);
  await page.getByLabel("Message from Bob").fill("again");
  await page.getByLabel("Message from Bob").press("Enter");
  await expect(page.locator("#alice-chat"), "chat works after a reset").toContainText("Bob: again");
  expect(errors, "uncaught page errors").toEqual([]);
});

test("every URL form of the demos lands on its page: without the trailing slash, /demo and /demo/; an unknown path is a 404", async ({ page }) => {
  for (const [path, heading, url] of [
    ["/demo/game", "Multiplayer game", /\/demo\/game\/$/],
    ["/demo/game?lobby=abc", "Multiplayer game", /\/demo\/game\/\?lobby=abc$/],
    ["/demo/local", "Two peers in one page", /\/demo\/local\/$/],
    ["/demo", "godot-webrtc-shim", /:\d+\/$/],
    ["/demo/", "godot-webrtc-shim", /:\d+\/$/],
  ] as const) {
    await page.goto(path);
    await expect(page, `${path} should end up at its page`).toHaveURL(url);
    await expect(page.getByRole("heading", { level: 1 }), `${path} shows the wrong page`).toHaveText(heading);
  }
  // The index's links, followed from where /demo/ led.
  await page.getByRole("link", { name: "Two peers in one page" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Two peers in one page");
  const missing = await page.request.get("/demo/nope");
  expect(missing.status(), "an unknown page must not silently show the index").toBe(404);
});

/** Joins a mesh lobby (a new one for `lobby` ""), in a page of its own; resolves with the page and its id. */
async function joinGame(page: Page, lobby: string): Promise<number> {
  await page.goto(`/demo/game/${lobby ? `?lobby=${lobby}` : ""}`);
  await page.getByRole("button", { name: "Join" }).click();
  await expect(page.locator("#status")).toHaveAttribute("data-status", "in lobby");
  // The server's ID message ("connected") comes before its JOIN answer with the lobby's name: wait for both.
  await expect(page.locator("#lobby-name"), "the lobby's name").toHaveText(/^[A-Za-z0-9]{16}$/);
  return Number(await page.locator("#my-id").textContent());
}

/** The colour each dot and each peer-table swatch of `page` is drawn in, by peer id. */
const coloursOn = (page: Page) =>
  page.evaluate(() => {
    const colours: Record<string, string[]> = {};
    const note = (id: string | undefined, colour: string) => void (colours[id ?? "?"] ??= []).push(colour);
    for (const dot of document.querySelectorAll<HTMLElement>("#arena .dot")) note(dot.dataset.peerId, getComputedStyle(dot).backgroundColor);
    for (const row of document.querySelectorAll<HTMLElement>("#peer-table tbody tr")) {
      note(row.dataset.peerId, getComputedStyle(row.querySelector(".swatch")!).backgroundColor);
    }
    return colours;
  });

test("the game: a player has one colour in every tab, the peer table fits its card at 1280 px, and nothing scrolls sideways at 420 px", async ({ browser }) => {
  const contexts = await Promise.all([browser.newContext({ viewport: { width: 1280, height: 800 } }), browser.newContext({ viewport: { width: 420, height: 800 } })]);
  const [wide, narrow] = await Promise.all(contexts.map((context) => context.newPage()));
  const errors = [watchPageErrors(wide!), watchPageErrors(narrow!)];
  const first = await joinGame(wide!, "");
  const lobby = (await wide!.locator("#lobby-name").textContent()) as string;
  const second = await joinGame(narrow!, lobby);
  for (const page of [wide!, narrow!]) {
    for (const id of [first, second]) await expect(page.locator(`#arena .dot[data-peer-id="${id}"]`), `dot ${id}`).toBeVisible();
    await expect(page.locator('#peer-table tbody tr[data-connected="true"]'), "the other player, connected").toHaveCount(1);
    await expect(page.locator('#peer-table [data-field="rtt"]')).toHaveText(/ ms$/);
  }

  await expect(wide!.locator("#event-log"), "results read as in the local demo").toContainText("mesh → OK (0)");
  const [onWide, onNarrow] = [await coloursOn(wide!), await coloursOn(narrow!)];
  for (const id of [first, second]) {
    const all = [...(onWide[id] ?? []), ...(onNarrow[id] ?? [])];
    expect(all.length, `peer ${id}: a dot in both tabs, a swatch in the other's table`).toBe(3);
    expect(new Set(all).size, `peer ${id} is drawn in one colour everywhere: ${all.join(", ")}`).toBe(1);
  }

  const table = await wide!.evaluate(() => {
    const card = document.querySelector("#peer-table")!.closest("section")!;
    return { table: document.querySelector("#peer-table")!.getBoundingClientRect().right, card: card.getBoundingClientRect().right };
  });
  expect(table.table, "at 1280 px the peer table ends inside its card").toBeLessThanOrEqual(table.card);
  for (const page of [narrow!]) {
    const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth }));
    expect(widths.content, "at 420 px the game page does not scroll sideways").toBeLessThanOrEqual(widths.viewport);
  }
  await narrow!.goto("/demo/local/");
  await narrow!.getByRole("button", { name: "Connect" }).click();
  await expect(narrow!.locator("#bob-channel")).toHaveText("STATE_OPEN (1)");
  const local = await narrow!.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth }));
  expect(local.content, "at 420 px the local demo does not scroll sideways").toBeLessThanOrEqual(local.viewport);
  expect(errors.flat(), "uncaught page errors").toEqual([]);
  await Promise.all(contexts.map((context) => context.close()));
});
