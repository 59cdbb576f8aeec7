import logging
import logging.config

import orjson

from streams.logs import logging_config, page_context


def test_json_lines_carry_the_page_coordinates(capsys):
    logging.config.dictConfig(logging_config("info", "json"))
    try:
        logging.getLogger("streams.app").warning(
            "dead letter", extra=page_context("p1", topic="pages.raw", partition=3, offset=42))
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("streams.app").exception("batch failed")
    finally:
        logging.config.dictConfig(logging_config("warning", "text"))
    lines = [orjson.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert lines[0]["message"] == "dead letter"
    assert (lines[0]["page_id"], lines[0]["topic"], lines[0]["partition"], lines[0]["offset"]) == (
        "p1", "pages.raw", 3, 42)
    assert lines[0]["level"] == "warning" and lines[0]["ts"].endswith("+00:00")
    assert "ValueError: boom" in lines[1]["exception"]
