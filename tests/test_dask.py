"""The ingest on a Dask cluster (a real local `distributed` cluster) writes what a local run writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.synthetic import diff_trees, generate_corpus
from newsarchive.ingest import Options, ingest

from .conftest import SHARED

distributed = pytest.importorskip("distributed")

COUNT = 80  # enough for several Dask batches and the local process pool


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dask") / "seeds"
    generate_corpus(COUNT, folder, SHARED / "corpus" / "bbc")
    (folder / "0000" / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)  # fails on every path alike
    duplicate = (folder / "0000" / "0000001.txt").read_text(encoding="utf-8").replace("\n\n", "\n\n\n", 1)
    (folder / "0000" / "copy.txt").write_text(duplicate, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cluster() -> object:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


def test_dask_ingest_is_byte_identical_to_a_local_run(seeds: Path, cluster: object, tmp_path: Path) -> None:
    local, remote = tmp_path / "local", tmp_path / "dask"
    expected = ingest(seeds, Options(content=local, report=tmp_path / "local.json"))
    got = ingest(seeds, Options(content=remote, report=tmp_path / "dask.json", scheduler=cluster.scheduler_address))  # type: ignore[attr-defined]
    assert got.summary() == expected.summary() == {"total": COUNT + 2, "duplicate": 1, "failed": 1, "published": COUNT}
    assert diff_trees(local, remote, ignore=".newsarchive") == []
    assert (tmp_path / "local.json").read_bytes() == (tmp_path / "dask.json").read_bytes()


def test_dask_rerun_uses_the_cache(seeds: Path, cluster: object, tmp_path: Path) -> None:
    options = Options(content=tmp_path / "content", scheduler=cluster.scheduler_address)  # type: ignore[attr-defined]
    ingest(seeds, options)
    again = ingest(seeds, options)
    assert again.summary()["unchanged"] == COUNT
