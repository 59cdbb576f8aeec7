from streams.document import parse
from streams.models import RawPage


def test_html_is_parsed_from_the_decoded_text_whatever_its_meta_charset_says():
    body = ("<html><head><meta charset='iso-8859-1'><meta http-equiv='Content-Type' "
            "content='text/html; charset=windows-1251'></head><body><p>Zürich – café 東京</p></body></html>")
    parsed = parse(RawPage("https://x.example/", "", "text/html", body, "p"))
    assert parsed.tree.find(".//p").text_content() == "Zürich – café 東京"
    assert parsed.source == body[body.index("<body>"):].encode("utf-8")  # the head is not needed again


def test_text_pages_are_split_into_lines_without_a_tree():
    parsed = parse(RawPage("https://x.example/", "", "text/plain", "Title\n\nBody line.", "p"))
    assert parsed.tree is None and parsed.lines == ["Title", "", "Body line."]


def test_nesting_past_the_parser_limit_is_flagged():
    deep = "<html><body><p>Some prose before the trap.</p>" + "<div>" * 20_000 + "x</body></html>"
    assert parse(RawPage("https://x.example/", "", "text/html", deep, "p")).too_deep
    shallow = "<html><body>" + "<div>" * 100 + "<p>Fine.</p></body></html>"
    assert not parse(RawPage("https://x.example/", "", "text/html", shallow, "p")).too_deep
