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
