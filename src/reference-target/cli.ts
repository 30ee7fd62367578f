// npm run reference-target -- [--port N] [--polls N] [--page-cap N] [--fail-jobs] [--max-jobs N] [--job-id-seed S] [--services N] [--behaviour NAME]
// Runs the reference target until SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import { startReferenceTarget } from './server';
import { SEED_SIZE, seedServices } from './data';
import { BEHAVIOURS, behaviourNamed } from './behaviours';

const USAGE = `reference-target [options]
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
  if (!/^[0-9]+$/.test(text)) throw new Error(`--${flag} takes a whole number, got "${text}"`);
  return Number(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
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
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const count = wholeNumber('services', values.services);
  const behaviour = values.behaviour === undefined ? undefined : behaviourNamed(values.behaviour);
  if (values.behaviour !== undefined && !behaviour) throw new Error(`--behaviour: no behaviour named "${values.behaviour}"`);
  const target = await startReferenceTarget({
    port: wholeNumber('port', values.port),
    pollsBeforeComplete: wholeNumber('polls', values.polls),
    pageCap: wholeNumber('page-cap', values['page-cap']),
    failJobs: values['fail-jobs'],
    maxConcurrentJobs: wholeNumber('max-jobs', values['max-jobs']),
    jobIdSeed: values['job-id-seed'],
    services: count === undefined ? undefined : seedServices(count),
    behaviour,
  });
  console.log(`reference target listening on ${target.url}${behaviour ? ` (behaviour ${behaviour.name}: ${behaviour.kind}, ${behaviour.description})` : ''}`);
  const stop = () => void target.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: Error) => {
  console.error(`reference-target: ${e.message}\n\n${USAGE}`);
  process.exit(2);
});
