// iam-conformance-reference-target [--port N] [--polls N] [--page-cap N] [--fail-jobs] [--max-jobs N] [--job-id-seed S] [--services N] [--behaviour NAME]
// Runs the reference target until SIGINT or SIGTERM (exit 0). Exit 2: a bad option; exit 3: it cannot listen
// (the port is taken or not allowed). Each failure is one line on stderr.
import { parseArgs } from 'node:util';
import { startReferenceTarget, type RunningTarget } from './server';
import { SEED_SIZE, seedServices } from './data';
import { BEHAVIOURS, behaviourNamed } from './behaviours';

/** Exit codes, as the README documents them. */
export const EXIT = { stopped: 0, usage: 2, cannotListen: 3 } as const;

class UsageError extends Error {}

/** The parent when this process started: read before anything else, so a parent killed during start-up is noticed. */
const PARENT = process.ppid;

const USAGE = `iam-conformance-reference-target [options]
  --port N          port on 127.0.0.1 (default 4599; 0 picks a free one)
  --polls N         GetOrganizationsAccessReport calls that still see IN_PROGRESS for a new job (default 1)
  --page-cap N      never more than N items on a page, whatever MaxItems says
  --fail-jobs       jobs end FAILED with ErrorDetails instead of COMPLETED
  --max-jobs N      jobs that may run at once before ReportGenerationLimitExceeded (default 5)
  --job-id-seed S   seed of the deterministic JobIds (default "reference")
  --services N      report size: the first N seeded services, synthetic ones beyond ${SEED_SIZE} (default ${SEED_SIZE})
  --behaviour NAME  a deliberate break or a legal variation from the catalogue (src/reference-target/behaviours.ts):
                    ${BEHAVIOURS.map((b) => b.name).join(', ')}`;

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`--${flag} takes a whole number, got "${text}"`);
  return Number(text);
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '4599' },
        polls: { type: 'string' },
        'page-cap': { type: 'string' },
        'fail-jobs': { type: 'boolean' },
        'max-jobs': { type: 'string' },
        'job-id-seed': { type: 'string' },
        services: { type: 'string' },
        behaviour: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

async function main(): Promise<void> {
  const { values } = parseOptions();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const count = wholeNumber('services', values.services);
  const behaviour = values.behaviour === undefined ? undefined : behaviourNamed(values.behaviour);
  if (values.behaviour !== undefined && !behaviour) throw new UsageError(`--behaviour: no behaviour named "${values.behaviour}"`);
  const port = wholeNumber('port', values.port);
  if (port !== undefined && port > 65535) throw new UsageError(`--port takes 0..65535, got ${port}`);
  const settings = {
    port,
    pollsBeforeComplete: wholeNumber('polls', values.polls),
    pageCap: wholeNumber('page-cap', values['page-cap']),
    failJobs: values['fail-jobs'],
    maxConcurrentJobs: wholeNumber('max-jobs', values['max-jobs']),
    jobIdSeed: values['job-id-seed'],
    services: count === undefined ? undefined : seedServices(count),
    behaviour,
  };
  let target: RunningTarget;
  try {
    target = await startReferenceTarget(settings);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CannotListen(`port ${port} on 127.0.0.1 is already in use (choose another with --port, or --port 0 for a free one)`);
    if (code === 'EACCES') throw new CannotListen(`port ${port} on 127.0.0.1 is not allowed for this user (choose one above 1023)`);
    throw e;
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Open connections are closed with the server; the timer only guards against a close that never ends.
    setTimeout(() => process.exit(EXIT.stopped), 2000).unref();
    void target.close().then(() => process.exit(EXIT.stopped));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Started through npm (`npm run reference-target`, `npx`), this process is a grandchild of npm, and npm's
  // shell dies of the SIGTERM that npm forwards without passing it on: when the parent goes, go with it.
  if (process.env.npm_lifecycle_event) {
    const watch = () => process.ppid !== PARENT && stop();
    watch();
    setInterval(watch, 250).unref();
  }
  // Last: whoever waits for this line may signal at once, and the handlers are in place.
  console.log(`reference target listening on ${target.url}${behaviour ? ` (behaviour ${behaviour.name}: ${behaviour.kind}, ${behaviour.description})` : ''}`);
}

class CannotListen extends Error {}

main().catch((e: Error) => {
  if (e instanceof UsageError) {
    console.error(`reference-target: ${e.message} (--help lists the options)`);
    process.exit(EXIT.usage);
  }
  if (e instanceof CannotListen) {
    console.error(`reference-target: ${e.message}`);
    process.exit(EXIT.cannotListen);
  }
  throw e; // our own bug: its stack, and node's exit code 1
});
