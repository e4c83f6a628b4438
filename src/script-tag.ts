// Entry of the script-tag build (dist/godot-webrtc-shim.iife.js, which sets `window.GodotWebRTC`): everything
// browser-side a game needs without a bundler. The main entry's classes and enums (webrtc-adapter's shims applied),
// Godot's Variant types and codec, and the lobby client.
export * from "./index";
export * from "./variant";
export { SignalingClient } from "./signaling/signaling-client";
