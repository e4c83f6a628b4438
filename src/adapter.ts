// The one module with an import-time side effect: webrtc-adapter shims the browser's WebRTC globals
// (the spec-compliant RTCPeerConnection across Chromium, Firefox and Safari) as soon as it is imported.
import "webrtc-adapter";
