import { runCli } from '../app/cli/run';

// `npm run cli -- …`: no window, the same app/ services.
const controller = new AbortController();
process.on('SIGINT', () => controller.abort());

runCli(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) }, controller.signal).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`error: ${(err as Error).message}`);
    process.exit(1);
  },
);
