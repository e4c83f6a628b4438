/** What the lobby connection tells its owner; called from socket events, so none of these may call game code. */
export interface LobbyHandler {
  /** The server gave our id; return false to leave (the multiplayer peer could not be set up with it). */
  identified(id: number, mesh: boolean): boolean;
  lobbyJoined(lobby: string): void;
  sealed(): void;
  peerConnected(id: number): void;
  peerDisconnected(id: number): void;
  description(id: number, type: "offer" | "answer", sdp: string): void;
  candidate(id: number, media: string, index: number, name: string): void;
  /** The socket ended (never after `close()`); `resuming` says whether reconnection attempts follow. */
  lost(code: number, reason: string, resuming: boolean): void;
  /** A reconnection resumed the session: same id, same lobby. */
  resumed(id: number): void;
  /** Reconnection gave up (refused, out of attempts, or a server that gave another id). */
  gaveUp(code: number, reason: string): void;
}
