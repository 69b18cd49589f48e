"""The cluster: PostgreSQL primary and streaming replica, two Granian instances, the task
worker and nginx, in a temporary folder on ports of their own, from deploy/'s files.

    with running(TEST_PORTS) as cluster: ...

starts everything (or stops what it started and says why) and, on the way out, stops it all
and removes the folder."""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import redis

from cluster import deployfiles, postgres
from cluster.processes import Service, wait_for_http

PROJECT = Path(__file__).resolve().parent.parent
DATABASE = "catalog"
WORKER_SETTLE_SECONDS = 3
NGINX_MAIN = """worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    # Which instance answered (the drills read it), after every one tried.
    log_format upstreams '$status $request_method $request_uri $upstream_addr';
    access_log {folder}/nginx-access.log upstreams;
    client_body_temp_path {folder}/nginx-temp/body;
    proxy_temp_path {folder}/nginx-temp/proxy;
    fastcgi_temp_path {folder}/nginx-temp/fastcgi;
    uwsgi_temp_path {folder}/nginx-temp/uwsgi;
    scgi_temp_path {folder}/nginx-temp/scgi;
    include {folder}/catalog.conf;
}}
"""


@dataclass(frozen=True)
class Ports:
    primary: int
    replica: int
    web: tuple
    nginx: int
    redis_database: int  # of the system's Redis on 6379
    redis: int  # a Redis of our own, when the system has none running


INTERACTIVE_PORTS = Ports(55432, 55433, (58001, 58002), 58080, 9, 55379)
TEST_PORTS = Ports(56432, 56433, (59001, 59002), 59080, 10, 56379)
SYSTEM_REDIS_PORT = 6379


