export { WebRTCPeerConnection } from "./peer-connection/webrtc-peer-connection";
export type { PeerConnectionSignals, RTCPeerConnectionConstructor } from "./peer-connection/webrtc-peer-connection";
export type { IceServer, PeerConfiguration } from "./peer-connection/configuration";
export { WebRTCDataChannel } from "./data-channel/webrtc-data-channel";
export type { DataChannelOptions } from "./data-channel/channel-options";
export { GodotError } from "./godot/godot-error";
export { ConnectionState, GatheringState, SignalingState, ChannelState, WriteMode, TransferMode, ConnectionStatus } from "./godot/enums";
export type { Signal, SignalHandler } from "./internal/signal";
export type { PackedByteArray } from "./internal/bytes";
