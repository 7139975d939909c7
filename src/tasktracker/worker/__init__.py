"""The email sender (`tasktracker worker`) and the scheduler (`tasktracker beat`) processes.

Only these processes import this package; the API publishes jobs through
`tasktracker.broker` and `notifications.publisher`, and never loads the worker (a test checks).
"""
