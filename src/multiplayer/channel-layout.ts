import type { DataChannelOptions } from "../data-channel/channel-options";
import { TRANSFER_MODES, TransferMode } from "../godot/enums";

/** One data channel every peer gets: its label, the options both ends create it with, and its transfer mode. */
export interface ChannelSpec {
  readonly label: string;
  readonly options: DataChannelOptions;
  readonly mode: TransferMode;
}

/** Channels before the first `channels_config` one: "reliable", "ordered" and "unreliable" (ids 1, 2 and 3). */
export const RESERVED_CHANNELS = 3;

/**
 * The channels `add_peer` creates on each connection: the three reserved ones, then one per `channels_config`
 * entry with ids 4, 5, … . All are negotiated, so both ends must use the same layout.
 */
export class ChannelLayout {
  /** The transfer mode of each `channels_config` entry, in order. */
  readonly extraModes: readonly TransferMode[];

  private constructor(extraModes: readonly TransferMode[]) {
    this.extraModes = extraModes;
  }

  /** The layout for `channelsConfig`, or why it is refused (not an array, or an entry that is not 0, 1 or 2). */
  static parse(channelsConfig: unknown): ChannelLayout | { error: string } {
    try {
      return ChannelLayout.#parse(channelsConfig);
    } catch {
      return { error: "channels_config could not be read (a Proxy or getter that throws)" };
    }
  }

  static #parse(channelsConfig: unknown): ChannelLayout | { error: string } {
    if (!Array.isArray(channelsConfig)) return { error: "channels_config must be an array of TransferMode values" };
    for (const [index, mode] of channelsConfig.entries()) {
      if (!TRANSFER_MODES.has(mode)) {
        return { error: `channels_config must contain only TransferMode values (0, 1, 2). Got: ${String(mode)} at index ${index}` };
      }
    }
    return new ChannelLayout([...(channelsConfig as TransferMode[])]);
  }

  /** The layout with no extra channels (a fresh or closed peer). */
  static empty(): ChannelLayout {
    return new ChannelLayout([]);
  }

  /** The transfer mode of the channel at list index `index` (0 reliable, 1 ordered, 2 unreliable, then extras). */
  modeAt(index: number): TransferMode | undefined {
    if (index === 0) return TransferMode.TRANSFER_MODE_RELIABLE;
    if (index === 1) return TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED;
    if (index === 2) return TransferMode.TRANSFER_MODE_UNRELIABLE;
    return this.extraModes[index - RESERVED_CHANNELS];
  }

  /**
   * Every channel in list order, with `maxPacketLifeTime` (spelled as the browser knows it, unlike Godot's
   * `maxPacketLifetime`, which the browser ignores) set to `unreliableLifetime` on the unreliable ones.
   */
  specs(unreliableLifetime: number): ChannelSpec[] {
    const reserved: ChannelSpec[] = [
      spec("reliable", 1, TransferMode.TRANSFER_MODE_RELIABLE, unreliableLifetime),
      spec("ordered", 2, TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED, unreliableLifetime),
      spec("unreliable", 3, TransferMode.TRANSFER_MODE_UNRELIABLE, unreliableLifetime),
    ];
    const extras = this.extraModes.map((mode, i) => {
      const id = RESERVED_CHANNELS + 1 + i;
      return spec(String(id), id, mode, unreliableLifetime);
    });
    return [...reserved, ...extras];
  }
}

function spec(label: string, id: number, mode: TransferMode, lifetime: number): ChannelSpec {
  const options: DataChannelOptions = { negotiated: true, id, ordered: mode !== TransferMode.TRANSFER_MODE_UNRELIABLE };
  if (mode !== TransferMode.TRANSFER_MODE_RELIABLE) options.maxPacketLifeTime = lifetime;
  return { label, options, mode };
}

/** The list index `put_packet` sends on: the `transfer_channel`-th extra channel, else the one of `transfer_mode`. */
export function sendChannelIndex(transferChannel: number, transferMode: TransferMode): number {
  if (transferChannel > 0) return transferChannel + RESERVED_CHANNELS - 1;
  if (transferMode === TransferMode.TRANSFER_MODE_RELIABLE) return 0;
  return transferMode === TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED ? 1 : 2;
}
