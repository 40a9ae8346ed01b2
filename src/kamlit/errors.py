"""Errors kamlit raises on purpose; the CLI turns them into one line and an exit code.

An error's message is a `Notice` of the catalogue (`kamlit.i18n`): a key and its values, so
the command line prints it in the chosen language (`render("zh")`). `message` is its English,
exactly the text kamlit has always printed; JSON outputs and logs keep that English. An error
raised with a plain string (a message not in the catalogue yet) prints that string in every
language. Paths, line numbers, ids and values are never translated.
"""

from __future__ import annotations

import errno
from pathlib import Path

from kamlit.i18n import Catalogue, Notice, Value

ENGLISH = Catalogue("en")

# errno name -> message key; the English side of each key is glibc's strerror text.
_OS_KEYS = {
    name: f"os.{name}"
    for name in (
        "ENOENT",
        "EACCES",
        "EPERM",
        "EISDIR",
        "ENOTDIR",
        "ENOSPC",
        "EROFS",
        "EEXIST",
        "ENAMETOOLONG",
        "ELOOP",
        "EIO",
        "ENOTEMPTY",
        "EBUSY",
        "EDQUOT",
    )
}

# The JSON decoder's messages (Python's json module) -> message key.
_JSON_KEYS = {
    "Expecting value": "json.value",
    "Expecting property name enclosed in double quotes": "json.property",
    "Expecting ':' delimiter": "json.colon",
    "Expecting ',' delimiter": "json.comma",
    "Extra data": "json.extra",
    "Unterminated string starting at": "json.unterminated",
    "Invalid control character at": "json.control",
    "Invalid \\escape": "json.escape",
    "Invalid \\uXXXX escape": "json.uescape",
    "nested too deeply": "json.deep",  # kamlit's own, for input nested too deeply to parse
}


def message(key: str, /, **values: Value | Notice) -> Notice:
    """The catalogue message `key` with its values (KeyError when `key` is not a message)."""
    return Notice.of(key, None, **values)


def text(value: object) -> Notice:
    """A text that has no translation (a library's own message): the same in every language."""
    return Notice.of("common.text", s=str(value))


def english(notice: Notice) -> str:
    """A notice's English: the text JSON outputs keep."""
    return ENGLISH.notice(notice)


def os_reason(exc: OSError) -> Notice:
    """Why an operating-system call failed (`exc.strerror or exc`), translatable when it is one
    of the common errors with glibc's wording; any other wording is kept as it is."""
    reason = str(exc.strerror or exc)
    name = errno.errorcode.get(exc.errno or -1, "")
    key = _OS_KEYS.get(name)
    if key is not None and ENGLISH.t(key) == reason:
        return Notice.of(key)
    return text(reason)


def os_detail(exc: OSError) -> Notice:
    """`str(exc)` of an operating-system error (`[Errno 2] No such file or directory: 'x'`),
    its reason translatable as in `os_reason`; any other form is kept as it is."""
    if exc.errno is not None and exc.strerror and exc.filename is not None:
        notice = Notice.of(
            "os.detail", errno=exc.errno, reason=os_reason(exc), file=repr(exc.filename)
        )
        if english(notice) == str(exc):
            return notice
    return text(exc)


def json_reason(reason: str) -> Notice:
    """A JSON decoder's message (`JSONDecodeError.msg`), translatable when it is a known one."""
    key = _JSON_KEYS.get(reason)
    return Notice.of(key) if key is not None else text(reason)


def located(where: str, notice: Notice) -> Notice:
    """`where: message` (a path, `path:line` or a record id before a message)."""
    return Notice.of("common.at", at=where, s=notice)


class Malformed(ValueError):
    """Data that does not fit what it is read as (a graph.json, a result file's parts).

    A ValueError, so the code that catches malformed data as one keeps doing so, whose message
    is a catalogue notice: where it reaches the command line (`malformed: …`) it is shown in
    the chosen language (`detail`); `str()` is its English.
    """

    def __init__(self, message: str | Notice) -> None:
        self.notice = message if isinstance(message, Notice) else text(message)
        super().__init__(english(self.notice))

    def detail(self) -> Notice:
        """The whole message as a notice (its English is `str(self)`)."""
        return self.notice


def detail(exc: BaseException) -> Notice:
    """What an exception says, as a notice: a `Malformed` error's (or a KamlitError's) own
    message, translatable; any other exception's text as it is."""
    if isinstance(exc, Malformed):
        return exc.detail()
    if isinstance(exc, KamlitError):
        return exc.located()
    return text(exc)


class KamlitError(Exception):
    """Base class: a problem the user can fix, reported without a traceback.

    `message` is the English text or a catalogue `Notice` (see `message()`); `notice` is
    always a Notice and `message` always the English.
    """

    exit_code = 1

    def __init__(
        self,
        message: str | Notice,
        *,
        path: str | Path | None = None,
        line: int | None = None,
    ):
        self.notice = message if isinstance(message, Notice) else text(message)
        self.message = english(self.notice)
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.render())

    def where(self) -> str | None:
        """`path` or `path:line`, when the error names a file."""
        if self.path is None:
            return None
        return self.path + (f":{self.line}" if self.line is not None else "")

    def located(self) -> Notice:
        """The whole line (`file:line: message`) as one notice."""
        where = self.where()
        return self.notice if where is None else located(where, self.notice)

    def render(self, lang: str = "en") -> str:
        """Return `file:line: message` (the parts that are known), in `lang` (zh or en)."""
        return Catalogue("zh" if lang == "zh" else "en").notice(self.located())


class InputError(KamlitError):
    """The input was bad: empty, binary, unknown format, unreadable, malformed (exit 1)."""


class UsageError(KamlitError):
    """The command was called wrongly: bad option value, unknown setting (exit 2)."""

    exit_code = 2


class OutputError(KamlitError, OSError):
    """An output could not be written: not a regular file, disk full, no permission (exit 1).

    It is also an OSError, so code that treats a failed write as "costs speed only" (the
    cache) keeps catching it as one.
    """
