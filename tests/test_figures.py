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

    manifest = write_figures(table, tmp_path / "figs", of="category", formats=("pdf",), n_boot=20, titles=False)
    pdfs = [tmp_path / "figs" / f for item in manifest["figures"] for f in item["files"] if f.endswith(".pdf")]
    assert pdfs
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert b"/Type3" not in data and b"FontFile2" in data, pdf.name  # Type 42: TrueType embedded


def test_small_groups_are_drawn_hatched_with_their_n_and_listed_in_the_manifest(table, tmp_path):
    import json

    from rootcause.report import write_figures

    manifest = write_figures(table, tmp_path / "figs", of="category", formats=("png",), n_boot=20)
    assert manifest["min_group_n"] == 10
    by_model = next(f for f in manifest["figures"] if f["name"] == "category_by_model")
    assert by_model["small_groups"] == ["a", "b"]  # 4 and 2 runs
    assert json.loads((tmp_path / "figs" / "manifest.json").read_text())["min_group_n"] == 10
    shares = attribution(table, by=["model"], of="category", n_boot=0)
    ax = shares_by_group(shares, "model", "category")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a (n=4)", "b (n=2)"]
    assert all(p.get_hatch() == "////" for p in ax.patches)
    plt.close(ax.figure)


def test_many_groups_over_the_levels_become_small_multiples():
    from rootcause.figures import MAX_LINES, level_lines

    def curve(groups):
        return pd.DataFrame([{"framework": g, "level": lv, "mean": 0.5, "sem": 0.1, "ci_low": 0.3, "ci_high": 0.7}
                             for g in groups for lv in ("L0", "L1", "L2", "L3")])

    few = level_lines(curve(["a", "b", "c"]), "framework")
    assert len(few.figure.axes) == 1 and len(few.get_lines()) == 3
    plt.close(few.figure)
    many = level_lines(curve([f"f{i}" for i in range(6)]), "framework")
    panels = [ax for ax in many.figure.axes if ax.get_visible()]
    assert len(panels) == 6 > MAX_LINES
    assert [t.get_text() for ax in panels for t in ax.texts] == [f"f{i}" for i in range(6)]
    plt.close(many.figure)
