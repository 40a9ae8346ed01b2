"""Shared fixtures: paths to the default corpus and an isolated cache per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CORPUS_FILE = CORPUS / "key-accounts-similar-literature.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# One sample file per export format the readers know (fuzzing and robustness tests).
EXPORT_SAMPLES = {
    "refworks": FIXTURES / "exports" / "cnki-refworks.txt",
    "endnote": FIXTURES / "exports" / "cnki-endnote.txt",
    "noteexpress": FIXTURES / "exports" / "cnki-noteexpress.net",
    "estudy": FIXTURES / "exports" / "cnki-estudy.txt",
    "wos": FIXTURES / "exports" / "wos-savedrecs.txt",
    "ris": FIXTURES / "exports" / "records.ris",
    "csv": FIXTURES / "exports" / "cnki-export.csv",
    "jsonl": FIXTURES / "exports" / "records.jsonl",
    "listing": FIXTURES / "mixed-exports" / "similar-literature.txt",
}


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the on-disk cache of a test run away from the user's own cache."""
    import os

    os.environ["KAMLIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("kamlit-cache"))


@pytest.fixture(autouse=True, scope="session")
def _english_locale() -> None:
    """Run under an English locale whatever the machine's, so `lang = "auto"` (pages and
    terminal output) is English and tests reading English output are deterministic; tests of
    Chinese output pass `--lang zh`."""
    import os

    for name in ("LC_ALL", "LC_MESSAGES"):
        os.environ.pop(name, None)
    os.environ["LANG"] = "C.UTF-8"


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One `kamlit run` of the whole pipeline on the default corpus, shared by several tests."""
    from kamlit.pipeline import run_pipeline
    from kamlit.settings import CacheSettings, Settings

    out = tmp_path_factory.mktemp("run") / "out"
    cache = tmp_path_factory.mktemp("run-cache")
    run_pipeline([CORPUS], settings=Settings(cache=CacheSettings(dir=str(cache))), out_dir=out)
    return out


# Tests measured at over a second each (`pytest --durations=0` on a 2-core machine), marked
# here so that `pytest -m "not slow"` stays a quick check; tests that launch Chromium are
# marked `browser` and `slow` by `browser.requires_chromium`. A name covers all its
# parametrisations.
SLOW_TESTS = frozenset(
    {
        "test_pipeline.py::test_readme_first_command_produces_the_report",
        "test_pipeline.py::test_two_runs_are_byte_identical_apart_from_timings",
        "test_pipeline.py::test_changing_k_recomputes_only_topics",
        "test_pipeline.py::test_jobs_1_and_2_give_the_same_run_folder",
        "topics/test_write.py::test_same_seed_same_bytes_whatever_the_hash_seed",
        "summarize/test_command.py::test_two_runs_are_byte_identical_whatever_the_hash_seed",
        "graph/test_cli_graph.py::test_graph_with_paths_builds_and_writes_every_file",
        "graph/test_cli_graph.py::test_outputs_are_byte_identical_whatever_the_hash_seed",
        "text/test_normalize.py::test_fast_nfkc_equals_unicodedata",
        "ingest/test_noteexpress.py::test_round_trip",
        "ingest/test_csvfile.py::test_round_trip",
        "test_docs.py::test_front_door_examples_run",
        "test_docs.py::test_readme_python_example_runs",
        "test_cache.py::test_cache_disabled_is_honoured_by_every_stage_of_a_run",
        "test_runfolder.py::test_the_module_example_runs",
        "test_settings.py::test_mypy_sees_the_overrides",
        "report/test_large.py::test_a_small_corpus_shows_every_record_and_no_note",
        "graph/test_cli_graph.py::test_flags_override_the_config_file_and_json_prints_the_graph",
        "report/test_pages.py::test_each_page_embeds_a_small_font_subset",
        "report/test_pages.py::test_report_rerenders_every_page_byte_identically",
        "report/test_pages.py::test_lang_is_recorded_in_the_run",
        "ingest/test_robustness.py::test_long_lines_take_linear_time",
        "ingest/test_estudy.py::test_round_trip",
        "ingest/test_ris.py::test_round_trip",
        "test_run_safety.py::test_a_rerun_replaces_the_folder_whole_and_leaves_nothing_beside_it",
        "test_run_safety.py::test_a_symlinked_out_folder_is_followed",
        "test_run_safety.py::test_an_unusable_cache_costs_speed_only",
        "test_run_safety.py::test_a_failed_run_leaves_no_folder",
        "export/test_export.py::test_generated_records_survive_every_text_format",
        "graph/test_page_scale.py::test_report_keeps_an_older_run_folders_graph_json_and_names_it_on_the_page",
        "test_boilerplate.py::test_no_boilerplate_among_graph_concepts_or_topic_terms",
        "graph/test_field_concepts.py::test_a_vr_export_has_its_verbs_as_concepts",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Add the `slow` marker to the tests named in SLOW_TESTS.

    When the whole suite is collected, a name in SLOW_TESTS that matches no test (renamed or
    removed) is an error, so that the list cannot silently go stale.
    """
    tests = Path(__file__).resolve().parent
    matched: set[str] = set()
    for item in items:
        path = Path(str(item.path)).resolve()
        if not path.is_relative_to(tests):
            continue
        name = f"{path.relative_to(tests).as_posix()}::{item.name.split('[')[0]}"
        if name in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
            matched.add(name)
    if config.args_source == pytest.Config.ArgsSource.TESTPATHS and matched != SLOW_TESTS:
        stale = ", ".join(sorted(SLOW_TESTS - matched))
        raise pytest.UsageError(f"tests/conftest.py SLOW_TESTS names no collected test: {stale}")
