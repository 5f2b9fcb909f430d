/** Run the CLI in-process and collect what it writes. */
import { main, type Io, type Passes } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `passes`: substitute passes (see Passes in src/cli/main.ts), to prove the check catches a wrong one. */
export async function runCli(argv: string[], passes?: Passes): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(argv, io, passes);
  return { code, stdout, stderr };
}
