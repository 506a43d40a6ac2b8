"""The ``autograder`` command."""
import argparse

from . import demo, references, release, sample_class


def main(argv=None):
    parser = argparse.ArgumentParser(prog="autograder", description="Course kit: build, release and grade.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, module, help_text in [
        ("release", release, "copy the kit into source/ and generate release/ with nbgrader"),
        ("references", references, "rebuild the reference outputs from the source solutions"),
        ("sample-class", sample_class, "write the sample classes under submitted/"),
        ("demo", demo, "grade the sample classes with nbgrader autograde and print the table"),
    ]:
        command = commands.add_parser(name, help=help_text)
        command.add_argument("assignments", nargs="*", help="assignment names (default: all)")
        command.set_defaults(module=module)
    arguments = parser.parse_args(argv)
    arguments.module.main(arguments.assignments)


if __name__ == "__main__":
    main()
