import { expect, test } from "@playwright/test";

test("two peers in one page connect through signals and exchange a packet", async ({ page }) => {
  page.on("console", (m) => console.log("[page]", m.text()));
  await page.goto("/e2e/fixtures/pair.html");
  await expect(page).toHaveTitle("ready");
  const result = await page.evaluate(async () => {
    const { harness } = window as any;
    const [a, b] = harness.newPair();
    const ca = a.create_data_channel("chat", { negotiated: true, id: 1 });
    const cb = b.create_data_channel("chat", { negotiated: true, id: 1 });
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.until(() => ca.get_ready_state() === 1 && cb.get_ready_state() === 1, 10000, "channels open");
    ca.put_packet(new TextEncoder().encode("hello"));
    await harness.until(() => cb.get_available_packet_count() === 1, 10000, "packet");
    const text = new TextDecoder().decode(cb.get_packet());
    stop();
    a.close(); b.close();
    return text;
  });
  expect(result).toBe("hello");
});
