// The browser/bundler entry (`fargate-stack/web`) is typed too, including its initialiser.
import init, { generate, preset } from "fargate-stack/web";

async function main(): Promise<string> {
  await init();
  const config = preset("minimal");
  return config === undefined ? "" : generate(config).json;
}
void main;
