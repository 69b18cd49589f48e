"""The cluster's start: its ports checked as a server binds them, its logs kept when a part does
not start, and a PostgreSQL server's log read from where an attempt began."""

import dataclasses
import socket

import pytest

from cluster import postgres, topology
from cluster.topology import TEST_PORTS, Cluster


@pytest.fixture
def listener():
    server = socket.create_server(("127.0.0.1", 0))
    yield server
    server.close()


def ports_with_primary(port):
    return dataclasses.replace(TEST_PORTS, primary=port)


def test_ports_in_use_sees_a_client_socket_holding_a_port(tmp_path, listener):
    # A connection's own port, as Linux gives one from the ephemeral range the cluster uses:
    # PostgreSQL cannot listen there, though nothing answers a connection to it.
    client = socket.create_connection(listener.getsockname())
    port = client.getsockname()[1]
    cluster = Cluster(tmp_path, ports_with_primary(port))

    in_use = cluster.ports_in_use()

    client.close()
    assert port in in_use


def test_ports_in_use_sees_a_listening_server(tmp_path, listener):
    port = listener.getsockname()[1]
    cluster = Cluster(tmp_path, ports_with_primary(port))

    assert port in cluster.ports_in_use()


def test_running_keeps_logs_when_a_part_does_not_start(monkeypatch, listener):
    port = listener.getsockname()[1]
    kept = []
    monkeypatch.setattr(topology, "say", lambda message: None)

    with (
        pytest.raises(RuntimeError, match="in use"),
        topology.running(ports_with_primary(port), on_start_failure=kept.append),
    ):
        pass

    assert len(kept) == 1 and not kept[0].folder.exists()


def test_log_since_gives_what_an_attempt_logged(tmp_path):
    server = postgres.Server("primary", tmp_path, 1)
    server.folder.mkdir()
    server.log.write_text("first start: ok\n")
    offset = server.log.stat().st_size
    with server.log.open("a") as log:
        log.write("FATAL:  could not create any TCP/IP sockets\n")

    assert server.log_since(offset) == "FATAL:  could not create any TCP/IP sockets\n"
