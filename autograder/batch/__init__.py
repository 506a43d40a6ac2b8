"""Grade a whole class: every submission of nbgrader's ``submitted/<student>/<assignment>/`` layout.

The client finds the submissions (``discover``), reads each notebook and sends its bytes and
content hash to a worker (``schedule``); the worker grades them in its sandbox and returns the
record (``worker``); the client alone writes the result files (``store``), then the CSV and the
gradebook (``export``). Workers need no shared disk: a local process pool and a Dask cluster take
the same path. Import the module you need: the class report reads results without the grader.
"""
