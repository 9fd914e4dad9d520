"""Whatever a plan file holds, loading it gives a plan or a PlanError, never a crash.

The example plans are read round-trip, broken at random (keys deleted at any
depth, values of the wrong type, random text, broken references, duplicated
entries, unknown keys), written back, and loaded. Raw text is fuzzed too.
"""

from __future__ import annotations

import copy
import io
import string

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.errors import PlanError
from generator.plan.loader import LoadedPlan, read_plan
from plans import MINIMAL, example_paths

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXAMPLE_TEXTS = {path.name: path.read_text(encoding="utf-8") for path in example_paths()}
REFERENCE_KEYS = ("owner", "owners", "workstream", "depends_on", "by")
NEAR_MISSES = ("notse", "ower", "depends-on", "workstreams", "due_date", "Title", "internals", "golive")

texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
wrong_values = st.one_of(
    st.integers(min_value=-10**6, max_value=10**12),
    st.lists(texts, max_size=3),
    st.dictionaries(texts, texts, max_size=3),
    st.none(),
    st.booleans(),
    texts,
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates().map(str),
    st.sampled_from(["go_live - 4w", "signature", "signature + 1bd", "kickoff - 99999999bd",
                     "2027-02-30", "x + 1d", "go_live + 10bd", "2027-13-45"]),
)


def outcome(text: str, strict: bool = False) -> LoadedPlan | PlanError:
    """What loading ``text`` gives: a plan or a PlanError. Anything else fails the test."""
    try:
        loaded = read_plan(text, "fuzz.yaml", strict)
    except PlanError as error:
        assert error.problems, "a PlanError names at least one problem"
        for problem in error.problems:
            assert problem.severity == "error"
            assert str(problem).startswith("fuzz.yaml")
        return error
    check_consistent(loaded)
    return loaded


def check_consistent(loaded: LoadedPlan) -> None:
    """A plan that loads only refers to things it has, and can be shown to a buyer."""
    plan = loaded.plan
    people = {person.id for person in plan.people}
    tasks = {task.id for task in plan.tasks}
    assert len(people) == len(plan.people) and len(tasks) == len(plan.tasks)
    for task in plan.tasks:
        assert task.owners and set(task.owners) <= people
        assert set(task.depends_on) <= tasks
        assert task.workstream in {w.id for w in plan.workstreams}
        assert task.side in ("buyer", "seller", "shared")
    plan.for_buyer()


# -- mutating a round-trip document ------------------------------------------------------


def rt_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    return yaml


DOCUMENTS = {name: rt_yaml().load(text) for name, text in EXAMPLE_TEXTS.items()}


def document_of(name: str):
    """A fresh round-trip copy of an example (copying is four times faster than parsing)."""
    return copy.deepcopy(DOCUMENTS[name])


def dump(document) -> str:
    stream = io.StringIO()
    rt_yaml().dump(document, stream)
    return stream.getvalue()


def places(node, path=()):
    """Every (container, key-or-index, path) in the document, at any depth."""
    if isinstance(node, dict):
        for key in list(node):
            yield node, key, path + (key,)
            yield from places(node[key], path + (key,))
    elif isinstance(node, list):
        for index in range(len(node)):
            yield node, index, path + (index,)
            yield from places(node[index], path + (index,))


def containers(node, kinds, path=()):
    """Every (mapping or list, path) in the document, at any depth."""
    if isinstance(node, kinds):
        yield node, path
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from containers(child, kinds, path + (key,))


def pick(data, found, what: str):
    """One of ``found`` (tuples ending in a path), noted so that a failure reads well."""
    assume(found)
    chosen = found[data.draw(st.integers(0, len(found) - 1))]
    note(f"{what} at {chosen[-1]}")
    return chosen


def delete_a_key(data, document):
    container, key, _ = pick(data, list(places(document)), "delete")
    del container[key]


def replace_with_a_wrong_type(data, document):
    container, key, _ = pick(data, list(places(document)), "replace")
    container[key] = data.draw(wrong_values)


def insert_random_strings(data, document):
    target, _ = pick(data, list(containers(document, (dict, list))), "insert")
    if isinstance(target, dict):
        target[data.draw(texts)] = data.draw(texts)
    else:
        target.insert(data.draw(st.integers(0, len(target))), data.draw(texts))


def break_a_reference(data, document):
    found = [(c, k, path) for c, k, path in places(document)
             if k in REFERENCE_KEYS or (isinstance(k, int) and len(path) > 1 and path[-2] in REFERENCE_KEYS)]
    container, key, _ = pick(data, found, "break a reference")
    container[key] = data.draw(slugs)


