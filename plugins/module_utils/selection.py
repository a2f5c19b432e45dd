# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Choosing relay tasks client-side (statuses, a JMESPath filter), and JMESPath over a task."""

from __future__ import annotations

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError

try:
    import jmespath
    from jmespath.exceptions import JMESPathError
    JMESPATH_IMPORT_ERROR = None
except ImportError as exc:  # the import sanity test loads this file without jmespath
    jmespath = None
    JMESPathError = Exception
    JMESPATH_IMPORT_ERROR = exc


def compile_expression(option: str, expression: str):
    """Compile a JMESPath expression given in ``option``; a syntax error names the option."""
    if JMESPATH_IMPORT_ERROR is not None:
        raise LiveApiError("%s: the Python library 'jmespath' is required; install it with 'pip install jmespath'" % option)
    if not isinstance(expression, str) or not expression.strip():
        raise LiveApiError('%s: a JMESPath expression must be a non-empty string' % option)
    try:
        return jmespath.compile(expression)
    except JMESPathError as exc:
        raise LiveApiError('%s: invalid JMESPath expression %r: %s' % (option, expression, ' '.join(str(exc).split())))


def evaluate(option: str, compiled, task: dict):
    """Evaluate a compiled expression on one task; an evaluation error names the option and the task."""
    try:
        return compiled.search(task)
    except JMESPathError as exc:
        raise LiveApiError('%s: evaluating %r on task %r failed: %s'
                           % (option, compiled.expression, task.get('task_id'), ' '.join(str(exc).split())))


def is_true(value) -> bool:
    """JMESPath truth: false, null, and empty strings, lists and objects are false; every number is true."""
    if value is None or value is False:
        return False
    if isinstance(value, (str, list, dict)):
        return len(value) > 0
    return True


class RelayTaskSelection:
    """Which tasks to keep: by status and by a JMESPath filter; regions are chosen server-side by the client."""

    def __init__(self, statuses=None, filter_expression: str | None = None) -> None:
        self.statuses = frozenset(statuses or ())
        self.filter = compile_expression('filter', filter_expression) if filter_expression else None

    def matches(self, task: dict) -> bool:
        if self.statuses and task.get('status') not in self.statuses:
            return False
        return self.filter is None or is_true(evaluate('filter', self.filter, task))

    def select(self, tasks: list) -> list:
        return [task for task in tasks if self.matches(task)]


class RelayTaskSearch:
    """What the lookup and the info module return: tasks read (all, or by id), selected, then shaped by ``query``."""

    def __init__(self, regions=None, statuses=None, filter_expression: str | None = None, task_ids=None,
                 query: str | None = None) -> None:
        self.regions = list(regions or [])
        self.task_ids = list(task_ids or [])
        self.selection = RelayTaskSelection(statuses, filter_expression)
        self.query = compile_expression('query', query) if query else None

    def run(self, client) -> tuple[list, list]:
        """Return (result list, ids of requested tasks the API does not know)."""
        if self.task_ids:
            tasks, missing = client.get_relay_tasks(self.task_ids, self.regions)
        else:
            tasks, missing = client.list_relay_tasks(self.regions), []
        return self.shape(self.selection.select(tasks)), missing

    def shape(self, tasks: list) -> list:
        """Apply ``query`` to the list; a result that is not a list becomes a one-item list."""
        if self.query is None:
            return tasks
        try:
            result = self.query.search(tasks)
        except JMESPathError as exc:
            raise LiveApiError('query: evaluating %r failed: %s' % (self.query.expression, ' '.join(str(exc).split())))
        return result if isinstance(result, list) else [result]
