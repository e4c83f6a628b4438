// The browser's own RTCDataChannel, signaled directly: the baseline every other contender is a ratio of.
import { CONFIG, spin, type Contender, type End, type Pairs } from "./common";

/** Raw signaling, in the same order the library's signals drive it (answer made right after the offer lands). */
function signalRaw(a: RTCPeerConnection, b: RTCPeerConnection): void {
  a.onicecandidate = ({ candidate }) => {
    if (candidate?.candidate) void b.addIceCandidate(candidate);
  };
  b.onicecandidate = ({ candidate }) => {
    if (candidate?.candidate) void a.addIceCandidate(candidate);
  };
  void a.createOffer().then((offer) => {
    void a.setLocalDescription(offer);
    void b.setRemoteDescription(offer).then(() => b.createAnswer()).then((answer) => {
      void b.setLocalDescription(answer);
      void a.setRemoteDescription(answer);
    });
  });
}

function rawEnd(channel: RTCDataChannel): End {
  channel.binaryType = "arraybuffer";
  const end: End = { channel, send: (bytes) => channel.send(bytes as Uint8Array<ArrayBuffer>), handler: null };
  channel.addEventListener("message", (event: MessageEvent<ArrayBuffer>) => end.handler?.(event.data.byteLength));
  return end;
}

async function pairs(): Promise<Pairs> {
  const a = new RTCPeerConnection(CONFIG);
  const b = new RTCPeerConnection(CONFIG);
  const channels = [a, b].map((pc) => [
    pc.createDataChannel("reliable", { negotiated: true, id: 0 }),
    pc.createDataChannel("unreliable", { negotiated: true, id: 1, ordered: false, maxRetransmits: 0 }),
  ]);
  signalRaw(a, b);
  await spin(() => channels.flat().every((channel) => channel.readyState === "open"), "raw channels open");
  const [[ar, au], [br, bu]] = channels as [[RTCDataChannel, RTCDataChannel], [RTCDataChannel, RTCDataChannel]];
  return {
    reliable: { a: rawEnd(ar), b: rawEnd(br) },
    unreliable: { a: rawEnd(au), b: rawEnd(bu) },
    close: () => [a, b].forEach((pc) => pc.close()),
  };
}

async function setupTime(): Promise<number> {
  const a = new RTCPeerConnection(CONFIG);
  const b = new RTCPeerConnection(CONFIG);
  const local = a.createDataChannel("setup");
  let remote: RTCDataChannel | null = null;
  b.ondatachannel = ({ channel }) => (remote = channel);
  const start = performance.now();
  signalRaw(a, b);
  const end = await spin(() => local.readyState === "open" && remote?.readyState === "open", "raw setup");
  a.close();
  b.close();
  return end - start;
}

async function hold(): Promise<() => void> {
  const a = new RTCPeerConnection(CONFIG);
  const b = new RTCPeerConnection(CONFIG);
  const channels = [a, b].map((pc) => pc.createDataChannel("held", { negotiated: true, id: 0 }));
  signalRaw(a, b);
  await spin(() => channels.every((channel) => channel.readyState === "open"), "raw held pair");
  return () => [a, b].forEach((pc) => pc.close());
}

/** The browser's RTCDataChannel, the baseline. */
export const raw: Contender = { pairs, setupTime, hold };
