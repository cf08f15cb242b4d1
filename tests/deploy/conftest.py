"""Fixtures for deploying every preset's template on a local CloudFormation (moto).

One moto server for the whole run, on 127.0.0.1 and a free port, started by the `moto` fixture and
stopped in its teardown. Every AWS call goes through the real AWS CLI of the venv with dummy
credentials, `--endpoint-url` and `--region us-east-1`. Every subprocess has a timeout.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
AWS_CLI = VENV_BIN / "aws"
REGION = "us-east-1"
CALL_TIMEOUT = 180  # seconds for one CLI call, `deploy` and its waiter included
START_TIMEOUT = 30  # seconds for moto to answer


def generate_bin() -> Path:
    if os.environ.get("GENERATE_BIN"):
        return Path(os.environ["GENERATE_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "debug" / "examples" / "generate"


def generate(*args: str) -> str:
    """Runs the example program (built once by the Makefile) and returns its stdout."""
    exe = generate_bin()
    if not exe.exists():
        pytest.fail(f"{exe} missing: run `cargo build -p fargate-stack --example generate` first")
    out = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, f"generate {' '.join(args)} failed: {out.stderr}"
    return out.stdout


def preset_names() -> list[str]:
    """Every preset the core ships, read from the example's own error message, so a new preset
    is deployed and scanned without editing the tests."""
    out = subprocess.run(
        [str(generate_bin()), "--preset", "no-such-preset"], capture_output=True, text=True, timeout=60
    )
    match = re.search(r"one of: (.*)$", out.stderr.strip())
    assert match, f"cannot read the preset list from: {out.stderr!r}"
    return [n.strip() for n in match.group(1).split(",")]


def pytest_generate_tests(metafunc):
    if "preset" in metafunc.fixturenames:
        metafunc.parametrize("preset", preset_names(), scope="module")


# ---------------------------------------------------------------- moto


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Moto:
    endpoint: str
    log: Path

    def reset(self) -> None:
        req = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert resp.status == 200

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="session")
def moto(tmp_path_factory) -> Moto:
    logdir = tmp_path_factory.mktemp("moto")
    for attempt in range(3):
        port = _free_port()
        log = logdir / f"moto-{port}.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [sys.executable, str(HERE / "moto_launcher.py"), "-H", "127.0.0.1", "-p", str(port)],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        try:
            endpoint = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2):
                        break
                except OSError:
                    time.sleep(0.2)
            if proc.poll() is not None:
                continue  # the port was taken in between: try another
            if time.monotonic() >= deadline:
                pytest.fail(f"moto did not answer within {START_TIMEOUT}s:\n{log.read_text()}")
            yield Moto(endpoint, log)
            return
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
    pytest.fail(f"moto did not start:\n{log.read_text()}")


# ---------------------------------------------------------------- the AWS CLI


class AwsError(AssertionError):
    pass


@dataclass
class Aws:
    moto: Moto
    home: Path
    calls: int = 0
    _driver: object = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_SESSION_TOKEN="testing",
            AWS_DEFAULT_REGION=REGION,
            AWS_CONFIG_FILE=str(self.home / "config"),
            AWS_SHARED_CREDENTIALS_FILE=str(self.home / "credentials"),
            AWS_EC2_METADATA_DISABLED="true",
            # `cloudformation deploy --s3-bucket` uploads the template with an S3 client of its
            # own that ignores --endpoint-url; botocore's per-service endpoint setting points it
            # at moto too (and changes nothing else: every other call passes --endpoint-url).
            AWS_ENDPOINT_URL_S3=self.moto.endpoint,
        )
        return env

    def endpoint_args(self) -> list[str]:
        return ["--endpoint-url", self.moto.endpoint, "--region", REGION]

    def run(self, argv: list[str], cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
        """Runs `aws ARGV... --endpoint-url ... --region ...`; argv excludes the leading `aws`."""
        self.calls += 1
        full = [str(AWS_CLI), *argv, *self.endpoint_args()]
        try:
            out = subprocess.run(
                full, cwd=cwd, env=self.env(), capture_output=True, text=True, timeout=CALL_TIMEOUT
            )
        except subprocess.TimeoutExpired as err:
            raise AwsError(f"aws {' '.join(argv)}: no answer in {CALL_TIMEOUT}s") from err
        if check and out.returncode != 0:
            if "500 Internal Server Error" in out.stderr:
                # moto's server writes the traceback of a 500 after answering: give it a moment
                # so the log tail below holds the error, not only the request lines.
                time.sleep(1)
            raise AwsError(
                f"aws {' '.join(argv)} -> exit {out.returncode}\n{out.stdout}\n{out.stderr}\n"
                f"--- moto log tail ---\n{self.moto.log_tail(120)}"
            )
        return out

    def __call__(self, *argv: str):
        """Runs a read-back call and returns its JSON answer.

        The same AWS CLI (awscli's own driver, same arguments, same environment), run inside
        this process with one driver kept across calls: about 50 ms a call instead of a second
        to start a new `aws` process on a busy machine. Deploys run the real `aws` command."""
        self.calls += 1
        if self._driver is None:
            from awscli.clidriver import create_clidriver

            os.environ.update(self.env())
            self._driver = create_clidriver()
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = self._driver.main([*argv, *self.endpoint_args(), "--output", "json"])
        if rc != 0:
            raise AwsError(
                f"aws {' '.join(argv)} -> exit {rc}\n{out.getvalue()}\n{err.getvalue()}\n"
                f"--- moto log tail ---\n{self.moto.log_tail()}"
            )
        return json.loads(out.getvalue()) if out.getvalue().strip() else {}


@pytest.fixture(scope="session")
def aws(moto, tmp_path_factory) -> Aws:
    saved = dict(os.environ)
    try:
        yield Aws(moto, tmp_path_factory.mktemp("aws-home"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


# ---------------------------------------------------------------- summary table


@dataclass
class Row:
    preset: str
    stack: str
    created: int = 0
    skipped: list[str] = field(default_factory=list)
    deploy_s: float = 0.0
    update_s: float = 0.0
    total_s: float = 0.0
    status: str = "?"


SUMMARY: dict[str, Row] = {}

# Steps of the other deploy tests (two stacks from one template, named zones): (test, step, seconds).
TIMINGS: list[tuple[str, str, float]] = []


def pytest_terminal_summary(terminalreporter):
    tr = terminalreporter
    if TIMINGS:
        tr.section("deploy on moto: other stacks")
        for test, step, seconds in TIMINGS:
            tr.write_line(f"{test:<28}{step:<40}{seconds:>7.1f} s")
    if not SUMMARY:
        return
    tr.section("deploy on moto: summary")
    w = max([15, *(len(row.preset) + 2 for row in SUMMARY.values())])
    tr.write_line(f"{'preset':<{w}}{'stack':<12}{'created':>8}{'skipped':>8}{'deploy s':>10}{'update s':>10}{'total s':>9}  status")
    for row in SUMMARY.values():
        tr.write_line(
            f"{row.preset:<{w}}{row.stack:<12}{row.created:>8}{len(row.skipped):>8}"
            f"{row.deploy_s:>10.1f}{row.update_s:>10.1f}{row.total_s:>9.1f}  {row.status}"
        )
    tr.write_line("skipped = template resources moto accepts but does not create (see test_deploy.MOTO_SKIPS)")
