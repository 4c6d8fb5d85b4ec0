"""Figures drawn from attribution tables: on given Axes, with the data they claim to show."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from rootcause.figures import heatmap, save, shares_by_group  # noqa: E402
from rootcause.stats import attribution  # noqa: E402


@pytest.fixture
def table():
    runs = pd.DataFrame(
        {
            "model": ["a"] * 4 + ["b"] * 2,
            "framework": ["flask", "flask", "koa", "koa", "flask", "koa"],
            "category": ["logic_error", "logic_error", "server_startup_failure", "other", "logic_error", "other"],
        }
    )
    return runs


def test_stacked_shares_fill_each_bar_and_fold_the_tail(table, tmp_path):
    shares = attribution(table, by=["model"], of="category", n_boot=0)
    fig, ax = plt.subplots()
    assert shares_by_group(shares, "model", "category", ax=ax, top=2) is ax
    widths = {}
    for patch in ax.patches:
        y = round(patch.get_y(), 3)
        widths[y] = widths.get(y, 0) + patch.get_width()
    assert all(total == pytest.approx(1.0) for total in widths.values())
    assert [t.get_text() for t in ax.get_legend().get_texts()][-1] == "all others"
    assert save(ax, str(tmp_path / "shares.png"), formats=["png", "pdf"]) == [str(tmp_path / "shares.png"), str(tmp_path / "shares.pdf")]
    assert (tmp_path / "shares.pdf").stat().st_size > 1000
    plt.close(fig)


def test_heatmap_has_one_cell_per_pair(table):
    shares = attribution(table, by=["framework"], of="category", n_boot=0)
    ax = heatmap(shares, "category", "framework")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["flask", "koa"]
    assert ax.images[0].get_array().shape == (3, 2)
    plt.close(ax.figure)


def test_pdf_figures_embed_truetype_fonts_not_type3(table, tmp_path):
    from rootcause.report import write_figures

    runs = pd.concat([table] * 3, ignore_index=True)  # 18 failed runs: enough to draw shares
    manifest = write_figures(runs, tmp_path / "figs", of="category", formats=("pdf",), n_boot=20, titles=False)
    pdfs = [tmp_path / "figs" / f for item in manifest["figures"] for f in item["files"] if f.endswith(".pdf")]
    assert pdfs
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert b"/Type3" not in data and b"FontFile2" in data, pdf.name  # Type 42: TrueType embedded


def test_small_groups_are_drawn_hatched_with_their_n_and_listed_in_the_manifest(table, tmp_path):
    import json

    from rootcause.report import write_figures

    big = pd.DataFrame({"model": ["c"] * 12, "framework": ["flask"] * 12, "category": ["logic_error"] * 12})
    manifest = write_figures(pd.concat([table, big], ignore_index=True), tmp_path / "figs", of="category", formats=("png",), n_boot=20)
    assert manifest["min_group_n"] == 10
    by_model = next(f for f in manifest["figures"] if f["name"] == "category_by_model")
    assert by_model["small_groups"] == ["a", "b"]  # 4 and 2 runs; c has 12
    assert json.loads((tmp_path / "figs" / "manifest.json").read_text())["min_group_n"] == 10
    shares = attribution(table, by=["model"], of="category", n_boot=0)
    ax = shares_by_group(shares, "model", "category")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a (n=4)", "b (n=2)"]
    assert all(p.get_hatch() == "////" for p in ax.patches)
    plt.close(ax.figure)


def test_many_groups_over_the_levels_become_small_multiples():
    from rootcause.figures import MAX_LINES, level_lines

    def curve(groups):
        return pd.DataFrame(
            [{"framework": g, "level": lv, "mean": 0.5, "sem": 0.1, "ci_low": 0.3, "ci_high": 0.7} for g in groups for lv in ("L0", "L1", "L2", "L3")]
        )

    few = level_lines(curve(["a", "b", "c"]), "framework")
    assert len(few.figure.axes) == 1 and len(few.get_lines()) == 3
    plt.close(few.figure)
    many = level_lines(curve([f"f{i}" for i in range(6)]), "framework")
    panels = [ax for ax in many.figure.axes if ax.get_visible()]
    assert len(panels) == 6 > MAX_LINES
    assert [ax.get_title() for ax in panels] == [f"f{i}" for i in range(6)]  # each panel named above it
    plt.close(many.figure)


def test_figures_the_data_cannot_support_are_skipped_with_the_reason(table, tmp_path):
    from rootcause.report import write_figures

    few = write_figures(table, tmp_path / "few", of="category", formats=("png",), n_boot=0)
    reasons = {item["name"]: item["reason"] for item in few["skipped"]}
    assert "fewer than 10" in reasons["category_by_model"] and not (tmp_path / "few" / "category_by_model.png").exists()
    one_level = pd.concat([table] * 3, ignore_index=True).assign(level="L0", root_cause="data.query")
    manifest = write_figures(one_level, tmp_path / "one", of="category", formats=("png",), n_boot=0)
    reasons = {item["name"]: item["reason"] for item in manifest["skipped"]}
    assert "needs two or more" in reasons["data_layer_by_level"]
    apart = pd.concat([table] * 3, ignore_index=True).assign(root_cause="data.query")
    apart["level"] = apart["framework"].map({"flask": "L2", "koa": "L3"})  # each framework at one level
    manifest = write_figures(apart, tmp_path / "apart", of="category", formats=("png",), n_boot=0)
    reasons = {item["name"]: item["reason"] for item in manifest["skipped"]}
    assert "one constraint level only" in reasons["data_layer_by_framework"]
    assert "data_layer_by_level" in {f["name"] for f in manifest["figures"]}
    assert "category_by_model" in {f["name"] for f in manifest["figures"]}


def test_labels_are_drawn_as_words_and_the_tables_keep_the_ids(table, tmp_path):
    from rootcause.figures import label_text
    from rootcause.report import write_figures
    from rootcause.taxonomy import load_taxonomy

    assert label_text("server_startup_failure") == "server startup failure"
    assert label_text("data.query") == load_taxonomy()["data.query"].name
    assert label_text("gpt-5", {"gpt-5": "GPT-5"}) == "GPT-5"
    runs = pd.concat([table] * 3, ignore_index=True)
    manifest = write_figures(runs, tmp_path / "figs", of="category", formats=("png",), n_boot=0, labels={"a": "Model A"})
    assert "category_by_model" in {f["name"] for f in manifest["figures"]}
    saved = pd.read_csv(tmp_path / "figs" / "category_by_model.csv")
    assert "server_startup_failure" in set(saved["category"]) and "a" in set(saved["model"])  # raw values in the table
    shares = attribution(runs, by=["model"], of="category", n_boot=0)
    from rootcause.figures import readable

    ax = shares_by_group(readable(shares, ("category",), {"a": "Model A"}), "model", "category")
    assert "server startup failure" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert [t.get_text() for t in ax.get_yticklabels()][0].startswith("Model A")
    plt.close(ax.figure)


def test_share_intervals_draw_a_whisker_per_label_and_group(table):
    from rootcause.figures import share_intervals

    runs = pd.concat([table] * 5, ignore_index=True)
    shares = attribution(runs, by=["model"], of="category", n_boot=200)
    ax = share_intervals(shares, "model", "category")
    whiskers = [c for c in ax.collections if c.get_segments()]
    assert len(whiskers) == 2  # one error-bar collection per model
    segments = [seg for c in whiskers for seg in c.get_segments()]
    assert len(segments) == len(shares)
    for seg, (_, row) in zip(segments, shares.sort_values(["model"], kind="stable").iterrows(), strict=True):
        assert seg[0][0] == pytest.approx(row["ci_low"], abs=1e-9) and seg[1][0] == pytest.approx(row["ci_high"], abs=1e-9)
    plt.close(ax.figure)


def test_legends_stay_inside_their_panel_in_a_grid(table):
    from rootcause.figures import cascades, share_intervals
    from rootcause.stats import assertion_attribution

    runs = pd.concat([table] * 5, ignore_index=True).assign(failed_assertions=3)
    shares = attribution(runs, by=["model"], of="category", n_boot=50)
    fig, axes = plt.subplots(2, 2, figsize=(7, 5))
    shares_by_group(shares, "model", "category", ax=axes[0][0])
    share_intervals(shares, "model", "category", ax=axes[0][1])
    cascades(assertion_attribution(runs, None, "category", n_boot=50), "category", ax=axes[1][0])
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in (axes[0][0], axes[0][1], axes[1][0]):
        legend, box = ax.get_legend().get_window_extent(renderer), ax.get_window_extent(renderer)
        assert box.x0 - 1 <= legend.x0 and legend.x1 <= box.x1 + 1 and box.y0 - 1 <= legend.y0 and legend.y1 <= box.y1 + 1
    plt.close(fig)


def test_no_title_keeps_the_panel_names_of_small_multiples(tmp_path):
    from rootcause.report import write_figures

    rows = []
    for i, fw in enumerate(["flask", "fastapi", "django", "aiohttp", "express", "koa"]):
        for task in (f"{fw}-openapi-unconstrained", f"{fw}-openapi-sqlite", f"{fw}-openapi-postgres"):
            for k in range(4):
                rows.append({"id": f"{task}-{k}", "model": "m", "task": task, "passed": (k + i) % 3 != 0, "root_cause": "data.query"})
    from rootcause.stats import add_task_columns

    runs = add_task_columns(pd.DataFrame(rows))  # framework and level, as load_tables adds them
    import matplotlib

    drawn = []
    original = matplotlib.figure.Figure.savefig

    def keep(fig, *args, **kwargs):
        drawn.append([ax.get_title() for ax in fig.axes if ax.get_visible()])
        return original(fig, *args, **kwargs)

    matplotlib.figure.Figure.savefig = keep
    try:
        manifest = write_figures(runs, tmp_path / "figs", formats=("png",), n_boot=0, titles=False)
    finally:
        matplotlib.figure.Figure.savefig = original
    assert "pass_rate_by_framework" in {f["name"] for f in manifest["figures"]}
    assert any(sorted(titles) == sorted(["aiohttp", "django", "express", "fastapi", "flask", "koa"]) for titles in drawn)
