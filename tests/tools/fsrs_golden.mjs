// Writes tests/data/fsrs_golden.json: review sequences scheduled by the reference FSRS
// implementation (the ts-fsrs npm package), for tests/engine/test_fsrs.c.
//
// Not needed to build, run or test rampup; only to regenerate the golden file:
//   mkdir -p /tmp/fsrs-ref && cd /tmp/fsrs-ref && npm install ts-fsrs@5.4.2
//   NODE_PATH=/tmp/fsrs-ref/node_modules node tests/tools/fsrs_golden.mjs > tests/data/fsrs_golden.json
// (or run it from /tmp/fsrs-ref after copying it there).
//
// Settings, as rampup schedules: FSRS-6 default parameters, desired retention 0.9, no fuzz,
// no same-day learning steps (enable_short_term: false, the long-term scheduler).
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.NODE_PATH || process.cwd(), 'x.js'));
const tsfsrs = require('ts-fsrs');
const { fsrs, generatorParameters, createEmptyCard, Rating, default_w, FSRSVersion } = tsfsrs;

function schedulerFor(retention) {
  return fsrs(generatorParameters({
    request_retention: retention,
    enable_fuzz: false,
    enable_short_term: false,
  }));
}
const params = generatorParameters({ enable_fuzz: false, enable_short_term: false });
let scheduler = schedulerFor(0.9);
const DAY = 86400000;
const t0 = Date.UTC(2025, 0, 1, 12, 0, 0); // noon UTC: day boundaries never in question

// One new card reviewed with grades[i] on day days[i] (days[0] is its first review).
function replay(grades, days) {
  let card = createEmptyCard(new Date(t0 + days[0] * DAY));
  const reviews = [];
  for (let i = 0; i < grades.length; i++) {
    const now = new Date(t0 + days[i] * DAY);
    const preview = scheduler.repeat(card, now);
    const buttons = [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]
      .map((g) => preview[g].card.scheduled_days);
    const next = preview[grades[i]].card;
    reviews.push({
      stability: next.stability,
      difficulty: next.difficulty,
      interval: next.scheduled_days,
      buttons,
    });
    card = next;
  }
  return { grades, days, reviews };
}

// A small deterministic generator (our own LCG), so the file is reproducible.
let seed = 20251201;
function rand() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

const sequences = [];
// The example and a few hand-picked edge cases.
sequences.push(replay([3, 2, 1, 4], [0, 2, 9, 10]));
sequences.push(replay([1, 1, 1, 1, 1], [0, 0, 1, 1, 2]));           // same-day repeats
sequences.push(replay([4, 4, 4, 4, 4, 4, 4, 4], [0, 15, 60, 200, 600, 1800, 5000, 12000]));
sequences.push(replay([2, 3, 3, 1, 3, 3], [0, 1, 4, 30, 31, 35]));
sequences.push(replay([3, 3, 3, 3, 3, 3, 3, 3, 3, 3], [0, 2, 4, 8, 16, 32, 64, 128, 256, 512]));
sequences.push(replay([1, 3, 2, 4, 1, 3], [0, 1, 100, 101, 400, 400]));
// Random sequences: reviews on, before or after the scheduled day.
for (let k = 0; k < 60; k++) {
  const n = 2 + Math.floor(rand() * 11);
  const grades = [];
  const days = [0];
  let interval = 0;
  for (let i = 0; i < n; i++) {
    const u = rand();
    grades.push(u < 0.15 ? 1 : u < 0.3 ? 2 : u < 0.85 ? 3 : 4);
    if (i > 0) {
      const jitter = rand();
      const late = jitter < 0.2 ? 0 : jitter < 0.4 ? Math.floor(interval * rand()) :
        jitter < 0.8 ? interval : interval + Math.floor(interval * 2 * rand()) + 1;
      days.push(days[i - 1] + late);
    }
    const seq = replay(grades.slice(0, i + 1), days.slice(0, i + 1));
    interval = seq.reviews[i].interval;
  }
  sequences.push(replay(grades, days));
}

// Other desired retentions (rampup's `retention` setting): the same grades, other intervals.
const retentionSequences = [];
for (const retention of [0.8, 0.95]) {
  scheduler = schedulerFor(retention);
  for (const k of [0, 3, 4, 10, 20]) {
    const seq = replay(sequences[k].grades, sequences[k].days);
    seq.retention = retention;
    retentionSequences.push(seq);
  }
}

const out = {
  generator: 'tests/tools/fsrs_golden.mjs',
  reference: `ts-fsrs ${FSRSVersion}`,
  settings: { request_retention: 0.9, enable_fuzz: false, enable_short_term: false,
              maximum_interval: params.maximum_interval, w: Array.from(default_w) },
  sequences,
  retention_sequences: retentionSequences,
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
