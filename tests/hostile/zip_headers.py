"""Where a zip member's headers sit, for tests that forge one field of them as a hostile file
does (a flag, a declared size): the member's local header and its central-directory entry."""

from __future__ import annotations

import struct
from collections.abc import Iterator

LOCAL_FLAGS, CENTRAL_FLAGS = 6, 8  # the general-purpose flags, from each header's start
LOCAL_SIZE, CENTRAL_SIZE = 22, 24  # the uncompressed size


def member_headers(data: bytes | bytearray, name: bytes) -> Iterator[tuple[int, bool]]:
    """(where each header of member `name` starts, whether it is the local one)."""
    for magic, name_len_at, name_at, local in (
        (b"PK\x03\x04", 26, 30, True),
        (b"PK\x01\x02", 28, 46, False),
    ):
        at = data.find(magic)
        while at != -1:
            (length,) = struct.unpack_from("<H", data, at + name_len_at)
            if data[at + name_at : at + name_at + length] == name:
                yield at, local
            at = data.find(magic, at + 4)
