# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading a whole paged listing, complete or not at all.

Pages overlap by one task: the page at offset ``k * 99`` must begin with the task that ended
the page before it. When anything before that point is created or deleted between the two
requests, the anchor moves and the listing is read again. So every task that exists for the
whole read appears exactly once, and a listing that keeps moving is an error, never a short
or doubled list.
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError

PAGE_LIMIT = 100
# The query document's range of ``total`` (0~10000); an answer outside it is malformed.
MAX_TOTAL = 10000
PAGE_STEP = PAGE_LIMIT - 1
MAX_LISTING_ATTEMPTS = 3


@dataclass
class Page:
    """One answer of the listing endpoint."""

    offset: int
    tasks: list
    total: int
    request_id: str | None = None


class ListingMoved(Exception):
    """The pages of one read disagree; the listing changed while it was read, or the server pages wrongly."""


def page_offsets(total: int, limit: int = PAGE_LIMIT) -> list[int]:
    """Offsets of the pages that cover ``total`` tasks, each page overlapping the previous one by one task."""
    offsets = [0]
    step = limit - 1
    while offsets[-1] + limit < total:
        offsets.append(offsets[-1] + step)
    return offsets


def stitch_pages(pages: list[Page], limit: int = PAGE_LIMIT) -> list[dict]:
    """Join pages fetched for ``page_offsets`` into one list, or raise ListingMoved when they disagree."""
    tasks = list(pages[0].tasks)
    for previous, page in zip(pages, pages[1:]):
        if len(previous.tasks) < limit:
            if page.tasks:
                raise ListingMoved('the page at offset %d holds tasks although the page before it was the last' % page.offset)
            continue
        if not page.tasks or page.tasks[0]['task_id'] != previous.tasks[-1]['task_id']:
            raise ListingMoved('the page at offset %d does not continue the page at offset %d' % (page.offset, previous.offset))
        tasks.extend(page.tasks[1:])
    last = _last_answered_page(pages)
    end = last.offset + len(last.tasks)
    if end != last.total and not (end == 0 and last.total == 0):
        raise ListingMoved('the listing ends after %d tasks but the server counts %d' % (end, last.total))
    if len({task['task_id'] for task in tasks}) != len(tasks):
        raise ListingMoved('the pages hold the same task more than once')
    return tasks


def _last_answered_page(pages: list[Page]) -> Page:
    """The page that ends the listing: the last one with tasks, or the first page when all are empty."""
    for page in reversed(pages):
        if page.tasks:
            return page
    return pages[0]


def check_page_size(page: Page, limit: int, action: str) -> None:
    if len(page.tasks) > limit:
        raise LiveApiError('%s: the server returned %d tasks for a page of %d (request id %s)'
                           % (action, len(page.tasks), limit, page.request_id))


def list_scopes(scopes: list, fetch_page, run_concurrently, describe_scope) -> dict:
    """Read the whole listing of every scope (a region, or None for all); returns {scope: [task, ...]}.

    ``fetch_page(scope, offset, limit)`` returns a Page or raises LiveApiError;
    ``run_concurrently(function, argument_tuples)`` returns the results in order and raises the first error.
    First pages are fetched together, then every other page of every scope together.
    """
    results = {}
    pending = list(scopes)
    reasons = {}
    for _attempt in range(MAX_LISTING_ATTEMPTS):
        firsts = run_concurrently(fetch_page, [(scope, 0, PAGE_LIMIT) for scope in pending])
        plan = [(scope, offset, PAGE_LIMIT)
                for scope, first in zip(pending, firsts) for offset in page_offsets(first.total)[1:]]
        rest = run_concurrently(fetch_page, plan)
        pages = {scope: [first] for scope, first in zip(pending, firsts)}
        for (scope, _offset, _limit), page in zip(plan, rest):
            pages[scope].append(page)
        moved = []
        for scope in pending:
            try:
                results[scope] = stitch_pages(pages[scope])
            except ListingMoved as drift:
                reasons[scope] = str(drift)
                moved.append(scope)
        pending = moved
        if not pending:
            return results
    scope = pending[0]
    raise LiveApiError('listing relay tasks%s: the listing changed while it was read, %d times in a row (%s);'
                       ' no tasks were returned, try again' % (describe_scope(scope), MAX_LISTING_ATTEMPTS, reasons[scope]))
