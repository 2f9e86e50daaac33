"""How long an owner's confirmation keeps a listing current, then visible."""

import calendar
import datetime

from django.utils import timezone

# A listing's owner confirms once a year that it is still accurate.
STALE_AFTER_MONTHS = 13
HIDDEN_AFTER_MONTHS = 18
REMIND_DAYS_BEFORE = 30


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month ``months`` earlier, clamped to the month's end."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def hidden_at(confirmed_on: datetime.date) -> datetime.datetime:
    """When a listing confirmed on ``confirmed_on`` drops out of the directory:
    the day after the same date 18 months on."""
    month_index = confirmed_on.year * 12 + confirmed_on.month - 1 + HIDDEN_AFTER_MONTHS
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    day = datetime.date(year, month + 1, min(confirmed_on.day, last_day))
    midnight = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(midnight + datetime.timedelta(days=1))
