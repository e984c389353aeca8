// The servers a benchmark measures run in processes of their own (so the load generator does not share
// their event loop): start one, and wait for the first line it prints, its URL.
import { spawn, type ChildProcess } from 'node:child_process';

/** Starts `node <args>` and resolves with its first line of output; it is added to `children`. */
export function startChild(
  children: ChildProcess[],
  args: string[],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve({ child, url: out.trim() });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code})`)));
  });
}
