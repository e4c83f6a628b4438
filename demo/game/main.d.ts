import { GameSession, type Player, type SessionStatus } from "./game-session";
/** What tests and the console can read: the session itself and a plain snapshot of the game. */
export interface GameDebug {
    session: GameSession;
    snapshot(): {
        id: number;
        status: SessionStatus;
        lobby: string;
        mesh: boolean;
        players: Player[];
        events: string[];
        chat: {
            from: number;
            text: string;
        }[];
    };
}
//# sourceMappingURL=main.d.ts.map