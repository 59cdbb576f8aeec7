"""Small lxml helpers shared by the HTML widget parsers."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import html


def has_class(element: html.HtmlElement, name: str) -> bool:
    return name in (element.get("class") or "").split()


def class_xpath(name: str) -> str:
    """XPath predicate body: the element has CSS class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def find_class(root: html.HtmlElement, name: str) -> html.HtmlElement | None:
    found = root.xpath(f".//*[{class_xpath(name)}]")
    return found[0] if found else None


def text(element: html.HtmlElement | None) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def item_of(element: html.HtmlElement) -> html.HtmlElement | None:
    """The list item or table row holding a quote element; None inside running prose."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("li", "tr"):
            return ancestor
        if ancestor.tag in ("p", "body"):
            return None
    return None


def outermost(elements: Iterable[html.HtmlElement]) -> list[html.HtmlElement]:
    """The elements not inside another one of them, in document order."""
    chosen = list(dict.fromkeys(elements))
    members = set(chosen)
    return [e for e in chosen if not any(a in members for a in e.iterancestors())]


def drop(elements: Iterable[html.HtmlElement]) -> None:
    """Remove the elements (keeping their tails), then any list or table left without items."""
    parents = []
    for element in outermost(elements):
        parent = element.getparent()
        if parent is not None:
            parents.append(parent)
            element.drop_tree()
    for parent in parents:
        container = parent
        while (container is not None and container.tag in ("ul", "ol", "tbody", "table", "thead")
               and not container.xpath(".//li | .//td")):
            up = container.getparent()
            if up is None:
                break
            container.drop_tree()
            container = up
