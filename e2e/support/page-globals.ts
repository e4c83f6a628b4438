// What the fixture pages put on `window`, typed for the functions the specs run there with `page.evaluate`.
import type * as GodotWebRTCModule from "../../src/script-tag";
import type * as GodotVariantModule from "../../src/variant";
import type { ScenarioResult } from "./scenario-result";
import type { Harness } from "../fixtures/pair";
import type { RelayPeer } from "../fixtures/relay-peer";
import type { BackgroundPeer } from "../fixtures/background-peer";
import type { GodotBridge } from "../fixtures/godot-bridge";
import type { LobbyPlayer } from "../fixtures/lobby";

declare global {
  interface Window {
    /** The library: from source on the harness pages, from the script-tag build on the artefact page. */
    GodotWebRTC: typeof GodotWebRTCModule;
    /** e2e/fixtures/pair.html: two peers in one page and the helpers around them. */
    harness: Harness;
    /** e2e/fixtures/relay-peer.html: one peer whose signals go through the loopback relay. */
    relayPeer: RelayPeer;
    /** e2e/fixtures/background-peer.html: a mesh member with a requestAnimationFrame game loop, for background-tab tests. */
    backgroundPeer: BackgroundPeer;
    /** e2e/fixtures/artefacts/scenario.js: connects two peers built on `WebRTCPeerConnection` and exchanges packets. */
    connectAndExchange: (PeerConnection: typeof GodotWebRTCModule.WebRTCPeerConnection) => Promise<ScenarioResult>;
    /** e2e/fixtures/artefacts/bundled-*.js: what the bundled app imported from the package. */
    bundled: { WebRTCPeerConnection: typeof GodotWebRTCModule.WebRTCPeerConnection };
    /** e2e/fixtures/lobby.html: one lobby player (the `SignalingClient` and its multiplayer peer). */
    lobbyPlayer: LobbyPlayer;
    /** e2e/fixtures/godot.html: the queues between the test and the Godot peer's GDScript (`Bridge` autoload). */
    godotBridge: GodotBridge;
    /** e2e/fixtures/godot.html: starts the Godot engine on the pack at `packUrl`. */
    startGodot: (packUrl: string) => Promise<void>;
    /** e2e/fixtures/godot.html: wires a shim peer's signals to the Godot peer GDScript gave `Bridge.link_peer`. */
    linkToGodot: (pc: GodotWebRTCModule.WebRTCPeerConnection) => () => void;
    /** e2e/fixtures/godot.html: the variant entry (`var_to_bytes`, `bytes_to_var`, the value classes). */
    GodotVariant: typeof GodotVariantModule;
  }
}

export {};
