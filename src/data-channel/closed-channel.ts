/** The browser channel behind a channel a game built with `new`: closed from the start, never sends or fires. */
export function closedChannel(): RTCDataChannel {
  const closed = {
    label: "", protocol: "", id: null, ordered: true, negotiated: false, maxPacketLifeTime: null, maxRetransmits: null,
    readyState: "closed", bufferedAmount: 0, binaryType: "arraybuffer",
    send: () => {}, close: () => {}, addEventListener: () => {},
  };
  return closed as unknown as RTCDataChannel;
}
