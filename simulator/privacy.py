"""Desensitise personal data before text leaves the store (exports, reports, logs).

Masks ID numbers (Chinese resident ID, US SSN), phone numbers, payment card numbers and e-mail
addresses, keeping only the last digits so a reviewer can still tell two numbers apart.
"""

from __future__ import annotations

import re

_CN_ID = re.compile(
    r"(?<!\d)\d{6}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)"
)
_SSN = re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)")
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_PHONE = re.compile(r"(?<![\d])(?:\+?\d{1,3}[ -]?)?(?:\(?\d{2,4}\)?[ -]?)?\d{3,4}[ -]?\d{4}(?!\d)")
_CN_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _keep_last(match: re.Match, keep: int = 4, label: str = "") -> str:
    digits = re.sub(r"\D", "", match.group(0))
    tail = digits[-keep:] if keep else ""
    return f"[{label} ***{tail}]"


def _luhn(number: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", number)][::-1]
    total = sum(
        d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits)
    )
    return total % 10 == 0


def mask(text: str) -> str:
    """Return `text` with personal identifiers masked."""
    text = _EMAIL.sub("[email]", text)
    text = _CN_ID.sub(lambda m: _keep_last(m, 4, "ID"), text)
    text = _SSN.sub(lambda m: _keep_last(m, 4, "ID"), text)
    text = _CARD.sub(lambda m: _keep_last(m, 4, "card") if _luhn(m.group(0)) else m.group(0), text)
    text = _CN_MOBILE.sub(lambda m: _keep_last(m, 4, "phone"), text)
    text = _PHONE.sub(
        lambda m: (
            _keep_last(m, 4, "phone") if len(re.sub(r"\D", "", m.group(0))) >= 8 else m.group(0)
        ),
        text,
    )
    return text
