"""Pass two: turn underspecified values (UNDEF-...) into TIMEX3 values and intervals.

One small resolver per underspecified form, in a dispatch table (RESOLVERS). Each takes the
form's arguments and a Context (the dct, the direction of the sentence, the date the text last
talked about) and returns a Resolved value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from tracker.temporal import values as cal
from tracker.temporal.holidays import HOLIDAYS, nth_weekday
from tracker.temporal.rules import RuleError
from tracker.temporal.tense import FUTURE, PAST
from tracker.types import Precision, TimeValue

_SUFFIX = re.compile(r"^(?P<base>.*?)(?P<time>T(?:\d\d:\d\d|\d\d|MO|AF|EV|NI|DT))?$")


@dataclass(frozen=True, slots=True)
class Context:
    dct: date | None
    direction: str | None  # PAST, FUTURE or None when the sentence gives no cue
    last: TimeValue | None  # the date the text last talked about (for anaphora)
    # The quarter a report is about: the first quarter the text names. Results stories name it
    # first and then contrast others ("after a flat second quarter"); "the quarter", "the
    # year-ago period" and "a year earlier" keep pointing at it.
    quarter: TimeValue | None = None
    # The dct is a lower bound inferred from the latest day the text reports, not a dateline:
    # news names recent days by weekday and older ones by date, so a bare past weekday is taken
    # as the nearest such day rather than the one strictly before.
    dct_inferred: bool = False
    # A past verb right before the expression ("prices fell in February"): its past is certain.
    firm_past: bool = False


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str
    interval: TimeValue | None
    anaphoric: bool = False


# ---------------------------------------------------------------- choosing among candidates

def pick(cands: list[tuple[str, TimeValue]], dct: date, how: str | None) -> tuple[str, TimeValue]:
    """Choose one of the yearly (weekly, ...) repeats of a date by direction.

    past: the latest that has begun by the dct; future: the earliest not yet over;
    last/next: strictly before/after the dct; this: the one of the dct's year (or week);
    None: the nearest.
    """
    cands = sorted(cands, key=lambda c: c[1].start)
    tests = {
        PAST: lambda tv: tv.start <= dct,
        FUTURE: lambda tv: tv.end >= dct,
        "last": lambda tv: tv.end < dct,
        "next": lambda tv: tv.start > dct,
    }
    if how in (PAST, "last"):
        fitting = [c for c in cands if tests[how](c[1])]
        return fitting[-1] if fitting else cands[0]
    if how in (FUTURE, "next"):
        fitting = [c for c in cands if tests[how](c[1])]
        return fitting[0] if fitting else cands[-1]
    if how == "this":
        same = [c for c in cands if c[1].start.year == dct.year]
        return same[0] if same else cands[0]
    return min(cands, key=lambda c: (_distance(c[1], dct), -c[1].start.toordinal()))


def lean(cands: list[tuple[str, TimeValue]], dct: date, how: str | None, firm: bool = False) -> tuple[str, TimeValue]:
    """The nearest repeat, a tense counting distances against it twice over.

    For dates without a year a cue only leans: "payable Dec. 1" in a November report after a
    past-tense clause is still this December, not last year's. A firm past (a past verb right
    before: "prices fell in February") rules out repeats more than a month ahead of the dct.
    """
    if how not in (PAST, FUTURE):
        return pick(cands, dct, how)

    def cost(c: tuple[str, TimeValue]) -> int:
        against = c[1].start > dct if how == PAST else c[1].end < dct
        d = _distance(c[1], dct)
        if against and how == PAST and firm and d > 31:
            return 10**6 + d
        return d * (2 if against else 1)

    return min(cands, key=cost)


def _distance(tv: TimeValue, d: date) -> int:
    if tv.start <= d <= tv.end:
        return 0
    return (tv.start - d).days if tv.start > d else (d - tv.end).days


def _how(word: str, ctx: Context, default: str | None) -> str | None:
    if word == "tense":
        return ctx.direction or default
    if word == "near":
        return None  # the nearest, whatever the tense ("third-quarter" results)
    return word


def _firm(word: str, ctx: Context) -> bool:
    return word == "tense" and ctx.firm_past


def _yearly(dct: date, make: Callable[[int], tuple[str, TimeValue] | None]) -> list[tuple[str, TimeValue]]:
    out = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            made = make(year)
        except ValueError:  # 29 February of a common year
            continue
        if made is not None:
            out.append(made)
    return out


# ---------------------------------------------------------------- resolvers

def resolve_relative(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-rel-UNIT-N: N units from the dct ("last month", "two years ago", "today")."""
    unit, n = args[0], args[1]
    if n == "X" or n == "-X":
        return Resolved("PAST_REF" if n.startswith("-") else "FUTURE_REF", None)
    if ctx.dct is None:
        return Resolved(cal.unknown_value(unit), None)
    d = cal.shift(ctx.dct, unit, int(float(n)))
    return Resolved(cal.format_value(unit, d), cal.unit_interval(unit, d))


