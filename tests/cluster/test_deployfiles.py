"""deploy/'s files as the cluster fills them in and reads them: every placeholder needs a
value, units are read as systemd reads them, the example environment names every setting the
cluster sets, and the nginx site is valid nginx."""

import shutil
import subprocess

import pytest

from cluster import deployfiles
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
