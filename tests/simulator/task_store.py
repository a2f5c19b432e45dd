"""Thread-safe relay task store keyed by task_id, with cheap ordered/per-region snapshots."""

import copy
import datetime
import json
import random
import threading
import uuid

import dataset


class DuplicateTaskError(ValueError):
    """A task_id that is already in the store (or repeated in one batch)."""


class Snapshot:
    """An immutable view of the store: all tasks in creation order and per-region lists."""

    __slots__ = ("ordered", "by_region", "by_id")

    def __init__(self, tasks):
        self.ordered = tuple(tasks)
        self.by_id = {task["task_id"]: task for task in self.ordered}
        by_region = {}
        for task in self.ordered:
            by_region.setdefault(task.get("region"), []).append(task)
        self.by_region = {region: tuple(items) for region, items in by_region.items()}

    def select(self, region=None):
        """All tasks (optionally of one region) in creation order."""
        if region is None:
            return self.ordered
        return self.by_region.get(region, ())


class TaskStore:
    """Tasks keyed by task_id in insertion (creation) order.

    Task dicts are never mutated in place: writers replace them, so snapshots
    can be read without holding the lock.
    """

    def __init__(self, tasks, seed=1):
        self._lock = threading.Lock()
        self._initial = self._prepared(list(tasks))
        self._seed = seed
        self._tasks = {}
        self._snapshot = None
        self._rng = None
        self._encoded = {}
        self.reset()

    def reset(self):
        """Restore the initial data set (and the RNG used for drift tasks)."""
        with self._lock:
            self._tasks = {}
            self._encoded = {}
            self._add_locked(copy.deepcopy(self._initial), fresh=True)
            self._rng = random.Random("drift-%s" % self._seed)

    def snapshot(self):
        """The current Snapshot; rebuilt only after a change."""
        with self._lock:
            if self._snapshot is None:
                self._snapshot = Snapshot(self._tasks.values())
            return self._snapshot

    def encoded(self, tasks):
        """The JSON text of each task, cached per task_id while its dict stays the same object."""
        texts = []
        for task in tasks:
            hit = self._encoded.get(task["task_id"])
            if hit is None or hit[0] is not task:
                hit = (task, json.dumps(task))
                self._encoded[task["task_id"]] = hit  # a race only encodes twice
            texts.append(hit[1])
        return texts

    def all_tasks(self):
        """All tasks in creation order (a list of the stored dicts; do not mutate)."""
        return list(self.snapshot().ordered)

    def get(self, task_id):
        """One task or None."""
        return self.snapshot().by_id.get(task_id)

    def replace_all(self, tasks):
        """Replace the whole data set; returns the number of tasks."""
        tasks = self._prepared(tasks)
        with self._lock:
            self._tasks = {}
            self._encoded = {}
            self._add_locked(tasks, fresh=True)
            return len(self._tasks)

    def append(self, tasks):
        """Append tasks after the existing ones; returns their task ids."""
        tasks = self._prepared(tasks)
        with self._lock:
            self._add_locked(tasks, fresh=False)
        return [task["task_id"] for task in tasks]

    def put(self, task):
        """Insert or replace one task (a replaced task keeps its position)."""
        task = self._prepared([task])[0]
        with self._lock:
            self._tasks[task["task_id"]] = task
            self._snapshot = None
        return task

    def update(self, task_id, change):
        """Atomically replace one task with change(current_task); returns the new task, or None if there is none.

        'change' runs under the store lock, must return a new dict (never mutate the current one) and
        may raise: then nothing changes and the exception propagates.
        """
        with self._lock:
            current = self._tasks.get(task_id)
            if current is None:
                return None
            task = change(current)
            if task.get("task_id") != task_id:
                raise ValueError("an update cannot change the task_id")
            self._tasks[task_id] = task
            self._snapshot = None
            return task

    def delete(self, task_id, region=None):
        """Delete one task (only if it is in 'region', when given); returns the deleted task or None."""
        with self._lock:
            task = self._tasks.get(task_id)
            if task is None or (region is not None and task.get("region") != region):
                return None
            del self._tasks[task_id]
            self._snapshot = None
            return task

    def drift(self, create=0, delete=0, position="end", delete_from="front"):
        """Create and delete tasks between listing pages (see README: drift fault)."""
        with self._lock:
            victims = list(self._tasks)
            if delete_from == "end":
                victims.reverse()
            for task_id in victims[:max(0, delete)]:
                del self._tasks[task_id]
            new_tasks = [self._new_task_locked() for _index in range(max(0, create))]
            if position == "front":
                rest = list(self._tasks.values())
                self._tasks = {}
                self._add_locked(new_tasks + rest, fresh=True)
            else:
                self._add_locked(new_tasks, fresh=True)
            self._snapshot = None
        return [task["task_id"] for task in new_tasks]

    def _new_task_locked(self):
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        if self._tasks:
            last = max(task.get("create_time", "") for task in self._tasks.values())
            try:
                newest = datetime.datetime.strptime(last, dataset.TIME_FORMAT).replace(tzinfo=datetime.timezone.utc)
                now = max(now, newest + datetime.timedelta(seconds=1))
            except ValueError:
                pass
        return dataset.make_task(self._rng, now, now + datetime.timedelta(hours=1))

    def _add_locked(self, tasks, fresh):
        if not fresh:
            for task in tasks:
                if task["task_id"] in self._tasks:
                    raise DuplicateTaskError("task_id %s already exists" % task["task_id"])
        for task in tasks:
            self._tasks[task["task_id"]] = task
        self._snapshot = None

    @staticmethod
    def _prepared(tasks):
        """Validate a batch, copy it and fill missing task ids."""
        if not isinstance(tasks, list) or not all(isinstance(task, dict) for task in tasks):
            raise ValueError("expected a JSON list of task objects")
        prepared = []
        seen = set()
        for task in tasks:
            task = copy.deepcopy(task)
            if not task.get("task_id"):
                task["task_id"] = str(uuid.uuid4())
            if not isinstance(task["task_id"], str):
                raise ValueError("task_id must be a string")
            if task["task_id"] in seen:
                raise DuplicateTaskError("task_id %s appears twice" % task["task_id"])
            seen.add(task["task_id"])
            prepared.append(task)
        return prepared
