"""What a worker process used last, kept in its own memory in front of the
shared cache: kept pages (imh_portal.page_cache) and fragments
(imh_portal.templatetags.fragments). Their keys name one answer for good, so a
copy here is never staler than the shared cache's."""

import threading
from collections import OrderedDict

from django.conf import settings


class RecentlyUsed:
    """The most recently used values, at most the number the setting named
    ``limit_setting`` holds (read on each write, so it can change); safe
    across threads."""

    def __init__(self, limit_setting: str):
        self._limit_setting = limit_setting
        self._kept: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            value = self._kept.get(key)
            if value is not None:
                self._kept.move_to_end(key)
            return value

    def put(self, key: str, value) -> None:
        limit = getattr(settings, self._limit_setting)
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > limit:
                self._kept.popitem(last=False)

    def recall(self, key: str, shared):
        """The value from this process's memory, else from the ``shared``
        cache (and then kept here too); None when neither has it."""
        value = self.get(key)
        if value is None:
            value = shared.get(key)
            if value is not None:
                self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
