import { type Contender } from "./common";
/** The browser's RTCDataChannel, the baseline. */
export declare const raw: Contender;
//# sourceMappingURL=raw.d.ts.map