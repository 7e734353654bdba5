class ChildFailedError(Exception): pass
