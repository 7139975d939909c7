"""`WorkerLocal`, which keeps the worker's long-lived resources (the database runtime, the SMTP
connection): one per process and thread, never inherited across a fork, closed at shutdown."""

import os
import threading
from dataclasses import dataclass

from celery.signals import worker_process_shutdown

from tasktracker.worker.runtime import WorkerLocal


@dataclass(eq=False)
class Resource:
    closed: bool = False


def closing(resource: Resource) -> None:
    resource.closed = True


def test_each_thread_makes_its_own_and_keeps_it() -> None:
    local = WorkerLocal(Resource, closing)
    mine = local.get()
    theirs: list[Resource] = []
    thread = threading.Thread(target=lambda: theirs.extend([local.get(), local.get()]))
    thread.start()
    thread.join()

    assert local.get() is mine
    assert theirs[0] is theirs[1]
    assert theirs[0] is not mine


def test_a_forked_child_makes_its_own_and_leaves_its_parents_open() -> None:
    local = WorkerLocal(Resource, closing)
    parent = local.get()

    pid = os.fork()
    if pid == 0:
        # The child reports through its exit status; it must never return into pytest.
        status = 1
        try:
            child = local.get()
            local.close()
            status = 0 if child is not parent and child.closed and not parent.closed else 2
        finally:
            os._exit(status)
    _, wait_status = os.waitpid(pid, 0)

    assert os.waitstatus_to_exitcode(wait_status) == 0
    assert local.get() is parent and not parent.closed


def test_the_worker_process_shutting_down_closes_it() -> None:
    local = WorkerLocal(Resource, closing)
    first = local.get()

    worker_process_shutdown.send(sender=None, pid=os.getpid(), exitcode=0)

    assert first.closed
    second = local.get()
    assert second is not first and not second.closed
