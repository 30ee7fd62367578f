// A jest reporter that prints nothing; the CLI prints its own summary (used by tests and the benchmark).
class QuietReporter {
  onRunComplete() {}
}
module.exports = QuietReporter;
