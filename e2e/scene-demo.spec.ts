// demo/godot-player/ (issue 11 §3): two web players and a real Godot 4.6 player, added with the page's button,
// move dots and chat through SceneMultiplayer RPCs; a screenshot of the arena is kept with the test results.
import { expect, test } from "@playwright/test";
import { forwardPageProblems } from "./support/pages";

type Demo = {
  heard: string[];
  sees: Record<string, [number, number]>;
  players: { heard: string[]; positions: Map<number, { x: number; y: number }>; main: { rpc(method: string, ...args: unknown[]): number } }[];
};
declare global {
  interface Window {
    godotDemo: Demo;
  }
}

test("demo: a Godot player joins two web players, and they see each other's dots and chat", async ({ page }, testInfo) => {
  forwardPageProblems(page, "godot-player demo");
  await page.goto("/demo/godot-player/");
  await page.getByRole("button", { name: "add a Godot player" }).click();
  await expect(page.locator("#status"), "the Godot player joined the mesh").toHaveText("players 1, 2, 3", { timeout: 60_000 });
  // Godot greets each web player with said("hello from Godot"); the web players chat back.
  await expect(page.locator("#log")).toContainText("3: hello from Godot");
  expect(await page.evaluate(() => window.godotDemo.players[1]!.heard)).toContain("3: hello from Godot");
  await page.locator("#chat").fill("hi from the web");
  await page.locator("#chat").press("Enter");
  await page.waitForFunction(() => window.godotDemo.heard.includes("1: hi from the web"), undefined, { timeout: 20_000 });
  // Dots move both ways: Godot sees players 1 and 2 move, the web players see Godot's dot move.
  const godotSees = async () => page.evaluate(() => window.godotDemo.sees);
  const before = await godotSees();
  const webSeesGodot = async () => page.evaluate(() => window.godotDemo.players.map((p) => { const at = p.positions.get(3); return at ? [at.x, at.y] : null; }));
  const godotBefore = await webSeesGodot();
  await expect.poll(async () => { const now = await godotSees(); return ["1", "2"].every((id) => now[id] && JSON.stringify(now[id]) !== JSON.stringify(before[id])); }, { message: "Godot sees both web dots moving", timeout: 20_000 }).toBe(true);
  await expect.poll(async () => { const now = await webSeesGodot(); return now.every((at, i) => at !== null && JSON.stringify(at) !== JSON.stringify(godotBefore[i])); }, { message: "both web players see Godot's dot moving", timeout: 20_000 }).toBe(true);
  const screenshot = testInfo.outputPath("godot-player-demo.png");
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach("the demo with a Godot player", { path: screenshot, contentType: "image/png" });
});
