"""A tqdm bar on stderr usable as the `progress(done, total)` callback of builds and ingests."""

from __future__ import annotations

from tqdm import tqdm


class ProgressBar:
    def __init__(self, desc: str, unit: str = "passage", disable: bool = False):
        self._tqdm = tqdm(total=0, unit=unit, desc=desc, disable=disable)

    def __call__(self, done: int, total: int) -> None:
        self._tqdm.total, self._tqdm.n = total, done
        self._tqdm.refresh()

    def close(self) -> None:
        self._tqdm.close()
