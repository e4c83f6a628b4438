// Node-side helpers of e2e/scene-multiplayer.spec.ts: one real Godot 4.6 player (e2e/fixtures/scene-peer.gd) and
// shim players (e2e/fixtures/scene-players.ts) in one page, linked over WebRTC as a topology says, and waits on
// what each side saw.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import type { PlayerOptions, SceneEvent, SceneKit } from "../fixtures/scene-players";
import { startGodot, type GodotPeer } from "./godot-peer";
import { forwardPageProblems } from "./pages";

declare global {
  interface Window {
    sceneKit: SceneKit;
  }
}

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8");
/** The Godot player's project: scene-peer.gd as main.gd, and the spawnable player scene of the replication test. */
const SCRIPTS = { "main.gd": fixture("scene-peer.gd"), "player.gd": "extends Node2D\n\nvar label := \"\"\n" };
const FILES = { "player.tscn": fixture("scene-player.tscn") };

/** What the Godot player is told. */
export interface GodotOptions {
  id: number;
  mode: "server" | "client" | "mesh";
  channels?: number[];
  relay?: boolean;
  /** Adds a MultiplayerSpawner "Spawner" (spawn_path "..", spawnable res://player.tscn) under /root/Main. */
  spawner?: boolean;
  auth?: { send?: string; expect?: string; timeout?: number };
}

/** What an event must match: its kind, plus any other fields given (nested objects: the fields given). */
export type EventMatch = Partial<SceneEvent> & { kind: string };

/** A running match: the page, the Godot player and helpers over both sides. */
export interface SceneMatch {
  readonly page: Page;
  readonly godot: GodotPeer;
  /** Runs a command in GDScript (`_run` of scene-peer.gd) and resolves with what it posted. */
  godotDo(command: Record<string, unknown>): Promise<unknown>;
  /** Resolves with the first event of `who` ("godot" or a shim id) matching `match`, waiting for it if need be. */
  waitFor(who: "godot" | number, match: EventMatch, what?: string): Promise<SceneEvent>;
  /** The events of `who` matching `match`, now. */
  eventsOf(who: "godot" | number, match: EventMatch): Promise<SceneEvent[]>;
}

/** Starts Godot with `godot` and the shim players, then links the pairs in `links` (a Godot id in a pair is Godot). */
export async function startMatch(page: Page, godot: GodotOptions, shims: Record<number, PlayerOptions>, links: [number, number][]): Promise<SceneMatch> {
  forwardPageProblems(page, "scene page");
  const peer = await startGodot(page, { scripts: SCRIPTS, files: FILES });
  await page.addScriptTag({ type: "module", url: "/e2e/fixtures/scene-players.ts" });
  await page.waitForFunction(() => window.sceneKit !== undefined);
  await peer.send("config", godot);
  expect(await peer.next("configured")).toBe(godot.id);
  await page.evaluate((all) => {
    for (const [id, options] of Object.entries(all)) window.sceneKit.createPlayer(Number(id), options);
  }, shims);
  const match: SceneMatch = {
    page,
    godot: peer,
    async godotDo(command) {
      await peer.send("cmd", command);
      return peer.next("result");
    },
    async waitFor(who, wanted, what) {
      return page.evaluate(async ([side, m, label]) => {
        const kit = window.sceneKit;
        const list = () => (side === "godot" ? kit.godotEvents : kit.players.get(side as number)!.events);
        // Every field given must match; a nested object matches when its given fields do (a subset).
        const matches = (have: unknown, want: unknown): boolean =>
          want !== null && typeof want === "object" && !Array.isArray(want)
            ? have !== null && typeof have === "object" && Object.entries(want).every(([k, v]) => matches((have as Record<string, unknown>)[k], v))
            : JSON.stringify(have) === JSON.stringify(want);
        const hit = (e: Record<string, unknown>) => matches(e, m);
        await kit.until(() => list().some(hit), 20_000, `${label}: ${side} to see ${JSON.stringify(m)} (has ${JSON.stringify(list().map((e) => [e.kind, e.id, e["method"]]))})`);
        return JSON.parse(JSON.stringify(list().find(hit), (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v))) as SceneEvent;
      }, [who, wanted, what ?? "event"] as const);
    },
    async eventsOf(who, wanted) {
      return page.evaluate(([side, m]) => {
        const kit = window.sceneKit;
        const list = side === "godot" ? kit.godotEvents : kit.players.get(side as number)!.events;
        return list.filter((e) => Object.entries(m).every(([k, v]) => JSON.stringify((e as Record<string, unknown>)[k]) === JSON.stringify(v))).map((e) => ({ kind: e.kind, id: e.id }) as SceneEvent);
      }, [who, wanted] as const);
    },
  };
  for (const [a, b] of links) {
    if (a === godot.id || b === godot.id) {
      const shim = a === godot.id ? b : a;
      await match.godotDo({ op: "link", to: shim, offer: false });
      await page.evaluate(([s, g]) => window.sceneKit.linkGodot(s, g), [shim, godot.id] as const);
    } else {
      await page.evaluate(([x, y]) => window.sceneKit.linkShims(x, y), [a, b] as const);
    }
  }
  return match;
}
