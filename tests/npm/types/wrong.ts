// Must NOT compile: a config with a field that does not exist. The pack test checks that tsc
// rejects it with "Object literal may only specify known properties" (TS2353 or TS2561).
import { generate } from "fargate-stack";

generate({ name: "flask-api", services: [{ name: "flask", cpuu: 1024 }] });
