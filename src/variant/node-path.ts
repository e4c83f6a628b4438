import { describe, logError } from "../internal/log";

/** `String(path)`, or "" with the reason logged when it cannot be read (a Proxy or an object whose toString throws). */
function readText(path: unknown): string {
  try {
    return String(path);
  } catch (error) {
    logError("NodePath", `the path could not be read (${describe(error)}); using ""`);
    return "";
  }
}

/**
 * Godot's `NodePath` for `put_var` / `get_var` (`^"Path/To/Node:property:sub"` in GDScript): node names joined by
 * `/`, then subnames after `:`; absolute when it starts with `/`. Parsed as Godot parses it: empty names are
 * dropped, so `"a//b"` is `"a/b"`. Godot compares NodePaths by their names, subnames and absoluteness.
 */
export class NodePath {
  /** The node names, e.g. `["Path", "To", "Node"]`. */
  readonly names: readonly string[];
  /** The subnames (property path) after the first `:`, e.g. `["property", "sub"]`. */
  readonly subnames: readonly string[];
  /** Whether the path starts at the root (`/root/Main`). */
  readonly absolute: boolean;

  /** @param path the path as GDScript writes it. */
  constructor(path = "") {
    const text = readText(path);
    const colon = text.indexOf(":");
    const nodePart = colon === -1 ? text : text.slice(0, colon);
    this.absolute = nodePart.startsWith("/");
    this.names = Object.freeze(nodePart.split("/").filter((name) => name !== ""));
    this.subnames = Object.freeze(colon === -1 ? [] : text.slice(colon + 1).split(":").filter((name) => name !== ""));
  }

  /** The path as GDScript prints it: `"/root/Main"`, `"Player:position:x"`. */
  toString(): string {
    const names = Array.isArray(this.names) ? this.names : [];
    const subnames = Array.isArray(this.subnames) ? this.subnames : [];
    const nodes = (this.absolute === true ? "/" : "") + names.join("/");
    return subnames.length === 0 ? nodes : `${nodes}:${subnames.join(":")}`;
  }
}
