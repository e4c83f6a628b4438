import { type Contender } from "./common";
/** PeerJS 1.5 with `serialization: "raw"`. */
export declare const peerjs: Contender;
//# sourceMappingURL=peerjs.d.ts.map