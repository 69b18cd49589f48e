"""deploy/'s files as the cluster fills them in and reads them: every placeholder needs a
value, units are read as systemd reads them, the example environment names every setting the
cluster sets, and the nginx site is valid nginx."""

import dataclasses
import http.client
import http.server
import shutil
import socket
import subprocess
import threading

import pytest

from cluster import deployfiles
from cluster.processes import wait_for_http
from cluster.topology import TEST_PORTS, Cluster


@pytest.fixture
def cluster(tmp_path):
    return Cluster(tmp_path, TEST_PORTS)


def test_render_fills_every_placeholder(cluster):
    text = deployfiles.render("systemd/catalog-web@.service", cluster.template_values())

    assert deployfiles.PLACEHOLDER.findall(text) == []


def test_render_without_a_value_names_it():
    with pytest.raises(KeyError, match="CATALOG_ENV_FILE"):
        deployfiles.render("systemd/catalog-worker.service", {"CATALOG_HOME": "/srv/catalog"})


def test_unit_service_reads_the_instance_port(cluster, tmp_path):
    text = deployfiles.render("systemd/catalog-web@.service", cluster.template_values())

    service = deployfiles.unit_service(text, "59001")

    assert service["ExecStart"][-6:] == [
        "--port", "59001", "--workers", "1", "--no-ws", "config.wsgi:application",
    ]  # fmt: skip
    assert service["EnvironmentFile"] == str(tmp_path / "catalog.env")


def test_environment_file_skips_comments():
    text = "# DEBUG=1\nDEBUG=0\n\nSECRET_KEY=a=b\n"

    assert deployfiles.environment_file(text) == {"DEBUG": "0", "SECRET_KEY": "a=b"}


def test_env_example_documents_every_cluster_setting(cluster):
    example = (deployfiles.DEPLOY / "catalog.env.example").read_text()

    assert set(cluster.settings()) - deployfiles.documented_names(example) == set()


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_site_is_valid(cluster, tmp_path):
    (tmp_path / "nginx-temp").mkdir()
    (tmp_path / "catalog.conf").write_text(
        deployfiles.render("nginx/catalog.conf", cluster.template_values())
    )
    (tmp_path / "nginx.conf").write_text(cluster.nginx_main())

    checked = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
         "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip

    assert checked.returncode == 0, checked.stderr


def test_units_may_write_only_the_media_folder_and_their_runtime_folder(cluster, tmp_path):
    for name in ("catalog-web@.service", "catalog-worker.service"):
        text = deployfiles.render(f"systemd/{name}", cluster.template_values())

        service = deployfiles.unit_service(text, "59001")

        assert service["ProtectSystem"] == "strict"
        assert service["ReadWritePaths"] == f"{tmp_path / 'media'} -/run/catalog"


class HostRecorder(http.server.BaseHTTPRequestHandler):
    """An app instance that answers 200 and notes the Host header of each request."""

    hosts = []

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.hosts.append((self.path, self.headers["Host"]))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *arguments):
        pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def instances():
    servers = [http.server.HTTPServer(("127.0.0.1", 0), HostRecorder) for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    HostRecorder.hosts.clear()
    yield [server.server_address[1] for server in servers]
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_site_passes_host_to_healthz_and_pages(tmp_path, instances):
    cluster = Cluster(tmp_path, dataclasses.replace(TEST_PORTS, nginx=free_port()))
    values = {**cluster.template_values(), "CATALOG_WEB_1": f"127.0.0.1:{instances[0]}",
              "CATALOG_WEB_2": f"127.0.0.1:{instances[1]}"}  # fmt: skip
    (tmp_path / "nginx-temp").mkdir()
    (tmp_path / "catalog.conf").write_text(deployfiles.render("nginx/catalog.conf", values))
    (tmp_path / "nginx.conf").write_text(cluster.nginx_main())
    nginx = subprocess.Popen(
        ["nginx", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
         "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
    )  # fmt: skip
    try:
        wait_for_http(cluster.ports.nginx, "/healthz", nginx, tmp_path / "nginx-error.log", 10)
        for path in ("/healthz", "/en/"):
            connection = http.client.HTTPConnection("127.0.0.1", cluster.ports.nginx, timeout=5)
            connection.request("GET", path, headers={"Host": "localhost"})
            connection.getresponse().read()
            connection.close()
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)

    assert ("/healthz", "localhost") in HostRecorder.hosts
    assert ("/en/", "localhost") in HostRecorder.hosts
