"""The deployment files agree with the code: topic names and partition counts, environment
variable names, probe paths and ports, image and entry point. Core Kubernetes kinds are
validated against the Kubernetes schemas (kubernetes-validate ships them offline)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath

import kubernetes_validate
import pytest
import yaml
from typer.testing import CliRunner

from streams.cli import cli
from streams.http import ROUTES
from streams.settings import Settings, env_vars, topic_specs
from tests.conftest import ROOT

BASE = ROOT / "deploy" / "base"
OVERLAY = ROOT / "deploy" / "overlays" / "production"
CORE_KINDS = {"ConfigMap", "Secret", "Deployment", "Service", "PodDisruptionBudget"}


def _docs(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def _base() -> dict[tuple[str, str], dict]:
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text())
    return {(d["kind"], d["metadata"]["name"]): d
            for resource in kustomization["resources"] for d in _docs(BASE / resource)}


def _one(kind: str, name: str | None = None) -> dict:
    """The one manifest of ``kind`` (named ``name`` where there are several)."""
    (doc,) = [d for (k, n), d in _base().items() if k == kind and name in (None, n)]
    return doc


def _config() -> dict[str, str]:
    return _one("ConfigMap", "newsstream-config")["data"]


def _settings_from(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in env_vars():
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings()


@pytest.mark.parametrize("path", sorted(p.name for p in BASE.glob("*.yaml")))
def test_core_manifests_validate_against_kubernetes_schemas(path):
    for doc in _docs(BASE / path):
        if doc["kind"] in CORE_KINDS:
            kubernetes_validate.validate(doc, "1.31", strict=True)


def test_every_topic_is_declared_with_the_codes_name_and_partitions(monkeypatch):
    settings = _settings_from(_config(), monkeypatch)
    declared = {d["spec"]["topicName"]: d["spec"] for (k, _), d in _base().items()
                if k == "KafkaTopic"}
    assert all(d["apiVersion"] == "kafka.strimzi.io/v1" for (k, _), d in _base().items()
               if k == "KafkaTopic")
    wanted = {spec.name: spec for spec in topic_specs(settings)}
    assert set(declared) == set(wanted)
    for name, spec in wanted.items():
        assert declared[name]["partitions"] == spec.partitions, name
        assert declared[name]["replicas"] == settings.replication_factor, name
        for key, value in spec.config.items():
            assert declared[name]["config"][key] == value, name


def test_settings_and_secrets_use_only_variables_the_code_reads():
    known = set(env_vars())
    assert set(_config()) <= known
    assert set(_one("Secret")["stringData"]) <= known
    overlay_config = _docs(OVERLAY / "kafka-tls.yaml")[0]["data"]
    assert set(overlay_config) <= known


def test_worker_deployment_wiring():
    deployment = _one("Deployment", "newsstream-worker")
    pod = deployment["spec"]["template"]
    (container,) = pod["spec"]["containers"]
    config = _config()
    port = int(config["NEWSSTREAM_HTTP_PORT"])
    assert container["args"] == ["worker"]
    assert container["ports"] == [{"name": "http", "containerPort": port}]
    assert container["livenessProbe"]["httpGet"]["path"] == ROUTES["liveness"]
    assert container["startupProbe"]["httpGet"]["path"] == ROUTES["liveness"]
    assert container["readinessProbe"]["httpGet"]["path"] == ROUTES["readiness"]
    assert pod["metadata"]["annotations"]["prometheus.io/path"] == ROUTES["metrics"]
    assert pod["metadata"]["annotations"]["prometheus.io/port"] == str(port)
    refs = {r.get("configMapRef", r.get("secretRef"))["name"] for r in container["envFrom"]}
    assert refs == {"newsstream-config", "newsstream-kafka-credentials"}
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    assert config["NEWSSTREAM_DATA_DIR"] in mounts  # one data directory per worker pod
    assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
    labels = pod["metadata"]["labels"]
    for kind in ("PodDisruptionBudget", "Service"):
        spec = _one(kind)["spec"]
        selector = spec["selector"].get("matchLabels", spec["selector"])
        assert selector.items() <= labels.items(), kind


def _render(folder: Path) -> dict[tuple[str, str], dict]:
    """The manifests as ``kubectl apply -k`` would send them (kubectl's built-in kustomize)."""
    kubectl = Path(sys.executable).with_name("kubectl")
    out = subprocess.run([str(kubectl), "kustomize", str(folder)], check=True,
                         capture_output=True, text=True).stdout
    return {(d["kind"], d["metadata"]["name"]): d for d in yaml.safe_load_all(out) if d}


# KAFKA_SASL_MECHANISM -> the KEDA Kafka scaler's name for it.
_KEDA_SASL = {"PLAIN": "plaintext", "SCRAM-SHA-256": "scram_sha256", "SCRAM-SHA-512": "scram_sha512"}


@pytest.mark.parametrize("folder", [BASE, OVERLAY], ids=["base", "production"])
def test_the_autoscaler_reads_the_workers_cluster_with_the_workers_security(folder):
    rendered = _render(folder)
    deployment = rendered["Deployment", "newsstream-worker"]
    assert "replicas" not in deployment["spec"]  # KEDA's HPA owns the count
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    (config_ref,) = [r["configMapRef"]["name"] for r in container["envFrom"] if "configMapRef" in r]
    (secret_ref,) = [r["secretRef"]["name"] for r in container["envFrom"] if "secretRef" in r]
    env = rendered["ConfigMap", config_ref]["data"]

    scaled = rendered["ScaledObject", "newsstream-worker"]
    assert scaled["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert scaled["spec"]["maxReplicaCount"] <= int(env["NEWSSTREAM_PARTITIONS"])
    (trigger,) = scaled["spec"]["triggers"]
    meta = trigger["metadata"]
    assert trigger["type"] == "kafka"
    # Cluster, group and topic come from the very variables the worker reads.
    assert meta["bootstrapServersFromEnv"] == "KAFKA_BOOTSTRAP_SERVERS"
    assert meta["consumerGroupFromEnv"] == "NEWSSTREAM_APP_ID"
    assert meta["topicFromEnv"] == "NEWSSTREAM_TOPIC_RAW"
    assert not {"bootstrapServers", "consumerGroup", "topic"} & set(meta)

    protocol = env.get("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
    assert (meta.get("tls") == "enable") == ("SSL" in protocol)
    if "SASL" in protocol:
        assert meta["sasl"] == _KEDA_SASL[env["KAFKA_SASL_MECHANISM"]]
    else:
        assert "sasl" not in meta
    if "SASL" not in protocol and "SSL" not in protocol:
        assert "authenticationRef" not in trigger
        return
    auth = rendered["TriggerAuthentication", trigger["authenticationRef"]["name"]]
    refs = {r["parameter"]: (r["name"], r["key"]) for r in auth["spec"]["secretTargetRef"]}
    if "SASL" in protocol:  # the worker's own credentials, from the Secret it reads
        assert refs["username"] == (secret_ref, "KAFKA_SASL_USERNAME")
        assert refs["password"] == (secret_ref, "KAFKA_SASL_PASSWORD")
    if "SSL" in protocol:  # the CA the worker trusts: the Secret mounted where KAFKA_SSL_CAFILE points
        cafile = PurePosixPath(env["KAFKA_SSL_CAFILE"])
        (mount,) = [m for m in container["volumeMounts"] if m["mountPath"] == str(cafile.parent)]
        (volume,) = [v for v in deployment["spec"]["template"]["spec"]["volumes"]
                     if v["name"] == mount["name"]]
        assert refs["ca"] == (volume["secret"]["secretName"], cafile.name)


def test_overlay_patches_target_resources_of_the_base():
    overlay = yaml.safe_load((OVERLAY / "kustomization.yaml").read_text())
    names = {(kind, name) for kind, name in _base()}
    assert overlay["resources"][0] == "../../base"
    for patch in overlay["patches"]:
        if "path" in patch:
            doc = _docs(OVERLAY / patch["path"])[0]
            target = (doc["kind"], doc["metadata"]["name"])
        else:
            target = (patch["target"]["kind"], patch["target"]["name"])
        assert target in names, target
    assert "replicas" not in overlay


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_kafka_topics_scalable_workers_ui_and_prometheus(monkeypatch):
    services = _compose()["services"]
    assert set(services) == {"kafka", "topics", "worker", "feeds", "kafka-ui", "prometheus"}
    assert services["kafka"]["image"].startswith("apache/kafka:")
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert services["kafka-ui"]["image"].startswith("ghcr.io/kafbat/kafka-ui:")
    worker, topics = services["worker"], services["topics"]
    assert worker["image"] == topics["image"] and topics["build"] == "."
    assert "container_name" not in worker and "ports" not in worker  # `--scale worker=N`
    assert set(worker["environment"]) <= set(env_vars())
    assert worker["environment"] == topics["environment"]
    runner = CliRunner()
    assert services["feeds"]["environment"] == worker["environment"]
    for command in (worker["command"], topics["command"], services["feeds"]["command"]):
        assert runner.invoke(cli, [*command, "--help"]).exit_code == 0, command
    settings = _settings_from(worker["environment"], monkeypatch)
    assert services["kafka"]["environment"]["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    scrape = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    (job,) = scrape["scrape_configs"]
    (sd,) = job["dns_sd_configs"]
    assert (sd["names"], sd["port"], job["metrics_path"]) == (
        ["worker"], settings.http_port, ROUTES["metrics"])


def test_dockerfile_entry_point_matches_the_package_and_the_readme():
    dockerfile = (ROOT / "Dockerfile").read_text()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert 'ENTRYPOINT ["newsstream"]' in dockerfile and "newsstream" in scripts
    assert 'CMD ["worker"]' in dockerfile
    assert re.search(r"^USER 10001$", dockerfile, re.M)
    port = re.search(r"NEWSSTREAM_HTTP_PORT=(\d+)", dockerfile).group(1)
    assert f"127.0.0.1:{port}{ROUTES['liveness']}" in dockerfile
    readme = (ROOT / "README.md").read_text()
    assert "docker compose up --build --scale worker=" in readme
    assert "kubectl apply -k deploy/overlays/production" in readme
    assert "docker run" in readme and "newsstream:0.1.0 worker" in readme


def test_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in env_vars() if f"`{name}`" not in readme]
    assert not missing, missing
