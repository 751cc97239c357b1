/** What every command module shares with main.ts, kept apart so the commands need not import main. */
import type { Command } from 'commander';

/** Exit codes shared by every command: 0 allow/ok, 1 block/failed check, 2 usage or config error. */
export const EXIT = { ok: 0, blocked: 1, usage: 2 } as const;

/** Signature every command module exports: add the command, report the exit code through setCode. */
export type RegisterCommand = (program: Command, setCode: (code: number) => void) => void;
