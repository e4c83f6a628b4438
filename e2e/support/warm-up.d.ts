export default function warmUp(): Promise<void>;
//# sourceMappingURL=warm-up.d.ts.map