// Types of `import "godot-webrtc-shim/iife"`: the script-tag build exports nothing; it puts the library on the
// global object as `GodotWebRTC`. This module declares that global and nothing else.
import type * as ScriptTag from "./script-tag";

declare global {
  /** The script-tag build (dist/godot-webrtc-shim.iife.js), set by its `<script>` tag or by importing it. */
  var GodotWebRTC: typeof ScriptTag;
}

export {};
