// Runs npm scripts side by side and reports each as it would alone: its output in one piece once
// it has finished (never interleaved), then its status; fails when any failed. `npm test` runs the
// type check and the lint this way: each uses one core, and the machines Earshot is tested on
// have two, so together they take about as long as the slower one.
//
//   node --import tsx scripts/run-together.ts typecheck lint
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('Usage: run-together.ts <npm script> [<npm script> …]');
  process.exit(2);
}

function run(
  script: string,
): Promise<{ script: string; code: number; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn('npm', ['run', '--silent', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => done({ script, code: 1, output: String(error), ms: 0 }));
    child.on('close', (code) =>
      done({ script, code: code ?? 1, output, ms: Date.now() - started }),
    );
  });
}

const results = await Promise.all(scripts.map(run));
for (const { script, code, output, ms } of results) {
  console.log(
    `\n> npm run ${script}  (${(ms / 1000).toFixed(1)} s, ${code === 0 ? 'ok' : `failed: exit ${code}`})`,
  );
  if (output.trim()) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}
const failed = results.filter((result) => result.code !== 0).map((result) => result.script);
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
