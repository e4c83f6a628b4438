import { afterEach, beforeEach, vi } from "vitest";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { FakeRTCPeerConnection, FakeRTCPeerConnectionConstructor } from "./fake-rtc";

/** The console spies of the running test, for asserting what the library logged. */
export interface LogSpies {
  readonly error: ReturnType<typeof vi.mocked<typeof console.error>>;
  readonly warn: ReturnType<typeof vi.mocked<typeof console.warn>>;
}

/**
 * Registers the hooks every fake-browser test file needs: before each test a fresh `FakeRTCPeerConnection`
 * injected through `set_default_extension` and a silenced, recorded console; after it the browser's default and
 * the real console back. Returns the console spies of whichever test is running.
 */
export function useFakeBrowser(): LogSpies {
  beforeEach(() => {
    FakeRTCPeerConnection.reset();
    WebRTCPeerConnection.set_default_extension(FakeRTCPeerConnectionConstructor);
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => {
    WebRTCPeerConnection.set_default_extension(null);
    vi.restoreAllMocks();
  });
  return {
    get error() {
      return vi.mocked(console.error);
    },
    get warn() {
      return vi.mocked(console.warn);
    },
  };
}
