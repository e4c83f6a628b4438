// The one module with an import-time side effect: webrtc-adapter's shims for what this library touches
// (RTCPeerConnection, RTCIceCandidate, RTCDataChannel, sctp.maxMessageSize, connectionState), applied as soon as
// it is imported, per browser as webrtc-adapter's own adapter_factory does. Its media shims (getUserMedia,
// tracks, streams, stats) are left out: a data-channel library has no use for them, and they are two thirds of
// webrtc-adapter's 14 kB (min+gzip). Safari needs none of what is left beyond the common shims.
import * as common from "webrtc-adapter/src/js/common_shim.js";
import { shimPeerConnection as shimFirefoxPeerConnection, shimRTCDataChannel as shimFirefoxDataChannel } from "webrtc-adapter/src/js/firefox/firefox_shim.js";
import { detectBrowser } from "webrtc-adapter/src/js/utils.js";

if (typeof window !== "undefined") {
  const browser = detectBrowser(window);
  if (browser.browser === "chrome" || browser.browser === "firefox" || browser.browser === "safari") {
    common.shimAddIceCandidateNullOrEmpty(window, browser);
    common.shimParameterlessSetLocalDescription(window, browser);
    if (browser.browser === "firefox") {
      shimFirefoxPeerConnection(window, browser);
      shimFirefoxDataChannel(window, browser);
    }
    common.shimRTCIceCandidate(window, browser);
    if (browser.browser !== "safari") common.shimConnectionState(window, browser);
    common.shimMaxMessageSize(window, browser);
    common.shimSendThrowTypeError(window, browser);
  }
}
