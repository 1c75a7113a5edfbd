"""The notices the related-passages model's licence asks for ship with the package and
show in Help > About."""

import pytest

from reader.core.paths import shipped

LICENSES = shipped("resources", "licenses")
NOTICE = (
    "Llama 2 is licensed under the LLAMA 2 Community License, "
    "Copyright (c) Meta Platforms, Inc. All Rights Reserved."
)


def test_the_agreement_and_the_notice_file_ship_with_the_package():
    agreement = (LICENSES / "LLAMA-2-COMMUNITY-LICENSE.txt").read_text(encoding="utf-8")
    assert agreement.startswith("LLAMA 2 COMMUNITY LICENSE AGREEMENT")
    assert "700 million monthly active users" in agreement
    notice = (LICENSES / "NOTICE.txt").read_text(encoding="utf-8")
    assert NOTICE in notice and "https://ai.meta.com/llama/use-policy" in notice


@pytest.mark.gui
def test_the_about_box_carries_the_notice(tmp_path):
    from reader.ui.dialogs.about import about_text

    text = about_text(tmp_path / "library.db")
    assert NOTICE in text and "Acceptable Use" in text and str(LICENSES) in text
