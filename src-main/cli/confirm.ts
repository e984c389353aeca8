// Questions on the terminal: "pay this?", "remove the wallet?", and reading a secret without echoing it.
// A question needs a person: when stdin or stderr is not a terminal (scripts, pipes, CI), nothing is
// asked and the command needs an explicit --yes instead, so a script can never hang on a prompt or
// pay because some input happened to start with "y".
import { createInterface } from 'node:readline/promises';
import { formatUsdc } from '../../src-shared/catalog.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { type ConfirmPayment, NETWORKS, type NetworkName } from '../core/for-shells/payments.ts';

export interface TerminalIo {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

const processIo = (): TerminalIo => ({ input: process.stdin, output: process.stderr });
const interactive = (io: TerminalIo) => io.input.isTTY === true && io.output.isTTY === true;

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export async function askYesNo(question: string, io: TerminalIo = processIo()): Promise<boolean> {
  const rl = createInterface({ input: io.input, output: io.output });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}

/**
 * Confirms a risky action: yes with --yes, asks on a terminal, and otherwise refuses with `refusal`
 * (which should tell the person to pass --yes).
 */
export async function confirmAction(
  question: string,
  options: { yes: boolean; refusal: () => ShotlinkError; io?: TerminalIo },
): Promise<boolean> {
  if (options.yes) return true;
  const io = options.io ?? processIo();
  if (!interactive(io)) throw options.refusal();
  return askYesNo(question, io);
}

/** The CLI's ConfirmPayment: `--yes` pays without asking, a terminal is asked, anything else is refused. */
export function terminalPaymentConfirm(options: { yes: boolean; io?: TerminalIo }): ConfirmPayment {
  return async (request) => {
    const network = NETWORKS[request.network as NetworkName]?.label ?? request.network;
    const what = `${formatUsdc(request.amountAtomic)} USDC on ${network} to ${request.payTo}`;
    const io = options.io ?? processIo();
    if (request.note) io.output.write(`shotlink: ${request.note}\n`);
    if (options.yes) {
      io.output.write(`shotlink: paying ${what} for ${request.fileName} (--yes)\n`);
      return true;
    }
    return confirmAction(
      `Pay ${what} to upload ${request.fileName} to ${request.provider} (${request.tier} tier)?`,
      {
        yes: false,
        io,
        refusal: () =>
          new ShotlinkError(
            'payment',
            `Uploading ${request.fileName} costs ${what}, and there is no terminal to ask. ` +
              'Pass --yes to pay without being asked. Nothing was signed.',
            { code: 'confirmation_needed' },
          ),
      },
    );
  };
}

/** Reads one line without echoing it (a private key). On a terminal the typed characters are not shown. */
export async function readSecretLine(
  prompt: string,
  io: TerminalIo = processIo(),
  pipeFlag = '--key-stdin',
): Promise<string> {
  const { input, output } = io;
  if (!interactive(io) || typeof input.setRawMode !== 'function') {
    throw new ShotlinkError('usage', `No terminal to type it into: pipe it in with ${pipeFlag}.`);
  }
  output.write(prompt);
  input.setRawMode(true);
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let line = '';
      const onData = (chunk: Buffer) => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n') {
            input.off('data', onData);
            return resolve(line);
          }
          if (char === '\u0003') {
            input.off('data', onData);
            return reject(new ShotlinkError('usage', 'Cancelled.'));
          }
          line = char === '\u007f' || char === '\b' ? line.slice(0, -1) : line + char;
        }
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    output.write('\n');
  }
}

/** Everything on stdin, for secrets piped in (`--key-stdin`), so they never appear in argv or shell history. */
export async function readAllStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
