"""`make cluster`: start the cluster, print its address, stop everything on Ctrl-C."""

import signal
import sys
import threading

from cluster.topology import INTERACTIVE_PORTS, running


def main():
    # SIGTERM leaves through the same `finally` blocks as Ctrl-C, so everything is stopped.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        with running(INTERACTIVE_PORTS) as cluster:
            print(
                f"\nThe catalog: {cluster.address}  (back office: {cluster.address}admin/)\n"
                f"Demo accounts admin, editor, durban; password: {cluster.demo_password}\n"
                f"Files and logs: {cluster.folder}\n"
                f"PostgreSQL primary 127.0.0.1:{cluster.ports.primary}, replica "
                f"127.0.0.1:{cluster.ports.replica}; Redis database {cluster.ports.redis_database}"
                "\nCtrl-C stops everything and removes the folder.\n",
                flush=True,
            )
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    except RuntimeError as error:  # a part that did not start: its log says why
        print(f"make cluster: {error}", file=sys.stderr)
        return 1
    return 0


sys.exit(main())
