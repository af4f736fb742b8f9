"""``sme-local``: ``start`` runs the local Exasol and AWS stand-ins until Ctrl-C; ``demo`` runs the
extension's whole flow on them and prints how good the predictions are."""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence

from exasol_sagemaker_extension.local.runtime import (DEFAULT_PASSWORD, DEFAULT_USER, LOCAL_SCRIPT_LANGUAGE,
                                                      LocalRuntime)

DEFAULT_PORT = 8563


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="sme-local", description="Local Exasol stand-in for development and tests.")
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="serve the database on 127.0.0.1 until Ctrl-C")
    start.add_argument("--port", type=int, default=DEFAULT_PORT, help="WebSocket port (0 picks a free one)")
    start.add_argument("--tls", dest="tls", action="store_true", default=True,
                       help="serve wss with a self-signed certificate (default)")
    start.add_argument("--no-tls", dest="tls", action="store_false", help="serve plain ws")
    start.add_argument("--nproc", type=int, default=2, help="value of NPROC(), the simulated node count")
    start.add_argument("--user", default=DEFAULT_USER, help="database user name")
    start.add_argument("--password", default=os.environ.get("SME_LOCAL_PASSWORD", DEFAULT_PASSWORD),
                       help="database password (default: $SME_LOCAL_PASSWORD or 'exasol')")
    start.add_argument("--no-aws", dest="aws", action="store_false", default=True,
                       help="do not start the AWS stand-in")
    start.add_argument("--no-python3-sme-alias", dest="define_alias", action="store_false", default=True,
                       help=f"do not predefine {LOCAL_SCRIPT_LANGUAGE} in SCRIPT_LANGUAGES")
    demo = commands.add_parser("demo", help="install, train, deploy, predict and delete on the local runtime")
    demo.add_argument("--keep", action="store_true",
                      help="keep everything running afterwards (the endpoint too) until Ctrl-C")
    demo.add_argument("--port", type=int, default=0, help="WebSocket port (default: a free one)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``sme-local``."""
    args = parse_args(argv)
    if args.command == "demo":
        return run_demo(args.keep, args.port)
    if args.nproc < 1:
        print("--nproc must be at least 1", file=sys.stderr)
        return 2
    with LocalRuntime(port=args.port, tls=args.tls, nproc=args.nproc, user=args.user, password=args.password,
                      aws=args.aws, define_alias=args.define_alias) as runtime:
        print("Local Exasol stand-in running (Ctrl-C stops it)\n" + runtime.describe(), flush=True)
        wait_for_interrupt()
    return 0


def run_demo(keep: bool, port: int) -> int:
    """``sme-local demo``: exit code 0 when every step worked."""
    from exasol_sagemaker_extension.local.demo import Demo

    with LocalRuntime(port=port) as runtime:
        print("Exasol SageMaker Extension demo on the local runtime\n" + runtime.describe(), flush=True)
        demo = Demo(runtime, say=lambda line: print(line, flush=True))
        try:
            result = demo.run(delete_endpoint=not keep)
        except Exception as error:  # every failure ends the demo with its message, not a traceback
            print(f"demo failed: {error}", file=sys.stderr, flush=True)
            return 1
        print(f"demo finished in {result.seconds:.1f} s: job {result.job_status}, "
              f"{result.metric} {result.quality:.3f} on {result.predicted_rows} held-out rows", flush=True)
        if keep:
            print("still running for your own SQL (Ctrl-C stops it):\n" + runtime.describe(), flush=True)
            wait_for_interrupt()
    return 0


def wait_for_interrupt() -> None:
    """Block until Ctrl-C (SIGINT) or SIGTERM."""
    stop = threading.Event()
    previous = {number: signal.signal(number, lambda *_: stop.set()) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


if __name__ == "__main__":
    sys.exit(main())
