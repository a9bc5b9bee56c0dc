// The bot as `npm start` runs it (the bundle dist/main.mjs) as a child process. It listens on port 0
// and the port it got is read from its own "listening" log line, so no test ever races another
// process for a port it was told is free.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TEST_START } from './clock.js';

export interface BotProcess {
  child: ChildProcess;
  url: string;
  /** Every log line the process wrote, parsed. */
  logs: Record<string, unknown>[];
  stderr: string[];
  exited: Promise<number | null>;
}

export interface Exit {
  code: number | null;
  stderr: string;
  logs: Record<string, unknown>[];
}

/** Base environment of a test process: local, anonymous by choice, no timers. */
function processEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    NODE_ENV: 'test',
    ALLOW_ANONYMOUS: 'true',
    PORT: '0',
    LOG_LEVEL: 'info',
    REMINDER_SWEEP_SECONDS: '0',
    FAKE_NOW: TEST_START.toISOString(),
    ...env,
  };
}

function watch(child: ChildProcess): Omit<BotProcess, 'url'> & { listening: Promise<number | undefined> } {
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  let onPort: (port: number | undefined) => void = () => undefined;
  const listening = new Promise<number | undefined>((resolve) => (onPort = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry['msg'] === 'listening') onPort(Number(entry['port']));
    } catch {
      stderr.push(`stdout (not JSON): ${line}`);
    }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => onPort(undefined));
  return { child, logs, stderr, exited, listening };
}

/** Starts the bundled bot; resolves once it listens, rejects if it exits first. */
export async function startProcess(env: Record<string, string>, entry = 'dist/main.mjs'): Promise<BotProcess> {
  const child = spawn(process.execPath, [entry], { env: processEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const watched = watch(child);
  const port = await watched.listening;
  if (port === undefined) throw new Error(`the bot exited before listening: ${watched.stderr.join('\n')}`);
  return { child, url: `http://127.0.0.1:${port}`, logs: watched.logs, stderr: watched.stderr, exited: watched.exited };
}

/** Runs the bundled bot expecting it to stop by itself (a refused start); kills it after 20 s. */
export async function runToExit(env: Record<string, string>, entry = 'dist/main.mjs'): Promise<Exit> {
  const child = spawn(process.execPath, [entry], { env: processEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const watched = watch(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await watched.exited;
  clearTimeout(timer);
  return { code, stderr: watched.stderr.join('\n'), logs: watched.logs };
}

export async function stopProcess(p: BotProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  return p.exited;
}