def say(message):
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Cluster:
    def __init__(self, folder, ports):
        self.folder, self.ports = Path(folder), ports
        self.primary = postgres.Server("primary", folder, ports.primary)
        self.replica = postgres.Server("replica", folder, ports.replica)
        self.demo_password = secrets.token_urlsafe(12)
        self.web = {}  # port: Service
        self.worker = self.nginx = None
        self.redis_port = SYSTEM_REDIS_PORT

    @property
    def address(self):
        return f"http://127.0.0.1:{self.ports.nginx}/"

    def settings(self):
        """The cluster's values of catalog.env (deploy/catalog.env.example names every one)."""
        nginx = self.ports.nginx
        return {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{nginx},http://localhost:{nginx}",
            # Plain HTTP on this machine: no HTTPS redirect, cookies sent without TLS.
            "BEHIND_TLS_PROXY": "0",
            "SECURE_COOKIES": "0",
            "TRUSTED_PROXIES": "127.0.0.1",
            "CLUSTER": "1",
            "DATABASE_URL": self.primary.url(DATABASE),
            "DATABASE_REPLICA_URLS": self.replica.url(DATABASE),
            "REDIS_URL": self.redis_url,
            "STATIC_ROOT": str(self.folder / "static"),
            "MEDIA_ROOT": str(self.folder / "media"),
            "MEDIA_STORAGE_URL": "",
            "EMAIL_URL": "consolemail://",
            "DEFAULT_FROM_EMAIL": "catalog@localhost",
        }

    @property
    def redis_url(self):
        return f"redis://127.0.0.1:{self.redis_port}/{self.ports.redis_database}"

    @property
    def env_file(self):
        return self.folder / "catalog.env"

    def write_env_file(self):
        example = (deployfiles.DEPLOY / "catalog.env.example").read_text()
        settings = self.settings()
        undocumented = set(settings) - deployfiles.documented_names(example)
        if undocumented:
            raise RuntimeError(
                f"deploy/catalog.env.example lacks {', '.join(sorted(undocumented))}"
            )
        values = {**deployfiles.environment_file(example), **settings}
        self.env_file.write_text("".join(f"{key}={value}\n" for key, value in values.items()))

    def template_values(self):
        first, second = self.ports.web
        return {
            "CATALOG_HOME": PROJECT,
            "CATALOG_VENV": sys.prefix,
            "CATALOG_ENV_FILE": self.env_file,
            "CATALOG_WEB_WORKERS": 1,  # two instances of one worker: the machine's two cores
            "CATALOG_WEB_1": f"127.0.0.1:{first}",
            "CATALOG_WEB_2": f"127.0.0.1:{second}",
            "CATALOG_LISTEN": f"127.0.0.1:{self.ports.nginx}",
            "CATALOG_SERVER_NAME": "127.0.0.1 localhost",
            "CATALOG_STATIC_ROOT": self.folder / "static",
            "CATALOG_MEDIA_ROOT": self.folder / "media",
        }

    def environment(self, **extra):
        """What a process of the deployment sees: the env file over this one's environment;
        PYTHONPATH so that the checkout's code is imported, whatever the venv holds."""
        values = deployfiles.environment_file(self.env_file.read_text())
        return {**os.environ, **values, "PYTHONPATH": str(PROJECT), **extra}

    def manage(self, *arguments, **extra):
        finished = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=PROJECT,
            env=self.environment(**extra),
            capture_output=True,
            text=True,
        )
        if finished.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(arguments)} failed:\n{finished.stdout}{finished.stderr}"
            )
        return finished.stdout

    # --- starting each part -------------------------------------------------------------------

    def start_databases(self, stack):
        say(f"PostgreSQL primary on port {self.ports.primary}")
        stack.callback(self.primary.stop_quietly)
        self.primary.init_primary()
        self.primary.start()
        self.primary.execute(f"CREATE DATABASE {DATABASE}")
        say(f"streaming replica on port {self.ports.replica} (pg_basebackup -R)")
        stack.callback(self.replica.stop_quietly)
        self.replica.init_replica_of(self.primary)
        self.replica.start()

    def start_redis(self, stack):
        """The system's Redis, database of our own, emptied; if none runs, one of our own."""
        try:
            redis.Redis.from_url(self.redis_url).flushdb()
            stack.callback(self.flush_redis)  # nothing of ours left in the system's Redis
            return
        except redis.ConnectionError:
            if not shutil.which("redis-server"):
                raise RuntimeError(f"Redis does not answer at {self.redis_url}") from None
        self.redis_port = self.ports.redis
        say(f"no Redis on {SYSTEM_REDIS_PORT}: one of our own on port {self.redis_port}")
        command = ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                   "--save", "", "--dir", str(self.folder)]  # fmt: skip
        server = Service("redis", command, self.folder, os.environ, self.folder / "redis.log")
        stack.callback(server.stop)
        server.start()
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.redis_port).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or not server.running():
                    raise RuntimeError(f"redis-server did not start:\n{server.log}") from None
                time.sleep(0.1)

    def flush_redis(self):
        with suppress(redis.RedisError):
            redis.Redis.from_url(self.redis_url).flushdb()

    def prepare_site(self):
        say("migrate and collectstatic, then load_demo and VACUUM ANALYZE")
        with ThreadPoolExecutor(2) as pool:  # independent: one core each
            steps = [
                pool.submit(self.manage, "migrate", "--no-input", "-v", "0"),
                pool.submit(self.manage, "collectstatic", "--no-input", "-v", "0"),
            ]
            for step in steps:
                step.result()
        self.manage("load_demo", "--force", DEMO_PASSWORD=self.demo_password)
        # As after any bulk load: fresh planner statistics, and no autovacuum pass over dozens
        # of tables later, amid a drill that counts the primary's transactions.
        self.primary.execute("VACUUM ANALYZE", DATABASE)

    def unit(self, label, name, instance=""):
        """The service of deploy/systemd/<name>, instance `instance`, logging to label.log."""
        text = deployfiles.render(f"systemd/{name}", self.template_values())
        log = self.folder / f"{label}.log"
        return Service.from_unit(label, text, log, instance, {"PYTHONPATH": str(PROJECT)})

    def start_web(self, port):
        service = self.web[port] = self.unit(f"web-{port}", "catalog-web@.service", str(port))
        service.start()
        wait_for_http(port, "/healthz", service.process, service.log)
        return service

    def start_worker(self):
        self.worker = self.unit("worker", "catalog-worker.service").start()

    def nginx_main(self):
        """nginx's main file (Debian's /etc/nginx/nginx.conf in a deployment), for the site."""
        return NGINX_MAIN.format(folder=self.folder)

    def start_nginx(self):
        (self.folder / "nginx-temp").mkdir()
        site = deployfiles.render("nginx/catalog.conf", self.template_values())
        (self.folder / "catalog.conf").write_text(site)
        main = self.folder / "nginx.conf"
        main.write_text(self.nginx_main())
        log = self.folder / "nginx-error.log"
        command = ["nginx", "-p", str(self.folder), "-e", str(log), "-c", str(main)]
        self.nginx = Service("nginx", [*command, "-g", "daemon off;"], self.folder, os.environ, log)
        self.nginx.start()
        # /healthz through nginx, as a load balancer or monitor asks it: its own location block.
        wait_for_http(self.ports.nginx, "/healthz", self.nginx.process, log)
        wait_for_http(self.ports.nginx, "/en/", self.nginx.process, log)

    def ports_in_use(self):
        """The ports nothing could listen on now: a server's, or (they are all in Linux's
        ephemeral range, 32768-60999) a client socket's own port, which a connection asked
        for anywhere on the machine may take; a test bind sees both, a connection only the
        first. Bound as the servers bind, with SO_REUSEADDR (a closed socket's TIME_WAIT does
        not count)."""
        ports = [self.ports.primary, self.ports.replica, *self.ports.web, self.ports.nginx]
        in_use = []
        for port in ports:
            with socket.socket() as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    in_use.append(port)
        return in_use

    def start(self, stack):
        in_use = self.ports_in_use()
        if in_use:
            raise RuntimeError(
                f"ports {in_use} are in use: is another cluster still running? (ss -tanp "
                "names what holds them; a client connection's own port is freed when it ends)"
            )
        self.start_databases(stack)
        self.start_redis(stack)
        self.write_env_file()
        self.prepare_site()
        for port in self.ports.web:
            say(f"Granian instance on port {port}")
            stack.callback(lambda port=port: self.stop_part(self.web.get(port)))
            self.start_web(port)
        say("task worker (manage.py db_worker)")
        stack.callback(lambda: self.stop_part(self.worker))
        self.start_worker()
        say(f"nginx on port {self.ports.nginx}")
        stack.callback(lambda: self.stop_part(self.nginx))
        self.start_nginx()
        self.check_worker()

    @staticmethod
    def stop_part(service):
        """Stopped, if it was created before a failure."""
        if service is not None:
            service.stop()

    def check_worker(self):
        """The worker has no port to ask: it must still run a few seconds after its start."""
        time.sleep(max(0.0, WORKER_SETTLE_SECONDS - (time.monotonic() - self.worker.started)))
        if not self.worker.running():
            raise RuntimeError(f"the task worker ended:\n{self.worker.log.read_text()[-3000:]}")


@contextmanager
def running(ports, on_start_failure=None):
    """The cluster started; `on_start_failure(cluster)` is called, the folder still there, when
    a part does not start (to keep its logs)."""
    folder = tempfile.mkdtemp(prefix="catalog-cluster-")
    with ExitStack() as stack:  # its callbacks run last first
        stack.callback(say, f"stopped everything and removed {folder}")
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        # Readable by the postgres user and nginx's workers, which run as others when we are root.
        os.chmod(folder, 0o755)
        cluster = Cluster(folder, ports)
        try:
            cluster.start(stack)
        except BaseException:
            if on_start_failure is not None:
                on_start_failure(cluster)
            raise
        yield cluster
