// Times the CDK app's in-process synth, warm: construct the App and stack and call app.synth()
// (which writes the cloud assembly to a temp folder, as every synth does), many times in one Node.
//
//   node insynth.js [ITERATIONS]       (NODE_PATH must reach aws-cdk-lib and constructs)
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { buildApp } = require("./app.js");

const iterations = Number(process.argv[2] ?? 10);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compare-cdk-"));
try {
  let n = 0;
  const once = () => {
    const assembly = buildApp(path.join(dir, String(n++ % 2))).synth();
    return assembly.getStackByName("FlaskApi").template;
  };
  const coldStart = process.hrtime.bigint();
  const template = once();
  const cold = Number(process.hrtime.bigint() - coldStart) / 1e6;
  for (let i = 0; i < Math.max(2, iterations / 5); i++) once();
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    once();
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const cdkVersion = require("aws-cdk-lib/package.json").version;
  console.log(
    `cdk in-process app.synth()(seed): ${median.toFixed(0)} µs per template (median of ${iterations} warm; ` +
      `first synth ${cold.toFixed(0)} ms; aws-cdk-lib ${cdkVersion}; ${Object.keys(template.Resources).length} resources)`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
