"""Table column widths sized by what the columns hold."""

from __future__ import annotations

from collections.abc import Sequence


def content_widths(
    natural: Sequence[float],
    weights: Sequence[float],
    fixed: Sequence[bool],
    total: float,
    fixed_cap: float,
) -> list[float]:
    """Widths adding up to ``total``.

    A fixed column (a number, a time) gets its ``natural`` width, the width of its longest
    line, up to ``fixed_cap``. The other columns share the rest by ``weights`` (the form
    definition's proportions), except that one whose longest text needs less than its share
    gets only what it needs and leaves the rest to the columns that wrap; what is left when
    every column has room goes to all of them by weight.
    """
    widths = [
        min(width, fixed_cap) if is_fixed else 0.0
        for width, is_fixed in zip(natural, fixed, strict=True)
    ]
    free = [i for i, is_fixed in enumerate(fixed) if not is_fixed]
    room = total - sum(widths)
    if room <= 0 or not free:  # nothing sensible to share: the definition's proportions
        return [total * weight / sum(weights) for weight in weights]
    wrapping = list(free)
    while wrapping:
        left = room - sum(widths[i] for i in free if i not in wrapping)
        weight_sum = sum(weights[i] for i in wrapping)
        narrow = [i for i in wrapping if natural[i] <= left * weights[i] / weight_sum]
        if not narrow:
            for i in wrapping:
                widths[i] = left * weights[i] / weight_sum
            return widths
        for i in narrow:
            widths[i] = natural[i]
            wrapping.remove(i)
    spare = room - sum(widths[i] for i in free)
    weight_sum = sum(weights[i] for i in free)
    for i in free:
        widths[i] += spare * weights[i] / weight_sum
    return widths
