// One side of the demo: a WebRTCPeerConnection, its "chat" channel and the panel that shows them. Everything a
// game would do once per frame is in `frame()`; everything else reacts to the peer's signals.
import {
  ChannelState,
  ConnectionState,
  GatheringState,
  GodotError,
  SignalingState,
  WebRTCPeerConnection,
  WriteMode,
  type WebRTCDataChannel,
} from "godot-webrtc-shim";
import { nameOf } from "./enum-names";
import { PeerPanel } from "./peer-panel";

/** Loopback only: two peers in one tab need no STUN or TURN server. */
const CONFIGURATION = { iceServers: [] };
const CANDIDATE_PREVIEW = 48;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A named peer of the demo: its connection, its chat channel and its panel. */
export class ChatPeer {
  /** The Godot-style connection this peer drives. */
  readonly peer = new WebRTCPeerConnection();
  /** The chat channel: created by the offerer, received through `data_channel_received` by the answerer. */
  channel: WebRTCDataChannel | null = null;
  readonly #panel: PeerPanel;

  /**
   * @param title the display name (`"Alice"`); its lower case prefixes the element ids.
   * @param remoteTitle the name shown on messages that arrive from the other side.
   */
  constructor(readonly title: string, readonly remoteTitle: string, parent: HTMLElement) {
    this.#panel = new PeerPanel(title.toLowerCase(), title, parent, (text) => this.send(text));
    this.#logSignals();
    this.initialize();
  }

  /** `initialize()`: closes whatever came before and starts again in `STATE_NEW`, logs cleared. */
  initialize(): void {
    this.channel = null;
    this.#panel.clear();
    this.#action("initialize", this.peer.initialize(CONFIGURATION));
  }

  /** Creates the in-band chat channel (only possible in `STATE_NEW`, so before `create_offer()`). */
  openChannel(label: string): void {
    const channel = this.peer.create_data_channel(label);
    if (channel === null) return this.#panel.log("error", "create_data_channel()", "→ null (the console says why)");
    this.#panel.log("action", "create_data_channel()", `"${label}" → channel`);
    this.#adopt(channel);
  }

  /** Starts the negotiation; the offer arrives later through `session_description_created`. */
  createOffer(): void {
    this.#action("create_offer", this.peer.create_offer());
  }

  /** `close()`: the connection and its channels close; the states read `STATE_CLOSED`. */
  close(): void {
    this.peer.close();
    this.#panel.log("action", "close()", "");
  }

  /** What a game does every frame: poll the connection (signals fire now), then read every packet that arrived. */
  frame(): void {
    this.peer.poll();
    const channel = this.channel;
    if (channel !== null) {
      channel.poll();
      while (channel.get_available_packet_count() > 0) {
        const bytes = channel.get_packet();
        this.#panel.addChat(this.remoteTitle, decoder.decode(bytes), false);
      }
    }
    this.#showStates();
  }

  /** Sends `text` on the chat channel and shows it on this side. */
  send(text: string): void {
    if (this.channel === null) return this.#panel.log("error", "put_packet", "no chat channel yet: press Connect");
    const result = this.channel.put_packet(encoder.encode(text));
    if (result !== GodotError.OK) return this.#panel.log("error", "put_packet", nameOf(GodotError, result));
    this.#panel.addChat(this.title, text, true);
  }

  /** Logs each signal as it is emitted; connected once, kept across `initialize()`. */
  #logSignals(): void {
    const { peer } = this;
    peer.session_description_created.connect((type, sdp) => {
      this.#panel.log("signal", "session_description_created", `${type}, sdp ${sdp.length} chars`);
    });
    peer.ice_candidate_created.connect((media, index, name) => {
      const preview = name.length > CANDIDATE_PREVIEW ? `${name.slice(0, CANDIDATE_PREVIEW)}…` : name;
      this.#panel.log("signal", "ice_candidate_created", `media "${media}", index ${index}, ${preview}`);
    });
    peer.data_channel_received.connect((channel) => {
      this.#panel.log("signal", "data_channel_received", `label "${channel.get_label()}"`);
      if (this.channel === null) this.#adopt(channel);
    });
    peer.operation_failed.connect((operation, message) => {
      this.#panel.log("error", "operation_failed", `${operation}: ${message}`);
    });
  }

  /** Chat is text: messages go out as strings, as a GDScript `put_packet(text.to_utf8_buffer())` in text mode. */
  #adopt(channel: WebRTCDataChannel): void {
    channel.set_write_mode(WriteMode.WRITE_MODE_TEXT);
    this.channel = channel;
  }

  #showStates(): void {
    const { peer, channel } = this;
    const channelState = channel?.get_ready_state() ?? null;
    this.#panel.showStates({
      connection: state(ConnectionState, peer.get_connection_state()),
      gathering: state(GatheringState, peer.get_gathering_state()),
      signaling: state(SignalingState, peer.get_signaling_state()),
      channel: channelState === null ? { text: "none yet", value: null } : state(ChannelState, channelState),
    });
    this.#panel.setChatOpen(channelState === ChannelState.STATE_OPEN);
  }

  /** Logs a call and the `GodotError` it returned; anything but `OK` shows as an error. */
  #action(call: string, result: GodotError): void {
    this.#panel.log(result === GodotError.OK ? "action" : "error", `${call}()`, `→ ${nameOf(GodotError, result)}`);
  }
}

function state(table: Readonly<Record<string, number>>, value: number): { text: string; value: number } {
  return { text: nameOf(table, value), value };
}
