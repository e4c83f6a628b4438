// Playwright global setup: starts Chromium once and runs one RTCPeerConnection through candidate gathering before
// any test, so that first-launch costs on a fresh machine (profile, font cache, the WebRTC stack) are paid here,
// with a generous deadline, and not inside the first test's time limit.
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../../scripts/browser.mjs";

export default async function warmUp(): Promise<void> {
  const started = Date.now();
  const browser = await chromium.launch({ executablePath: (await findChromium()) ?? undefined, args: CHROMIUM_ARGS, timeout: 120_000 });
  try {
    const context = await browser.newContext({ permissions: ["microphone"] });
    const page = await context.newPage();
    const gathered = await page.evaluate(async () => {
      const pc = new RTCPeerConnection({ iceServers: [] });
      pc.createDataChannel("warm-up");
      await pc.setLocalDescription(await pc.createOffer());
      const deadline = Date.now() + 60_000;
      while (pc.iceGatheringState !== "complete" && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      pc.close();
      return pc.iceGatheringState;
    });
    console.log(`[warm-up] Chromium ready in ${Date.now() - started} ms (ICE gathering ${gathered})`);
  } finally {
    await browser.close();
  }
}
