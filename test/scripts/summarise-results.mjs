// Prints the closing line CI reads, `N passed, N failed`, from Vitest's JSON reports
// plus the typecheck/lint/build checks, and exits non-zero when anything failed.
//   summarise-results.mjs <checks passed> <checks failed> (<report.json> <vitest exit status>)...
import { existsSync, readFileSync } from 'node:fs';

const [checksPassedArg, checksFailedArg, ...runs] = process.argv.slice(2);
const checksPassed = Number(checksPassedArg ?? 0);
const checksFailed = Number(checksFailedArg ?? 0);

let passed = 0;
let failed = 0;
let skipped = 0;
for (let i = 0; i < runs.length; i += 2) {
  const reportPath = runs[i];
  const vitestStatus = Number(runs[i + 1] ?? 1);
  let runFailed = 0;
  if (reportPath && existsSync(reportPath)) {
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    passed += report.numPassedTests ?? 0;
    runFailed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A suite that fails to load has no tests to count: count it as a failure.
    runFailed += (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && file.assertionResults?.length === 0,
    ).length;
  } else {
    runFailed += 1;
  }
  if (vitestStatus !== 0 && runFailed === 0) runFailed += 1;
  failed += runFailed;
}

const total = { passed: passed + checksPassed, failed: failed + checksFailed };
console.log(
  `tests: ${passed} passed, ${failed} failed, ${skipped} skipped; checks (typecheck, lint, build): ${checksPassed} passed, ${checksFailed} failed`,
);
console.log(`${total.passed} passed, ${total.failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(total.failed === 0 ? 0 : 1);
