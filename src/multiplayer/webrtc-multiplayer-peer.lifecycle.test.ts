// WebRTCMultiplayerPeer, Godot 4 semantics (reference §6): poll(), peer_connected / peer_disconnected, remove_peer, disconnect_peer and close().
import { describe, expect, it } from "vitest";
import { addPeer, connectedPeer, multiplayer } from "../test-support/multiplayer-kit";
import { useFakeBrowser } from "../test-support/use-fake-browser";
import { WebRTCMultiplayerPeer } from "./webrtc-multiplayer-peer";

const MP = WebRTCMultiplayerPeer;
const logs = useFakeBrowser();

describe("M. poll and the connection lifecycle", () => {
  it("peer_connected only from poll(), once, when the connection and every channel are open", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    const { fake } = addPeer(mp, 2);
    fake.setStates({ connectionState: "connecting" });
    mp.poll();
    fake.setStates({ connectionState: "connected" });
    fake.channel(1).open();
    fake.channel(2).open();
    mp.poll();
    expect(events).toEqual([]);
    fake.channel(3).open();
    expect(events).toEqual([]);
    mp.poll();
    expect(events).toEqual(["+2"]);
    mp.poll();
    expect(events).toEqual(["+2"]);
    expect(mp.get_peer(2)).toMatchObject({ connected: true });
  });

  it("polls each connection, so its own signals go out from the multiplayer poll()", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const { pc, fake } = addPeer(mp, 2);
    const candidates: string[] = [];
    pc.ice_candidate_created.connect((_media, _index, name) => candidates.push(name));
    fake.dispatchEvent(Object.assign(new Event("icecandidate"), { candidate: { candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0 } }));
    expect(candidates).toEqual([]);
    mp.poll();
    expect(candidates).toEqual(["candidate:1"]);
  });

  it("client mode: the status is CONNECTED by the time peer_connected(1) runs", () => {
    const { mp } = multiplayer();
    mp.create_client(4);
    const seen: [number, number][] = [];
    mp.peer_connected.connect((id) => seen.push([id, mp.get_connection_status()]));
    const { fake } = addPeer(mp, 1);
    fake.connectAll();
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_CONNECTING);
    mp.poll();
    expect(seen).toEqual([[1, MP.CONNECTION_CONNECTED]]);
  });

  for (const state of ["disconnected", "failed", "closed"] as const) {
    it(`a connection that turns ${state} is removed on the next poll(), with peer_disconnected only if it had connected`, () => {
      const { mp, events } = multiplayer();
      mp.create_mesh(3);
      const connected = connectedPeer(mp, 2);
      const pending = addPeer(mp, 5).fake;
      connected.setStates({ connectionState: state });
      pending.setStates({ connectionState: state });
      expect(mp.has_peer(2)).toBe(true);
      mp.poll();
      expect(mp.has_peer(2)).toBe(false);
      expect(mp.has_peer(5)).toBe(false);
      expect(events).toEqual(["+2", "-2"]);
      expect(connected.closed && pending.closed).toBe(true);
    });
  }

  for (const ready of ["closing", "closed"] as const) {
    it(`a channel ${ready} while the connection is up removes the peer on the next poll()`, () => {
      const { mp, events } = multiplayer();
      mp.create_mesh(3);
      const fake = connectedPeer(mp, 2);
      if (ready === "closing") fake.channel(3).remoteClosing();
      else fake.channel(3).remoteClose();
      mp.poll();
      expect(mp.has_peer(2)).toBe(false);
      expect(events).toEqual(["+2", "-2"]);
      expect(fake.closed).toBe(true);
    });
  }

  it("a channel the game closes itself (from get_peer) removes the peer on the next poll()", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    const fake = connectedPeer(mp, 2);
    mp.get_peer(2).channels![1]!.close();
    mp.poll();
    expect(mp.has_peer(2)).toBe(false);
    expect(events).toEqual(["+2", "-2"]);
    expect(fake.closed).toBe(true);
  });

  it("an idle poll() reads no browser state; a state event makes the next one read it", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    const fakes = [connectedPeer(mp, 2), connectedPeer(mp, 5)];
    let reads = 0;
    for (const target of [...fakes, ...fakes.flatMap((fake) => fake.channels)]) {
      for (const key of ["connectionState", "iceConnectionState", "readyState"] as const) {
        if (!(key in target)) continue;
        let value = (target as unknown as Record<string, unknown>)[key];
        Object.defineProperty(target, key, { get: () => (reads++, value), set: (next) => void (value = next) });
      }
    }
    for (let frame = 0; frame < 3; frame++) mp.poll();
    expect(reads).toBe(0);
    fakes[1]!.channel(2).remoteClose();
    mp.poll();
    expect(reads).toBeGreaterThan(0);
    expect(events).toEqual(["+2", "+5", "-5"]);
  });

  it("client mode: losing a connected server sets the status to DISCONNECTED", () => {
    const { mp, events } = multiplayer();
    mp.create_client(4);
    const fake = connectedPeer(mp, 1);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_CONNECTED);
    fake.setStates({ connectionState: "failed" });
    mp.poll();
    expect(events).toEqual(["+1", "-1"]);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_DISCONNECTED);
  });

  it("fixed quirk: a client whose server fails before ever connecting ends DISCONNECTED, not CONNECTING forever", () => {
    const { mp, events } = multiplayer();
    mp.create_client(4);
    const { fake } = addPeer(mp, 1);
    fake.setStates({ connectionState: "connecting" });
    mp.poll();
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_CONNECTING);
    fake.setStates({ connectionState: "failed" });
    mp.poll();
    expect(mp.has_peer(1)).toBe(false);
    expect(events).toEqual([]);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_DISCONNECTED);
    expect(fake.closed).toBe(true);
  });

  it("remove_peer(unknown) logs and does nothing", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    addPeer(mp, 2);
    mp.remove_peer(9);
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("remove_peer"));
    expect(mp.has_peer(2)).toBe(true);
  });

  it("fixed quirk: remove_peer closes the connection and emits peer_disconnected from the next poll(), not synchronously", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    const connected = connectedPeer(mp, 2);
    const pending = addPeer(mp, 5).fake;
    mp.remove_peer(2);
    mp.remove_peer(5);
    expect(mp.has_peer(2)).toBe(false);
    expect(connected.closed && pending.closed).toBe(true);
    expect(events).toEqual(["+2"]);
    mp.poll();
    expect(events).toEqual(["+2", "-2"]);
  });

  it("disconnect_peer(id) closes the connection; the next poll() removes the peer and emits peer_disconnected", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    const fake = connectedPeer(mp, 2);
    mp.disconnect_peer(2);
    expect(fake.closed).toBe(true);
    expect(mp.has_peer(2)).toBe(true);
    mp.poll();
    expect(mp.has_peer(2)).toBe(false);
    expect(events).toEqual(["+2", "-2"]);
    mp.disconnect_peer(2);
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("disconnect_peer"));
  });

  it("disconnect_peer(id, true) removes the peer at once, closes it and emits nothing; a client's server → DISCONNECTED", () => {
    const { mp, events } = multiplayer();
    mp.create_client(4);
    const fake = connectedPeer(mp, 1);
    mp.disconnect_peer(1, true);
    expect(mp.has_peer(1)).toBe(false);
    expect(fake.closed).toBe(true);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_DISCONNECTED);
    mp.poll();
    expect(events).toEqual(["+1"]);
  });

  it("close(): disconnected, no peers, every connection closed, no signals; transfer settings kept", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3, [0]);
    const a = connectedPeer(mp, 2);
    const b = connectedPeer(mp, 5);
    mp.remove_peer(5);
    mp.transfer_mode = MP.TRANSFER_MODE_UNRELIABLE;
    mp.transfer_channel = 1;
    mp.refuse_new_connections = true;
    mp.close();
    mp.poll();
    expect(events).toEqual(["+2", "+5"]);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_DISCONNECTED);
    expect(mp.get_peers()).toEqual({});
    expect(a.closed && b.closed).toBe(true);
    logs.error.mockClear();
    expect(mp.get_unique_id()).toBe(1);
    expect(logs.error).toHaveBeenCalledTimes(1);
    expect([mp.transfer_mode, mp.transfer_channel, mp.refuse_new_connections]).toEqual([0, 1, true]);
    expect(mp.get_packet_peer()).toBe(0);
  });

  it("a peer_connected handler that closes the multiplayer peer stops the remaining signals", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    addPeer(mp, 2).fake.connectAll();
    addPeer(mp, 5).fake.connectAll();
    mp.peer_connected.connect(() => mp.close());
    mp.poll();
    expect(events).toEqual(["+2"]);
  });
});

