"""Theme slips seen in screenshots, checked in Chromium at phone and desktop widths:
a heading's # anchor stays on the line of the heading's last word, and typogrify's
widow control never breaks a card's text at a hyphen ("long-" / "term problems")."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WIDTHS = [*range(320, 432, 8), 1280]

# The rectangles of the last word of each section heading and of its anchor.
ANCHORS = """() => [...document.querySelectorAll('.section-heading')].map(wrapper => {
  const heading = wrapper.firstElementChild, anchor = wrapper.querySelector('.section-heading__anchor');
  const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
  let last = null;
  while (walker.nextNode()) if (walker.currentNode.textContent.trim()) last = walker.currentNode;
  const text = last.textContent.replace(/\\s+$/, '');
  const range = document.createRange();
  range.setStart(last, Math.max(0, text.length - 1)); range.setEnd(last, text.length);
  const word = [...range.getClientRects()].pop(), mark = anchor.getBoundingClientRect();
  return {heading: heading.textContent.trim(), wordTop: word.top, wordBottom: word.bottom,
          anchorTop: mark.top, anchorBottom: mark.bottom,
          lines: Math.round(heading.getBoundingClientRect().height
                            / parseFloat(getComputedStyle(heading).lineHeight))};
})"""


@pytest.mark.parametrize("path", ["articles/everything-about-dry-needling/",
                                  "drafts/low-back-pain-what-helps/"])
def test_a_headings_anchor_stays_on_the_line_of_its_last_word(browser, site_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{site_url}/{path}")
    wrong, wrapped = [], 0
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for box in page.evaluate(ANCHORS):
            wrapped += box["lines"] > 1
            if not (box["anchorTop"] < box["wordBottom"] and box["anchorBottom"] > box["wordTop"]):
                wrong.append((width, box["heading"], box))
    context.close()
    assert wrong == [], wrong[:3]
    assert wrapped, "no heading wrapped at any width: the test proves nothing"


# The rectangles of the first character of two words of the same text.
WORD_TOPS = """([first, second]) => {
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, at = node.textContent.indexOf(first);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at); range.setEnd(node, at + 1);
    const start = range.getBoundingClientRect();
    let end = null, probe = node, offset = at;
    const all = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
    all.currentNode = node;
    do {
      const index = all.currentNode.textContent.indexOf(second, all.currentNode === node ? at : 0);
      if (index >= 0) { const r = document.createRange(); r.setStart(all.currentNode, index);
        r.setEnd(all.currentNode, index + 1); end = r.getBoundingClientRect(); break; }
    } while (all.nextNode());
    if (start.width && end) found.push([start.top, end.top]);
  }
  return found;
}"""


@pytest.mark.parametrize("path", ["", "services/"])
def test_a_hyphenated_last_pair_of_words_is_never_split_at_its_hyphen(browser, site_url,
                                                                      path):
    """The physiotherapy card's summary ends "long-term problems."."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{site_url}/{path}")
    split, seen = [], 0
    for width in range(300, 1300, 6):
        page.set_viewport_size({"width": width, "height": 800})
        for long_top, term_top in page.evaluate(WORD_TOPS, ["long-term", "term"]):
            seen += 1
            if abs(long_top - term_top) > 1:
                split.append(width)
    context.close()
    assert seen, "the card's text was not found"
    assert split == [], f"'long-term' broke at its hyphen at {split[:10]} px"
