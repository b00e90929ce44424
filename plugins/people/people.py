"""People registry: authors and clinical reviewers are named once, by id.

``content/people.yml`` lists each person (or the clinic itself) with name,
profession, credentials, role, registration (``{college: ..., number: ...}``, or a
line of text), bio and photo, as the clinic fills them in. Front matter refers to them by
id (``author: apollo-clinic``, ``reviewed_by: apollo-clinic``, a translation's
``translated_by``); this plugin
swaps each id for the person, so templates show the name and credentials and
author pages are published at ``/authors/<id>/``. Pelican's authors are plain
names and the official plugins have no registry, hence our own.

Setting (merged over DEFAULTS):
    PEOPLE = {"file": "people.yml"}   # relative to the content folder
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import yaml
from pelican import signals

from site_core import Problem, all_contents, display_path, plugin_settings, report

DEFAULTS = {"file": "people.yml"}
FIELDS = ("id", "name", "kind", "profession", "credentials", "role", "registration", "bio",
          "photo", "awaiting_details")
REGISTRATION_KEYS = ("college", "number")
KINDS = ("person", "organization")
# Front matter fields that name a person by id, and the attribute that gets the person.
PERSON_FIELDS = (("reviewed_by", "reviewer"), ("translated_by", "translator"))
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    kind: str = "person"
    profession: str = ""  # e.g. Physiotherapist
    credentials: str = ""
    role: str = ""
    registration: str = ""  # as written, when it is a line of text
    bio: str = ""
    photo: str = ""
    registration_college: str = ""  # the regulatory college a professional is registered with
    registration_number: str = ""
    # Added by invoke import-wordpress with only the name the export gave: no page
    # of the site may name them until someone checks it and deletes the mark.
    awaiting_details: bool = False

    @property
    def name_with_credentials(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    @property
    def is_named_person(self) -> bool:
        """A person, not an organisation such as the clinic itself."""
        return self.kind == "person"

    @property
    def registration_text(self) -> str:
        """'Registration number 12345 with College X', or the line as written."""
        if self.registration_number and self.registration_college:
            return f"registration number {self.registration_number} with {self.registration_college}"
        if self.registration_college:
            return f"registered with {self.registration_college}"
        if self.registration_number:
            return f"registration number {self.registration_number}"
        return self.registration

    def __str__(self) -> str:
        return self.name


def settings_for(settings: dict) -> dict:
    return plugin_settings(settings, "PEOPLE", DEFAULTS)


def people_problems(entries, path: str, lines: list[int] | None = None,
                    ) -> tuple[dict[str, Person], list[Problem]]:
    """Validate the parsed YAML of the registry; pure. ``lines[i]`` is where entry i starts."""
    if not isinstance(entries, list):
        return {}, [Problem(path, 1, "people", "the file is not a list of people",
                            "Start each person with '- id: ...' as in the example at the top.")]
    people, problems = {}, []
    for index, entry in enumerate(entries, start=1):
        where = f"person {index}"
        line = lines[index - 1] if lines and index <= len(lines) else 1
        if not isinstance(entry, dict):
            problems.append(Problem(path, line, where, "is not a set of 'field: value' lines",
                                    "Write each person as '- id: ...' then indented fields."))
            continue
        unknown = sorted(set(map(str, entry)) - set(FIELDS))
        if unknown:
            problems.append(Problem(path, line, f"{where}: {unknown[0]}", "is not a field of a person",
                                    "Use only: " + ", ".join(FIELDS) + "."))
        person_id, name = str(entry.get("id") or ""), str(entry.get("name") or "")
        if not person_id or not name:
            problems.append(Problem(path, line, where, "needs both an id and a name",
                                    "Add 'id: lower-case-id' and 'name: Full Name'."))
            continue
        if not ID_PATTERN.match(person_id):
            problems.append(Problem(path, line, "id", f"'{person_id}' is not a valid id",
                                    "Use lower-case letters, digits and dashes, e.g. jane-doe."))
            continue
        if person_id in people:
            problems.append(Problem(path, line, "id", f"'{person_id}' is used twice",
                                    "Give each person their own id."))
            continue
        kind = str(entry.get("kind") or "person")
        if kind not in KINDS:
            problems.append(Problem(path, line, "kind", f"'{kind}' is not a kind",
                                    "Use 'person' or 'organization'."))
        awaiting = entry.get("awaiting_details", False)
        if not isinstance(awaiting, bool):
            problems.append(Problem(path, line, "awaiting_details",
                                    f"'{awaiting}' is not true or false",
                                    "Delete the line once the person's details are checked."))
        values = {field: str(entry[field]).strip() for field in FIELDS
                  if entry.get(field) is not None
                  and field not in ("registration", "awaiting_details")}
        registration = entry.get("registration")
        if isinstance(registration, dict):
            wrong = sorted(set(map(str, registration)) - set(REGISTRATION_KEYS))
            if wrong or not any(str(registration.get(key) or "").strip()
                                for key in REGISTRATION_KEYS):
                problems.append(Problem(
                    path, line, f"{where}: registration",
                    f"'{wrong[0]}' is not part of a registration" if wrong
                    else "names neither a college nor a number",
                    "Write it as registration: {college: Name of the regulatory college, "
                    "number: the registration number}, as the college's register shows it."))
            values["registration_college"] = str(registration.get("college") or "").strip()
            values["registration_number"] = str(registration.get("number") or "").strip()
        elif registration is not None:
            values["registration"] = str(registration).strip()
        people[person_id] = Person(**values, awaiting_details=awaiting is True)
    return people, problems


def load_people(settings: dict) -> tuple[dict[str, Person], list[Problem]]:
    path = os.path.join(settings["PATH"], settings_for(settings)["file"])
    shown = display_path(path)
    if not os.path.exists(path):
        return {}, [Problem(shown, 1, "people", "the people registry is missing",
                            "Create it: see the README for the fields of a person.")]
    with open(path, encoding="utf-8") as file:
        text = file.read()
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        entries = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return {}, [Problem(shown, (mark.line + 1) if mark else 1, "people",
                            str(getattr(error, "problem", "the YAML could not be read")),
                            "Check the indentation and the 'field: value' lines here.")]
    lines = [item.start_mark.line + 1 for item in getattr(node, "value", [])
             if hasattr(item, "start_mark")] if isinstance(node, yaml.SequenceNode) else None
    return people_problems(entries, shown, lines)


def _unknown(content, field: str, person_id: str, people: dict) -> Problem:
    line = getattr(content, "front_matter_lines", {}).get(field, 1)
    choices = ", ".join(sorted(people)) or "(the registry is empty)"
    return Problem(display_path(content.source_path), line, field,
                   f"there is no person with the id '{person_id}' in the people registry",
                   f"Use one of: {choices}; or add them to content/people.yml.")


def _awaiting(content, field: str, person: Person) -> Problem:
    line = getattr(content, "front_matter_lines", {}).get(field, 1)
    return Problem(display_path(content.source_path), line, field,
                   f"'{person.id}' ({person.name}) is awaiting details in the people registry: "
                   "only the name came from the WordPress export",
                   f"In content/people.yml, check {person.name}'s name, add what is true "
                   "(role, credentials), then delete the line 'awaiting_details: true'.")


def resolve_people(contents: list, people: dict[str, Person]) -> list[Problem]:
    """Swap author and reviewer ids for people; return a problem for every unknown id.

    Pelican groups articles by Author, hashed by slug, so each Author keeps its
    id as slug and only its display name changes.
    """
    problems = []
    for content in contents:
        for author in getattr(content, "authors", []):
            person_id = author.slug if author.slug in people else author.name
            person = people.get(person_id)
            if person is None:
                problems.append(_unknown(content, "author", author.name, people))
                continue
            if person.awaiting_details:
                problems.append(_awaiting(content, "author", person))
            author.slug = person.id
            author.name = person.name
            author.person = person
        for field, attribute in PERSON_FIELDS:
            person_id = getattr(content, field, None)
            setattr(content, attribute, None)
            if person_id:
                setattr(content, attribute, people.get(str(person_id)))
                if getattr(content, attribute) is None:
                    problems.append(_unknown(content, field, person_id, people))
                elif getattr(content, attribute).awaiting_details:
                    problems.append(_awaiting(content, field, getattr(content, attribute)))
    return problems


def attach_people(generators) -> None:
    """Reads content/people.yml; turns author and reviewed_by ids into people; reports unknown ids."""
    context = next((generator.context for generator in generators), None)
    if context is None:
        return
    contents = all_contents(generators)
    people, problems = load_people(context)
    problems += resolve_people(contents, people)
    for problem in problems:
        report(problem)
    context["people"] = people


def register():
    signals.all_generators_finalized.connect(attach_people)