def resolve_ago(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-ago-UNIT-N: like rel, but "a year ago" after a quarter means that quarter's year before."""
    last = ctx.last
    if args[0] == "year" and last is not None and last.precision is Precision.QUARTER:
        return resolve_shift(args + ["quarter"], ctx)
    if ctx.quarter is not None and _ends_quarter(last, ctx.quarter, args[0]):
        return resolve_shift(args + ["quarter"], ctx)
    if args[0] in ("decade", "century") and ctx.dct is not None and args[1] not in ("X", "-X"):
        # "a decade ago" is the year ten years back (1989), not the decade (198).
        d = cal.shift(ctx.dct, args[0], int(float(args[1])))
        return Resolved(cal.format_value("year", d), cal.unit_interval("year", d))
    return resolve_relative(args, ctx)


def resolve_weekday(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-wd-DIR-D: the weekday D nearest the dct in the sentence's direction (nearest without a cue)."""
    how, wd = _how(args[0], ctx, None), int(args[1])
    if ctx.dct is None:
        return Resolved(f"XXXX-WXX-{wd}", None)
    if args[0] == "near" and ctx.direction == PAST:
        how = PAST  # "Monday's earthquake killed 64": a known day, and the sentence looks back
    if how in ("before", "after"):
        return _weekday_from_last(wd, how, ctx)
    if how == PAST and ctx.dct_inferred:
        how = None
    delta = wd - 1 - ctx.dct.weekday()
    if how == "this":
        d = ctx.dct + timedelta(days=delta)
    else:
        back, ahead = ctx.dct + timedelta(days=delta % -7 if delta else 0), ctx.dct + timedelta(days=delta % 7)
        if how is None:  # "Wednesday's ruling": the nearest, ties looking back
            d = back if ctx.dct - back <= ahead - ctx.dct else ahead
        elif how in (PAST, "last"):
            d = back if not (how == "last" and back == ctx.dct) else back - timedelta(days=7)
        else:
            d = ahead if not (how == "next" and ahead == ctx.dct) else ahead + timedelta(days=7)
    return Resolved(d.isoformat(), TimeValue.day(d))


def _weekday_from_last(wd: int, how: str, ctx: Context) -> Resolved:
    """The weekday strictly before (after) the day last talked about: "the previous Friday"."""
    last = ctx.last
    base = last.start if last is not None and last.precision >= Precision.DAY else ctx.dct
    step = -1 if how == "before" else 1
    d = base + timedelta(days=step)
    while d.weekday() != wd - 1:
        d += timedelta(days=step)
    return Resolved(d.isoformat(), TimeValue.day(d), anaphoric=base is not ctx.dct)


def resolve_month_day(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-md-DIR-MM-DD: a month and day without a year."""
    how, month, day = _how(args[0], ctx, None), int(args[1]), int(args[2])
    if ctx.dct is None:
        return Resolved(f"XXXX-{month:02d}-{day:02d}", None)
    cands = _yearly(ctx.dct, lambda y: (date(y, month, day).isoformat(), TimeValue.day(date(y, month, day))))
    if not cands:
        return Resolved(f"XXXX-{month:02d}-{day:02d}", None)
    value, tv = lean(cands, ctx.dct, how, _firm(args[0], ctx))
    return Resolved(value, tv)


def resolve_day_of_month(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-dom-DIR-DD: a day of a month not named ("on the 29th"): this month's, the last or the next."""
    how, day = _how(args[0], ctx, None), int(args[1])
    if ctx.dct is None:
        return Resolved(f"XXXX-XX-{day:02d}", None)
    cands = []
    for months in (-1, 0, 1):
        first = cal.add_months(ctx.dct.replace(day=1), months)
        if day <= cal.month_end(first.year, first.month).day:
            d = first.replace(day=day)
            cands.append((d.isoformat(), TimeValue.day(d)))
    value, tv = lean(cands, ctx.dct, how, _firm(args[0], ctx))
    return Resolved(value, tv)


def resolve_week_of(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-weekof-DIR-MM-DD: the week that holds a month and day ("the week of March 6")."""
    day = resolve_month_day(args, ctx)
    if day.interval is None:
        return Resolved("XXXX-WXX", None)
    start = day.interval.start
    return Resolved(cal.format_value("week", start), cal.unit_interval("week", start))


def resolve_month(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-mon-DIR-MM: a month without a year ("in August", "last November")."""
    how, month = _how(args[0], ctx, None), int(args[1])
    if ctx.dct is None:
        return Resolved(f"XXXX-{month:02d}", None)
    cands = _yearly(ctx.dct, lambda y: (f"{y}-{month:02d}", cal.unit_interval("month", date(y, month, 1))))
    if how == "last":
        cands = [c for c in cands if c[1].end < ctx.dct.replace(day=1)]
    value, tv = lean(cands, ctx.dct, how, _firm(args[0], ctx))
    return Resolved(value, tv)


def resolve_month_of_year(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-monyr-N-MM: a month of the year N years from the dct ("June last year")."""
    if ctx.dct is None:
        return Resolved(f"XXXX-{args[1]}", None)
    d = date(ctx.dct.year + int(args[0]), int(args[1]), 1)
    return Resolved(cal.format_value("month", d), cal.unit_interval("month", d))


def resolve_season(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-season-DIR-SS: a season without a year."""
    how, season = _how(args[0], ctx, None), args[1]
    if ctx.dct is None:
        return Resolved(f"XXXX-{season}", None)
    cands = _yearly(ctx.dct, lambda y: (f"{y}-{season}", cal.season_interval(y, season)))
    value, tv = pick(cands, ctx.dct, how)
    return Resolved(value, tv)


_PART_LETTER = {"quarter": "Q", "half": "H"}
_PART_MONTHS = {"quarter": 3, "half": 6}


def _part_of_year(unit: str, args: list[str], ctx: Context) -> Resolved:
    how, n = _how(args[0], ctx, PAST), int(args[1])
    letter, size = _PART_LETTER[unit], _PART_MONTHS[unit]
    if ctx.dct is None:
        return Resolved(f"XXXX-{letter}{n}", None)
    cands = _yearly(ctx.dct, lambda y: (f"{y}-{letter}{n}", cal.unit_interval(unit, date(y, n * size, 1))))
    value, tv = pick(cands, ctx.dct, how)
    if how == PAST and ctx.direction == FUTURE and (ctx.dct - tv.end).days > 92:
        # "will be shut in the third quarter" in May: a future cue beats the report default.
        value, tv = pick(cands, ctx.dct, FUTURE)
    return Resolved(value, tv)


def resolve_quarter(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-q-DIR-N: a quarter without a year; reports look back to the latest one begun."""
    return _part_of_year("quarter", args, ctx)


def resolve_half(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-half-DIR-N: a half-year without a year ("H1", "the second half"), as for quarters."""
    return _part_of_year("half", args, ctx)


def _part_of_relative_year(unit: str, args: list[str], ctx: Context) -> Resolved:
    letter, size = _PART_LETTER[unit], _PART_MONTHS[unit]
    if ctx.dct is None:
        return Resolved(f"XXXX-{letter}{args[1]}", None)
    d = date(ctx.dct.year + int(args[0]), int(args[1]) * size, 1)
    return Resolved(cal.format_value(unit, d), cal.unit_interval(unit, d))


def resolve_quarter_of_year(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-qyr-N-Q: quarter Q of the year N years from the dct ("next year's first quarter")."""
    return _part_of_relative_year("quarter", args, ctx)


def resolve_half_of_year(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-halfyr-N-H: half H of the year N years from the dct ("the second half of next year")."""
    return _part_of_relative_year("half", args, ctx)


def resolve_anaphoric(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-ana-UNIT-N: N units from the date last talked about ("the same day", "that year")."""
    unit, n = args[0], int(args[1])
    base = ctx.last
    if unit == "quarter" and ctx.quarter is not None:
        base = ctx.quarter
    if base is not None and base.precision < cal.PRECISION[unit]:
        base = None  # "the same day" after "in 2022" has no day to point at
    elif base is not None and unit == "quarter" and base.start.month % 3 != 1:
        base = None  # a season ("last spring") is no quarter to point "the quarter" at
    if base is None:
        if unit == "quarter":  # "the quarter" in a report with none named: the latest one ended
            return resolve_relative(["quarter", str(n - 1)], ctx)
        if ctx.dct is None:
            return Resolved(cal.unknown_value(unit), None, anaphoric=True)
        base = TimeValue.day(ctx.dct)
    d = cal.shift(base.start, unit, n)
    return Resolved(cal.format_value(unit, d), cal.unit_interval(unit, d), anaphoric=True)


def resolve_shift(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-shift-UNIT-N[-GRAIN]: the date last talked about moved N units, its granularity kept."""
    unit, n = args[0], args[1]
    last, quarter = ctx.last, ctx.quarter
    if quarter is not None and (len(args) > 2 and args[2] == "quarter" or _ends_quarter(last, quarter, unit)):
        last, args = quarter, args[:2] + ["quarter"]
    if last is None or n in ("X", "-X"):
        return resolve_relative(args, ctx)
    grain = cal.UNIT_OF_PRECISION[last.precision]
    if grain == "quarter" and last.days > 120:
        grain = "half"  # "profit in the first half rose from a year earlier"
    if len(args) > 2:
        grain = args[2]  # "the year-ago quarter": a quarter, whatever was last talked about
    elif cal.PRECISION.get(unit, Precision.DAY) > last.precision:
        grain = unit if unit in cal.PRECISION else "day"  # "two days later" after a month
    d = cal.shift(last.start, unit, int(float(n)))
    return Resolved(cal.format_value(grain, d), cal.unit_interval(grain, d), anaphoric=True)


def _ends_quarter(last: TimeValue | None, quarter: TimeValue, unit: str) -> bool:
    # "the quarter ended Sept. 30 ... a year earlier": the day only closes the report quarter,
    # which is what the year-ago figures are for.
    return unit == "year" and last is not None and last.precision > Precision.QUARTER and quarter.start <= last.start <= quarter.end


def resolve_at_year(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-atyear-YYYY: "the 1988 period": the quarter last talked about, in year YYYY."""
    year = int(args[0])
    quarter = ctx.quarter if ctx.quarter is not None else ctx.last
    if quarter is not None and quarter.precision is Precision.QUARTER:
        d = quarter.start.replace(year=year)
        return Resolved(cal.format_value("quarter", d), cal.unit_interval("quarter", d), anaphoric=True)
    return Resolved(args[0], cal.unit_interval("year", date(year, 1, 1)))


def resolve_weekend(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-weekend-DIR: "over the weekend" on a weekday is the one just past (by default)."""
    how = _how(args[0], ctx, PAST)
    if ctx.dct is None:
        return Resolved("XXXX-WXX-WE", None)
    in_weekend = ctx.dct.weekday() >= 5
    weeks = {"this": 0, "next": 1, "last": -1 if in_weekend else -1}.get(how)
    if weeks is None:
        weeks = 0 if in_weekend or how == FUTURE else -1
    if how == "last" and not in_weekend:
        weeks = -1
    d = ctx.dct + timedelta(weeks=weeks)
    return Resolved(cal.format_value("weekend", d), cal.unit_interval("weekend", d))


def resolve_holiday(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-holiday-NAME: a movable feast; the sentence's direction leans, as for month and day."""
    if args[0] not in HOLIDAYS:
        raise RuleError(f"unknown holiday {args[0]!r}")
    if ctx.dct is None:
        return Resolved("XXXX-XX-XX", None)
    rule = HOLIDAYS[args[0]]
    cands = _yearly(ctx.dct, lambda y: (rule(y).isoformat(), TimeValue.day(rule(y))))
    value, tv = lean(cands, ctx.dct, _how("tense", ctx, None), ctx.firm_past)
    return Resolved(value, tv)


def resolve_nth_weekday(args: list[str], ctx: Context) -> Resolved:
    """UNDEF-nthwd-DIR-N-D-MM: the Nth weekday D of month MM ("the second Tuesday of November")."""
    how, nth, wd, month = _how(args[0], ctx, None), int(args[1]), int(args[2]), int(args[3])
    if ctx.dct is None:
        return Resolved("XXXX-XX-XX", None)

    def make(y: int) -> tuple[str, TimeValue] | None:
        d = nth_weekday(y, month, wd, nth)
        return (d.isoformat(), TimeValue.day(d)) if d.month == month else None

    value, tv = pick(_yearly(ctx.dct, make), ctx.dct, how)
    return Resolved(value, tv)


RESOLVERS: dict[str, Callable[[list[str], Context], Resolved]] = {
    "rel": resolve_relative,
    "ago": resolve_ago,
    "wd": resolve_weekday,
    "md": resolve_month_day,
    "dom": resolve_day_of_month,
    "mon": resolve_month,
    "weekof": resolve_week_of,
    "monyr": resolve_month_of_year,
    "season": resolve_season,
    "q": resolve_quarter,
    "qyr": resolve_quarter_of_year,
    "half": resolve_half,
    "halfyr": resolve_half_of_year,
    "ana": resolve_anaphoric,
    "shift": resolve_shift,
    "atyear": resolve_at_year,
    "weekend": resolve_weekend,
    "holiday": resolve_holiday,
    "nthwd": resolve_nth_weekday,
}


_ARG = re.compile(r"(?:^|(?<=-))(-?[^-]+)")


def _args(rest: str) -> list[str]:
    # "month--1" -> ["month", "-1"]: a dash that opens an argument is a minus sign.
    return _ARG.findall(rest)


def resolve(value: str, ctx: Context) -> Resolved:
    """A filled template -> its TIMEX3 value and interval."""
    if value.startswith("DUR-"):
        return Resolved(cal.duration(*_args(value[4:])), None)
    m = _SUFFIX.match(value)
    base, time = m["base"], m["time"] or ""
    if not base.startswith("UNDEF-"):
        return Resolved(value, cal.parse_value(value))
    kind, _, rest = base[6:].partition("-")
    if kind not in RESOLVERS:
        raise RuleError(f"no resolver for {value!r}")
    done = RESOLVERS[kind](_args(rest), ctx)
    if time and done.value[:1].isdigit() or time and done.value.startswith("X"):
        return Resolved(done.value + time, done.interval, done.anaphoric)
    return done
