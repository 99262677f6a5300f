"""Chinese numerals for headings: 一、… 十、 十一、 二十、 一百零一、"""

_DIGITS = "零一二三四五六七八九"
_UNITS = ["", "十", "百", "千"]


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (1 ≤ n ≤ 9999)."""
    if not 1 <= n <= 9999:
        raise ValueError(f"heading numbers run from 1 to 9999, not {n}")
    digits = [int(d) for d in str(n)]
    out = []
    pending_zero = False
    for i, d in enumerate(digits):
        unit = _UNITS[len(digits) - 1 - i]
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[d] + unit)
    text = "".join(out)
    # 十一 not 一十一, but 一百一十一 keeps its 一.
    return text[1:] if 10 <= n <= 19 else text
