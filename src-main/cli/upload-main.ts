// `shotlink upload`, built as a bundle of its own (build-cli.js; bin.js runs it for `upload`): the same
// program as main.ts registers for that command, with its code bundled from the start instead of split
// among the ~35 chunks the whole CLI's other commands share, each one a module Node 20 resolves, reads,
// compiles and links on every run (about 25–30 ms of the path people time).
import * as upload from './commands/upload.ts';
import { runProgram } from './program.ts';

await runProgram([upload]);
