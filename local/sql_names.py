"""Exasol identifier rules and a small SQL tokenizer for the statements sqlglot does not parse."""
from __future__ import annotations

import re
from dataclasses import dataclass

from exasol_sagemaker_extension.local.engine import LocalSqlError

MAX_IDENTIFIER_LENGTH = 128

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+|--[^\n]*|/\*.*?\*/)
    |(?P<qident>"(?:[^"]|"")*")
    |(?P<string>'(?:[^']|'')*')
    |(?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)
    |(?P<word>[^\W\d]\w*)
    |(?P<symbol>\|\||<=|>=|<>|!=|.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One token: kind ('word', 'qident', 'string', 'number', 'symbol'), value and source offsets."""

    kind: str
    value: str
    start: int
    end: int

    def is_word(self, *words: str) -> bool:
        """Whether this is an unquoted word equal (case-insensitively) to one of ``words``."""
        return self.kind == "word" and self.value.upper() in words

    @property
    def is_name(self) -> bool:
        """Whether this token can be an identifier."""
        return self.kind in ("word", "qident")

    @property
    def identifier(self) -> str:
        """The identifier as Exasol stores it: unquoted upper-cased, quoted exact."""
        return normalize_identifier(self.value, self.kind == "qident")


def tokenize(sql: str) -> list[Token]:
    """Split SQL text into tokens; quoted identifiers and strings are unescaped."""
    tokens = []
    for match in _TOKEN_RE.finditer(sql):
        kind = match.lastgroup
        text = match.group()
        if kind == "ws":
            continue
        if kind == "qident":
            text = text[1:-1].replace('""', '"')
        elif kind == "string":
            text = text[1:-1].replace("''", "'")
        elif kind == "symbol" and text in "\"'":
            raise LocalSqlError("42000", f"syntax error: unterminated quote at position {match.start()}")
        tokens.append(Token(kind, text, match.start(), match.end()))
    return tokens


def normalize_identifier(text: str, quoted: bool) -> str:
    """Exasol's rule: an unquoted identifier is upper-cased, a quoted one is kept exactly."""
    name = text if quoted else text.upper()
    if not name or len(name) > MAX_IDENTIFIER_LENGTH:
        raise LocalSqlError("42000", f"invalid identifier length: {name!r}")
    return name


def split_qualified_name(text: str) -> list[str]:
    """The normalized parts of a name like ``s."My T"``."""
    tokens = tokenize(text)
    parts: list[str] = []
    for index, token in enumerate(tokens):
        if index % 2 == 0:
            if not token.is_name:
                raise LocalSqlError("42000", f"invalid object name: {text}")
            parts.append(token.identifier)
        elif token.value != ".":
            raise LocalSqlError("42000", f"invalid object name: {text}")
    if not parts or len(tokens) % 2 == 0:
        raise LocalSqlError("42000", f"invalid object name: {text}")
    return parts


def quote(name: str) -> str:
    """A name written as a quoted identifier (double quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def quote_string(value: str) -> str:
    """A value written as a SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def display_name(*parts: str) -> str:
    """A qualified name for messages, quoted as Exasol prints names that are not regular."""
    return ".".join(p if re.fullmatch(r"[A-Z][A-Z0-9_]*", p) else quote(p) for p in parts)


class TokenStream:
    """A cursor over tokens with the small helpers a hand-written statement parser needs."""

    def __init__(self, sql: str) -> None:
        self.sql = sql
        self.tokens = tokenize(sql)
        self.pos = 0

    def peek(self, offset: int = 0) -> Token | None:
        """The token ``offset`` ahead, or None at the end."""
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def at_end(self) -> bool:
        """Whether all tokens are consumed."""
        return self.pos >= len(self.tokens)

    def next(self) -> Token:
        """Consume one token; a syntax error at the end."""
        token = self.peek()
        if token is None:
            raise LocalSqlError("42000", f"syntax error: unexpected end of statement: {self.sql}")
        self.pos += 1
        return token

    def accept(self, *words: str) -> bool:
        """Consume the given words in order if they come next."""
        for offset, word in enumerate(words):
            token = self.peek(offset)
            if token is None or not (token.is_word(word) or (token.kind == "symbol" and token.value == word)):
                return False
        self.pos += len(words)
        return True

    def expect(self, *words: str) -> None:
        """Consume the given words or raise a syntax error."""
        if not self.accept(*words):
            found = self.peek()
            raise LocalSqlError(
                "42000", f"syntax error: expected {' '.join(words)} but found "
                f"{found.value if found else 'end of statement'}")

    def name(self) -> str:
        """Consume one identifier."""
        token = self.next()
        if not token.is_name:
            raise LocalSqlError("42000", f"syntax error: expected a name but found {token.value}")
        return token.identifier

    def qualified_name(self) -> list[str]:
        """Consume ``a`` or ``a.b``."""
        parts = [self.name()]
        while self.accept("."):
            parts.append(self.name())
        return parts

    def string(self) -> str:
        """Consume a string literal."""
        token = self.next()
        if token.kind != "string":
            raise LocalSqlError("42000", f"syntax error: expected a string literal but found {token.value}")
        return token.value

    def rest(self) -> str:
        """The source text from the current token to the end."""
        token = self.peek()
        return self.sql[token.start:] if token else ""

    def expect_end(self) -> None:
        """Raise a syntax error if tokens remain."""
        token = self.peek()
        if token is not None:
            raise LocalSqlError("42000", f"syntax error: unexpected {token.value} at position {token.start}")
