"""One JSON object per log line (production): time, level, logger, message and, for an error with a traceback, the
traceback as one string. Every logger goes through it (Django's security and request loggers, django-axes, the
worker, gunicorn through ``portal/gunicorn_conf.py``), so no plain-text or multi-line output sits between the JSON
lines a log collector reads. The request log (``portal.requests``) writes its own JSON object as the message; it is
passed on as it is, not wrapped again."""

import datetime as dt
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.name == "portal.requests" and message.startswith("{"):
            return message
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": message,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str, separators=(",", ":"))
