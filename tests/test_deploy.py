"""The deployment files agree with the code: topic names and partition counts, environment
variable names, probe paths and ports, image and entry point. Core Kubernetes kinds are
validated against the Kubernetes schemas (kubernetes-validate ships them offline)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

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


def _one(kind: str) -> dict:
    (doc,) = [d for (k, _), d in _base().items() if k == kind]
    return doc


def _config() -> dict[str, str]:
    return _one("ConfigMap")["data"]


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
    deployment = _one("Deployment")
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


def test_keda_scales_on_the_live_groups_lag_and_never_past_the_partitions():
    scaled = _one("ScaledObject")
    config = _config()
    (trigger,) = scaled["spec"]["triggers"]
    assert scaled["spec"]["scaleTargetRef"]["name"] == _one("Deployment")["metadata"]["name"]
    assert trigger["type"] == "kafka"
    assert trigger["metadata"]["consumerGroup"] == config["NEWSSTREAM_APP_ID"]
    assert trigger["metadata"]["topic"] == config["NEWSSTREAM_TOPIC_RAW"]
    assert trigger["metadata"]["bootstrapServers"] == config["KAFKA_BOOTSTRAP_SERVERS"]
    assert scaled["spec"]["maxReplicaCount"] <= int(config["NEWSSTREAM_PARTITIONS"])


def test_overlay_patches_target_resources_of_the_base():
    overlay = yaml.safe_load((OVERLAY / "kustomization.yaml").read_text())
    names = {(kind, name) for kind, name in _base()}
    assert overlay["resources"] == ["../../base"]
    for patch in overlay["patches"]:
        if "path" in patch:
            doc = _docs(OVERLAY / patch["path"])[0]
            target = (doc["kind"], doc["metadata"]["name"])
        else:
            target = (patch["target"]["kind"], patch["target"]["name"])
        assert target in names, target
    assert {r["name"] for r in overlay["replicas"]} <= {n for k, n in names if k == "Deployment"}


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_kafka_topics_scalable_workers_ui_and_prometheus(monkeypatch):
    services = _compose()["services"]
    assert set(services) == {"kafka", "topics", "worker", "kafka-ui", "prometheus"}
    assert services["kafka"]["image"].startswith("apache/kafka:")
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert services["kafka-ui"]["image"].startswith("ghcr.io/kafbat/kafka-ui:")
    worker, topics = services["worker"], services["topics"]
    assert worker["image"] == topics["image"] and topics["build"] == "."
    assert "container_name" not in worker and "ports" not in worker  # `--scale worker=N`
    assert set(worker["environment"]) <= set(env_vars())
    assert worker["environment"] == topics["environment"]
    runner = CliRunner()
    for command in (worker["command"], topics["command"]):
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
