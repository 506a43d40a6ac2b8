# The README's two commands: `make demo` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
# nbgrader runs its helpers (alembic, jupyter) by name: they must be found in the environment.
export PATH := $(BIN):$(PATH)
INSTALLED := $(VENV)/.installed

.PHONY: demo test test-fast install datasets catalogues release references sample-class learner-matrix benchmark benchmark-batch clean

demo: $(INSTALLED)
	autograder release
	autograder demo
	autograder batch .
	autograder report results

# Everything (what CI runs); PYTEST_FLAGS adds options, e.g. --durations=15.
test: $(INSTALLED)
	python -m pytest -q $(PYTEST_FLAGS)

# The edit loop: everything but the end-to-end tier (nbgrader, the sandbox, batches, mutation analysis).
test-fast: $(INSTALLED)
	python -m pytest -q -m "not e2e" $(PYTEST_FLAGS)

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# compat: a .pth naming the checkout, where the default import hook costs every interpreter (the grader's,
	# its zygote's) 12 ms; the default mode where a setuptools no longer has compat
	$(BIN)/python -m pip install -q -e '.[test]' --config-settings editable_mode=compat 2>/dev/null \
		|| $(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# Rebuild the data sets (datasets/*.h5) from their recipes.
datasets: $(INSTALLED)
	python datasets/make_datasets.py

# Update the message catalogues (.po) from the code and the rubric, and compile them (.mo).
catalogues: $(INSTALLED)
	autograder catalogues

# Compile the catalogues, copy the kit and data sets into source/, then regenerate release/ with nbgrader.
release: catalogues
	autograder release

# Recompute the reference outputs (autograder/references/*.h5) from the source solutions.
references: $(INSTALLED)
	autograder references

# Write the sample classes under submitted/.
sample-class: $(INSTALLED)
	autograder sample-class

# Run each release notebook, answered correctly, on Python 3.10 and 3.13 with the oldest and newest numpy,
# matplotlib and h5py (a cached venv per combination; --refresh remakes them): see tests/learner_matrix.py.
learner-matrix: $(INSTALLED)
	python tests/learner_matrix.py $(MATRIX_FLAGS)

# Time `autograder grade` against `nbgrader autograde` (prints medians and their ratio).
benchmark: $(INSTALLED)
	python benchmarks/grade_speed.py

# Throughput of `autograder batch` on 3,000 synthetic submissions, with 1 and 2 workers, against nbgrader.
benchmark-batch: $(INSTALLED)
	python benchmarks/batch_speed.py

clean:
	rm -rf gradebook.db submitted autograded feedback results
