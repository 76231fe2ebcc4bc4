"""Message-level scores (the tone model's) reach the JSON report, per file and per item."""
from __future__ import annotations

from helpers import json_report, run_cli


def test_json_report_has_the_tone_score_and_its_drivers(tmp_path) -> None:
    rude = tmp_path / "rude.txt"
    rude.write_text("Why did you not read my email? Obviously you never listen. Read the manual.\n", encoding="utf-8")
    kind = tmp_path / "kind.txt"
    kind.write_text("Hi Sam, thank you for your patience. Could you please send me the order number? Thanks!\n", encoding="utf-8")
    report = json_report(run_cli(["check", "--no-cache", "--format", "json", str(rude), str(kind)]).stdout)
    scores = {f["path"]: f["scores"]["tone"] for f in report["files"]}
    assert scores[str(rude)]["score"] > scores[str(kind)]["score"]
    assert 0 <= scores[str(kind)]["score"] <= 1 and scores[str(rude)]["threshold"] > 0
    assert any("why" in d["words"].lower() for d in scores[str(rude)]["drivers"])


def test_an_article_has_no_tone_score(tmp_path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Reset a router\n\nHold the reset button for ten seconds, then wait for the lights.\n", encoding="utf-8")
    report = json_report(run_cli(["check", "--no-cache", "--format", "json", str(page)]).stdout)
    assert report["files"][0]["scores"] == {}
