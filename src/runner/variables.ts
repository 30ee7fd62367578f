// The runner renders ${...} in request parameters; the syntax lives with the case files (src/cases/templates.ts),
// where the loader also checks every reference before anything runs.
export { MissingVariable, referencedFixtures, render, type Vars } from '../cases/templates';
