"""Which files to read, and reading them without surprises.

Only regular files are read: a FIFO would block forever, ``/dev/zero`` never
ends, a socket cannot be read at all. Each is an error naming it. A file is
opened without blocking and checked again on the open descriptor, so a file
swapped for a FIFO in between is caught too, and no more than the size limit
is ever read into memory.

Folders are walked in sorted order, hidden entries skipped. A symbolic link is
followed only while it stays inside the folder given (a link to ``/etc/passwd``
in a folder of reports is refused, unless ``follow_external_links``); a link to
a folder inside it is not walked twice (its files are read where they are).
Links that loop or dangle, folders that cannot be listed and files that cannot
be opened are errors naming them. File names that are not UTF-8 are read, and
shown with their odd bytes as ``\\xNN``.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from eventledger.ingest.readers import BadInput, human_size
from eventledger.records import IngestError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
EXTERNAL_LINK_HINT = "pass --follow-external-links to read it"


def display(path: str | os.PathLike[str]) -> str:
    """A path as printable text: bytes that are not UTF-8 appear as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def find_files(
    paths: Iterable[str | os.PathLike[str]],
    skip: Iterable[str | os.PathLike[str]] = (),
    follow_external_links: bool = False,
) -> Iterator[str | IngestError]:
    """The regular files named or found under the folders named, in a stable
    order, and an ``IngestError`` for anything that cannot be read as one.
    Files in ``skip`` (the meta file, the store's own files) are left out."""
    skip_id = {found for found in map(_file_id, skip) if found is not None}
    for raw in paths:
        path = os.fspath(raw)
        try:
            info = os.stat(path)
        except OSError as error:
            yield IngestError(display(path), _reason(error, path))
            continue
        if stat.S_ISDIR(info.st_mode):
            root = os.path.realpath(path)
            yield from _walk(path, root, follow_external_links, {root}, skip_id)
        elif not stat.S_ISREG(info.st_mode):
            yield IngestError(display(path), f"not a regular file ({kind(info.st_mode)})")
        elif (info.st_dev, info.st_ino) not in skip_id:
            yield path


def _walk(folder: str, root: str, follow: bool, walked: set[str], skip_id) -> Iterator[str | IngestError]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        yield IngestError(display(folder), f"cannot read folder: {_reason(error, folder)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = entry.path
        try:
            if entry.is_symlink():
                target = os.path.realpath(path, strict=True)  # raises on a loop or a dangling link
                info = os.stat(path)
                inside = _within(target, root)
                if not inside and not follow:
                    yield IngestError(display(path), f"links to {display(target)}, outside {display(root)}; "
                                                     f"not read ({EXTERNAL_LINK_HINT})")
                    continue
                if stat.S_ISDIR(info.st_mode):
                    if not inside and target not in walked:
                        walked.add(target)
                        yield from _walk(path, root, follow, walked, skip_id)
                    continue  # a folder inside is walked where it is
            else:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(info.st_mode):
                    yield from _walk(path, root, follow, walked, skip_id)
                    continue
        except OSError as error:
            yield IngestError(display(path), _reason(error, path))
            continue
        if not stat.S_ISREG(info.st_mode):
            yield IngestError(display(path), f"not a regular file ({kind(info.st_mode)})")
        elif (info.st_dev, info.st_ino) not in skip_id:
            yield path


def open_regular(path: str, max_bytes: int | None = None) -> BinaryIO:
    """Open a regular file for reading, never blocking; ``BadInput`` for
    anything else, or for a file over ``max_bytes`` when that is given."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise BadInput(f"cannot open: {_reason(error, path)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BadInput(f"not a regular file ({kind(info.st_mode)})")
        if max_bytes is not None and info.st_size > max_bytes:
            raise BadInput(too_large(info.st_size, max_bytes))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``."""
    with open_regular(path, max_bytes) as stream:
        try:
            data = stream.read(max_bytes + 1)
        except OSError as error:
            raise BadInput(f"cannot read: {_reason(error, path)}") from None
    if len(data) > max_bytes:  # it grew after it was measured
        raise BadInput(too_large(len(data), max_bytes))
    return data


def too_large(size: int, max_bytes: int) -> str:
    return f"{human_size(size)} is over the size limit of {human_size(max_bytes)} (raise it with --max-size)"


def kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"


def count_lines(path: str, limit: int = 1 << 34) -> int:
    """How many lines a file holds (for a progress bar's total); 1 if unreadable."""
    try:
        with open_regular(path) as stream:
            count, last, read = 0, b"\n", 0
            while read < limit:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                count += chunk.count(b"\n")
                last, read = chunk[-1:], read + len(chunk)
            return max(1, count + (last != b"\n"))
    except (BadInput, OSError):
        return 1


def _within(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _file_id(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _reason(error: OSError, path: str) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "broken symbolic link"
    if error.errno == errno.ENOENT:
        return "no such file or directory"
    if error.errno == errno.EACCES:
        return "permission denied"
    return (error.strerror or str(error)).lower()
