// Entry point for Node (`godot-webrtc-shim/node`): the same Godot API as in the browser, on node-datachannel's
// `RTCPeerConnection` polyfill (libdatachannel, the WebRTC stack Godot's native webrtc plugin is built on), for
// dedicated servers, bots and test peers. node-datachannel is an optional peer dependency: install it yourself
// (`npm install node-datachannel`); browser users never download it.
import { cleanup } from "node-datachannel";
import { GodotError } from "./godot/godot-error";
import { NodeRTCPeerConnection } from "./node/node-rtc-peer-connection";
import { WebRTCPeerConnection, type RTCPeerConnectionConstructor } from "./peer-connection/webrtc-peer-connection";

export * from "./core";
export * from "./variant";

export { NodeRTCPeerConnection } from "./node/node-rtc-peer-connection";

/**
 * Makes every later `WebRTCPeerConnection` use node-datachannel: `WebRTCPeerConnection.set_default_extension()`
 * with `NodeRTCPeerConnection`, the polyfill set to negotiate only when asked (passing the bare polyfill does not
 * work: it negotiates as soon as a channel is created). Call it once at start-up, before `initialize()`. `OK`.
 */
export function useNodeDataChannel(): GodotError {
  return WebRTCPeerConnection.set_default_extension(NodeRTCPeerConnection as unknown as RTCPeerConnectionConstructor);
}

/**
 * Stops libdatachannel's native threads, so a Node process can exit once its connections are closed
 * (node-datachannel's `cleanup()`). Close every `WebRTCPeerConnection` first; none may be used afterwards.
 */
export function shutdownNodeDataChannel(): void {
  cleanup();
}
