import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SceneMatch } from "../test-support/scene-match";

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

const trap = new Proxy({}, { get: () => { throw new Error("trap"); }, ownKeys: () => { throw new Error("trap"); }, getPrototypeOf: () => { throw new Error("trap"); } });
const HOSTILE: unknown[] = [undefined, null, NaN, -1, 2 ** 53, 1.5, "", "x", Symbol("s"), 10n, [], {}, () => {}, trap, new Uint8Array(0), { rpc_mode: trap }, { f: trap }];

/** Calls `fn` with every hostile value in every position (the others `good`), and expects no throw. */
function tryAll(object: object, name: string, good: unknown[]): void {
  const method = (object as Record<string, (...args: unknown[]) => unknown>)[name]!;
  for (let position = 0; position < Math.max(1, good.length); position++) {
    for (const bad of HOSTILE) {
      const args = [...good];
      args[position] = bad;
      expect(() => method.apply(object, args), `${name} with ${String(typeof bad)} at ${position}`).not.toThrow();
    }
  }
}

describe("SceneMultiplayer and RpcNode never throw", () => {
  it("whatever their methods and setters are given, connected or not", () => {
    const match = new SceneMatch([1, 2], "mesh");
    const scene = match.get(1).scene;
    const node = scene.add_rpc_node("/root/Main", { f: { rpc_mode: 1 } })!;
    for (const connected of [false, true]) {
      if (connected) {
        match.joinAll();
        match.poll();
      }
      tryAll(scene, "set_multiplayer_peer", [null]);
      scene.multiplayer_peer = match.get(1).peer;
      tryAll(scene, "send_bytes", [Uint8Array.of(1), 0, 2, 0]);
      tryAll(scene, "send_auth", [2, Uint8Array.of(1)]);
      tryAll(scene, "complete_auth", [2]);
      tryAll(scene, "add_rpc_node", ["/root/X", { g: {} }]);
      tryAll(scene, "add_spawner", ["/root/S", { scenes: [] }]);
      tryAll(scene, "remove_rpc_node", ["/root/Nope"]);
      tryAll(scene, "get_rpc_node", ["/root/Main"]);
      tryAll(scene, "rpc", [0, "/root/Main", "f", [1]]);
      tryAll(node, "rpc", ["f", 1]);
      tryAll(node, "rpc_id", [2, "f", 1]);
      tryAll(node, "rpc_config", ["g", { rpc_mode: 1 }]);
      tryAll(node, "set_multiplayer_authority", [2]);
      for (const setter of ["root_path", "auth_callback", "auth_timeout", "server_relay", "refuse_new_connections"]) {
        for (const bad of HOSTILE) expect(() => ((scene as unknown as Record<string, unknown>)[setter] = bad), setter).not.toThrow();
      }
      scene.root_path = "/root";
      scene.auth_callback = null;
      expect(() => match.poll()).not.toThrow();
      tryAll(scene, "disconnect_peer", [2]);
    }
  });
});
