// Types for the webrtc-adapter modules src/adapter.ts imports (the package types only its default export).

/** What webrtc-adapter's `detectBrowser` reports. */
interface AdapterBrowserDetails {
  browser: string | null;
  version: number | null;
}

/** A webrtc-adapter shim: patches `window`'s WebRTC globals for `browserDetails`. */
type AdapterShim = (window: Window, browserDetails: AdapterBrowserDetails) => void;

declare module "webrtc-adapter/src/js/utils.js" {
  export function detectBrowser(window: Window): AdapterBrowserDetails;
}

declare module "webrtc-adapter/src/js/common_shim.js" {
  export const shimAddIceCandidateNullOrEmpty: AdapterShim;
  export const shimParameterlessSetLocalDescription: AdapterShim;
  export const shimRTCIceCandidate: AdapterShim;
  export const shimConnectionState: AdapterShim;
  export const shimMaxMessageSize: AdapterShim;
  export const shimSendThrowTypeError: AdapterShim;
}

declare module "webrtc-adapter/src/js/firefox/firefox_shim.js" {
  export const shimPeerConnection: AdapterShim;
  export const shimRTCDataChannel: AdapterShim;
}