def duplicate_an_entry(data, document):
    target, _ = pick(data, [(node, path) for node, path in containers(document, list) if node], "duplicate")
    target.append(copy.deepcopy(target[data.draw(st.integers(0, len(target) - 1))]))


def add_an_unknown_key(data, document):
    target, _ = pick(data, list(containers(document, dict)), "add a key")
    target[data.draw(st.one_of(st.sampled_from(NEAR_MISSES), texts))] = data.draw(wrong_values)


MUTATIONS = [delete_a_key, replace_with_a_wrong_type, insert_random_strings, break_a_reference,
             duplicate_an_entry, add_an_unknown_key]


@FUZZ
@given(data=st.data(), name=st.sampled_from(sorted(EXAMPLE_TEXTS)), strict=st.booleans())
def test_mutated_examples_load_or_fail_cleanly(data, name, strict):
    document = document_of(name)
    for mutation in data.draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4)):
        mutation(data, document)
    outcome(dump(document), strict)


@FUZZ
@given(data=st.data(), name=st.sampled_from(sorted(EXAMPLE_TEXTS)))
def test_a_broken_reference_is_reported_as_such(data, name):
    document = document_of(name)
    break_a_reference(data, document)
    result = outcome(dump(document))
    if isinstance(result, PlanError):
        assert all(any(word in p.message for word in ("unknown", "side", "owners", "itself", "cycle", "taken"))
                   for p in result.problems), [str(p) for p in result.problems]


# -- fuzzing raw text ------------------------------------------------------------------------

yamlish = st.text(alphabet=st.sampled_from(list(string.printable) + ["×", "é", "\u2028", "\ufeff", "\x00"]),
                  max_size=200)


@FUZZ
@given(text=st.one_of(st.text(max_size=200), yamlish))
def test_random_text_loads_or_fails_cleanly(text):
    outcome(text)


@FUZZ
@given(raw=st.binary(max_size=200))
def test_random_bytes_loads_or_fails_cleanly(raw):
    outcome(raw.decode("latin-1"))
    outcome(raw.decode("utf-8", errors="replace"))


@FUZZ
@given(data=st.data(), name=st.sampled_from(sorted(EXAMPLE_TEXTS)))
def test_truncated_examples_load_or_fail_cleanly(data, name):
    text = EXAMPLE_TEXTS[name]
    outcome(text[: data.draw(st.integers(0, len(text)))])


@FUZZ
@given(data=st.data(), name=st.sampled_from(sorted(EXAMPLE_TEXTS)), insert=yamlish)
def test_examples_with_text_spliced_in_load_or_fail_cleanly(data, name, insert):
    text = EXAMPLE_TEXTS[name]
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    outcome(text[:start] + insert + text[end:])


# -- regressions: inputs that once crashed the loader ---------------------------------------------

CRASHERS = {
    "impossible date": MINIMAL.replace("due: 2027-01-15", "due: 2027-02-30"),
    "impossible go-live": MINIMAL.replace("go_live: 2027-03-01", "go_live: 2027-02-30 10:00:00"),
    "explicit int tag": MINIMAL.replace("title: Globex × Acme", "title: !!int Globex"),
    "explicit float tag": MINIMAL.replace("title: Globex × Acme", "title: !!float Globex"),
    "explicit bool tag": MINIMAL.replace("title: Globex × Acme", "title: !!bool Globex"),
    "null key": MINIMAL + "? null\n: x\n",
    "list key": MINIMAL + "? [a, b]\n: x\n",
    "date past year 9999": MINIMAL.replace("due: 2027-01-15", "due: go_live + 99999999d"),
    "offset beyond C int": MINIMAL.replace("due: 2027-01-15", "due: go_live + 99999999999999999999w"),
    "business days before year 1": MINIMAL.replace("due: 2027-01-15", "due: go_live - 9999999bd"),
    "offset of 5000 digits": MINIMAL.replace("due: 2027-01-15", "due: go_live + " + "9" * 5000 + "d"),
    # found by the mutation test: a task after a list item that is not a mapping
    "dependency after a broken task": MINIMAL.replace("tasks:\n", "tasks:\n  - 0\n").replace(
        "due: 2027-01-15", "due: 2027-01-15\n    depends_on: [nda]"),
}


@pytest.mark.parametrize("text", CRASHERS.values(), ids=CRASHERS.keys())
def test_inputs_that_once_crashed_now_load_or_fail_cleanly(text):
    outcome(text)


def test_the_checks_above_accept_a_valid_plan():
    assert isinstance(outcome(MINIMAL, strict=True), LoadedPlan)
