"""The table of a mutation analysis: per function, and the totals, then the survivors."""


def _rate(results, killed):
    part = sum(killed(result) for result in results)
    return f"{part}/{len(results)} ({part / len(results):.0%})" if results else "0/0"


def table(analyses):
    """The per-function counts, the totals, and the survivors of the hidden tests, as text."""
    rows = [f"{'function':<42} {'catalogued: n public hidden named':>34}   "
            f"{'generated: n equivalent public hidden':>38}   hard-coded"]
    for index, a in enumerate(analyses):
        if index == 0 or a.assignment != analyses[index - 1].assignment:
            rows += ["", a.assignment]
        catalogued = [sum(r.killed_by_public for r in a.catalogued), sum(r.killed_by_hidden for r in a.catalogued),
                      sum(r.diagnosed for r in a.catalogued)]
        generated = [sum(r.killed_by_public for r in a.generated), sum(r.killed_by_hidden for r in a.generated)]
        rows.append(f"{a.function:<42} {len(a.catalogued):>15} {catalogued[0]:>6} {catalogued[1]:>6} "
                    f"{catalogued[2]:>5}   {len(a.generated):>14} {len(a.equivalent):>10} {generated[0]:>6} "
                    f"{generated[1]:>6}   {a.hard_coded_score:>4}/{a.max_score}")
    catalogued = [r for a in analyses for r in a.catalogued]
    generated = [r for a in analyses for r in a.generated]
    hidden, public, named = (lambda r: r.killed_by_hidden), (lambda r: r.killed_by_public), (lambda r: r.diagnosed)
    rows += ["",
             f"catalogued mistakes killed by the hidden tests: {_rate(catalogued, hidden)}, "
             f"named with their own hint: {_rate(catalogued, named)}",
             f"generated non-equivalent mutants killed by the hidden tests: {_rate(generated, hidden)} "
             f"({sum(len(a.equivalent) for a in analyses)} equivalent left out)",
             f"all mutants caught by the public tests: {_rate(catalogued + generated, public)}",
             f"a submission hard-coding the public outputs earns "
             f"{sum(a.hard_coded_score for a in analyses)}/{sum(a.max_score for a in analyses)}"]
    for title, survivors in (("hidden tests", [(a, mutant) for a in analyses for mutant in a.survivors]),
                             ("public tests", [(a, mutant) for a in analyses for mutant in a.public_survivors])):
        rows += ["", f"survivors of the {title} ({len(survivors)}):"]
        rows += [f"  {mutant.function}: {mutant.description}" for _, mutant in survivors] or ["  none"]
    return "\n".join(rows)
