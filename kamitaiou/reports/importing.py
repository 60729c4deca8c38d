"""Check an import against the database, then apply it — all or nothing (issue #15, item 5).

``check`` reads the file (``import_files``), checks every row (``import_rows``, pure),
then against the team's customers: a row finds its customer by the external id
(``ImportedCustomer``) or, failing that, by the e-mail address (two customers of the team
with that address: the row is refused, not guessed). It predicts what the import will do.

``apply`` writes the chosen rows in one transaction through the customer and contract
actions (``cases.actions`` / ``cases.customer_edits``, the ones the API uses): an error
rolls everything back.
An empty cell never clears a value the customer already has; a value that is already
there is not written again — so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from kamitaiou.cases.actions import NewCustomer, do_create_customer
from kamitaiou.cases.customer_edits import (
    do_create_contract,
    do_update_contract,
    do_update_customer,
)
from kamitaiou.cases.models import Contract, Customer
from kamitaiou.reports import import_files
from kamitaiou.reports.import_rows import (
    CUSTOMER_FIELDS,
    Code,
    Columns,
    Field,
    Problem,
    RowResult,
    check_rows,
    map_columns,
)
from kamitaiou.reports.models import ImportedCustomer

Progress = Callable[[int, int], None]
CHUNK = 500
#: How often (rows) the progress is reported.
EVERY = 250


def _no_progress(done: int, total: int) -> None:
    return None


@dataclass
class Counts:
    new_customers: int = 0
    changed_customers: int = 0
    unchanged_customers: int = 0
    new_contracts: int = 0
    changed_contracts: int = 0


@dataclass
class Checked:
    """The file checked: its rows (good and bad), file-level problems, and the plan."""

    columns: Columns | None
    results: list[RowResult] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    #: row key → the id of the customer it finds (absent: a new customer)
    matches: dict[tuple[str, str], int] = field(default_factory=dict)
    #: the keys found by their external id (``ImportedCustomer`` already holds them)
    known_ids: set[tuple[str, str]] = field(default_factory=set)
    counts: Counts = field(default_factory=Counts)

    @property
    def readable(self) -> bool:
        return self.columns is not None and not self.file_problems

    @property
    def bad_rows(self) -> set[int]:
        return {result.row for result in self.results if not result.ok}

    def problems(self) -> Iterator[Problem]:
        yield from self.file_problems
        for result in self.results:
            yield from result.problems


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    items = list(values)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def check(
    content: bytes, *, filename: str, team: Any, progress: Progress = _no_progress
) -> Checked:
    """Read and check every row of an upload for ``team``; nothing is written."""
    try:
        rows = import_files.read_rows(content, filename=filename)
    except import_files.UnreadableFile as exc:
        return Checked(None, file_problems=[Problem(0, "", Code(_FILE_CODES[exc.code]), "")])
    if not rows:
        return Checked(None, file_problems=[Problem(0, "", Code.EMPTY_FILE)])
    columns, problems = map_columns(rows[0])
    if problems:
        return Checked(columns, file_problems=problems)
    checked = Checked(columns)
    total = len(rows) - 1
    for done, result in enumerate(check_rows(rows[1:], columns), start=1):
        checked.results.append(_checked_email(result, columns))
        if done % EVERY == 0:
            progress(done, total)
    _match(checked, team)
    progress(total, total)
    return checked


#: ``UnreadableFile.code`` → the problem shown (all of them "the file cannot be read").
_FILE_CODES = {
    "encoding": "bad_encoding",
    "too_big": "too_big_file",
    "csv": "bad_file",
    "xlsx": "bad_file",
}


def _checked_email(result: RowResult, columns: Columns) -> RowResult:
    """The pure check's e-mail test, tightened to what ``Customer.email`` accepts."""
    email = str(result.values.get(Field.EMAIL) or "")
    if not email or not result.ok:
        return result
    try:
        validate_email(email)
    except ValidationError:
        bad = Problem(result.row, columns.name(Field.EMAIL), Code.BAD_EMAIL, email)
        return RowResult(result.row, result.values, (bad,))
    return result


def _match(checked: Checked, team: Any) -> None:
    """Find each good row's customer; refuse a row whose e-mail two customers share."""
    good = [result for result in checked.results if result.ok]
    external = {key[1] for key in (r.key for r in good) if key[0] == "id"}
    emails = {str(r.values[Field.EMAIL]) for r in good if r.values.get(Field.EMAIL)}
    by_external: dict[str, int] = {}
    for chunk in _chunks(external):
        rows = ImportedCustomer.objects.filter(team=team, external_id__in=chunk)
        by_external.update(rows.values_list("external_id", "customer_id"))
    by_email: dict[str, list[int]] = {}
    for chunk in _chunks(emails):
        # ``email`` is stored as typed; the file's is lower-cased: compare folded
        for pk, email in Customer.objects.filter(team=team, email__in=chunk).values_list(
            "pk", "email"
        ):
            by_email.setdefault(email.lower(), []).append(pk)
    for result in good:
        key = result.key
        email = str(result.values.get(Field.EMAIL) or "")
        if key[0] == "id" and key[1] in by_external:
            checked.matches[key] = by_external[key[1]]
            checked.known_ids.add(key)
        elif email and len(by_email.get(email, [])) > 1:
            _refuse(checked, result, Problem(result.row, "", Code.AMBIGUOUS, email))
        elif email and by_email.get(email):
            checked.matches[key] = by_email[email][0]
    _predict(checked)


def _refuse(checked: Checked, result: RowResult, problem: Problem) -> None:
    index = checked.results.index(result)
    checked.results[index] = RowResult(result.row, result.values, (*result.problems, problem))


def _predict(checked: Checked) -> None:
    """What ``apply`` will do with the good rows (the same decisions, nothing written)."""
    counts = Counts()
    good = [result for result in checked.results if result.ok]
    matched = set(checked.matches.values())
    customers = {}
    contracts: dict[int, dict[tuple[str, Any], Contract]] = {}
    for chunk in _chunks(matched):
        customers.update(Customer.objects.in_bulk(chunk))
        for contract in Contract.objects.filter(customer_id__in=chunk):
            contracts.setdefault(contract.customer_id, {})[
                (contract.product, contract.start_date)
            ] = contract
    seen: set[tuple[str, str]] = set()
    merged = merged_values(good)
    for result in good:
        pk = checked.matches.get(result.key)
        if result.key not in seen:
            seen.add(result.key)
            if pk is None:
                counts.new_customers += 1
            elif customer_changes(customers[pk], merged[result.key]):
                counts.changed_customers += 1
            else:
                counts.unchanged_customers += 1
        if result.has_contract:
            existing = contracts.get(pk, {}).get(_contract_key(result)) if pk else None
            if existing is None:
                counts.new_contracts += 1
            elif contract_changes(existing, result):
                counts.changed_contracts += 1
    checked.counts = counts


def merged_values(results: list[RowResult]) -> dict[tuple[str, str], dict[Field, object]]:
    """Each customer's values over all its rows (the first non-empty value of each field),
    in one pass."""
    merged: dict[tuple[str, str], dict[Field, object]] = {}
    for result in results:
        mine = merged.setdefault(result.key, {})
        for name in CUSTOMER_FIELDS:
            if result.values.get(name) and not mine.get(name):
                mine[name] = result.values[name]
    return merged


def customer_changes(customer: Customer, values: dict[Field, object]) -> dict[str, object]:
    """The fields the file sets to something new (empty cells change nothing)."""
    changes = {}
    for name in CUSTOMER_FIELDS:
        value = values.get(name)
        if value and getattr(customer, name.value) != value:
            if name == Field.EMAIL and customer.email.lower() == value:
                continue  # the same address, typed in another case
            changes[name.value] = value
    return changes


def _contract_key(result: RowResult) -> tuple[str, Any]:
    return (str(result.values[Field.PRODUCT]), result.values[Field.START])


def contract_changes(contract: Contract, result: RowResult) -> dict[str, object]:
    changes = {}
    for name in (Field.END, Field.TERMS):
        value = result.values.get(name)
        if value and getattr(contract, name.value) != value:
            changes[name.value] = value
    return changes


class StaleCheck(Exception):
    """The rows to import are no longer what the preview showed (the data changed)."""


def apply(
    checked: Checked,
    *,
    actor: Any,
    team: Any,
    skip_invalid: bool,
    allowed_bad: set[int] | None = None,
    progress: Progress = _no_progress,
) -> Counts:
    """Import the good rows in one transaction; with bad rows, only if ``skip_invalid``
    (and, given ``allowed_bad``, only if no row is bad that was not bad in the preview)."""
    bad = checked.bad_rows
    if not checked.readable or (bad and not skip_invalid):
        raise StaleCheck
    if allowed_bad is not None and not bad <= allowed_bad:
        raise StaleCheck
    good = [result for result in checked.results if result.ok]
    counts = Counts()
    merged = merged_values(good)
    with transaction.atomic():
        customers: dict[tuple[str, str], Customer] = {}
        for done, result in enumerate(good, start=1):
            customer = customers.get(result.key)
            if customer is None:
                customer = _save_customer(
                    checked, result, merged, actor=actor, team=team, counts=counts
                )
                customers[result.key] = customer
            if result.has_contract:
                new = checked.matches.get(result.key) is None  # a new customer has no contracts
                _save_contract(customer, result, actor=actor, counts=counts, new=new)
            if done % EVERY == 0:
                progress(done, len(good))
    progress(len(good), len(good))
    return counts


def _save_customer(
    checked: Checked,
    result: RowResult,
    merged: dict[tuple[str, str], dict[Field, object]],
    *,
    actor: Any,
    team: Any,
    counts: Counts,
) -> Customer:
    values = merged[result.key]
    pk = checked.matches.get(result.key)
    if pk is None:
        customer = do_create_customer(
            actor,
            data=NewCustomer(
                team=team, **{name.value: str(value) for name, value in values.items()}
            ),  # type: ignore[arg-type]
        )
        counts.new_customers += 1
    else:
        customer = Customer.objects.select_for_update().get(pk=pk, team=team)
        customer, changed = do_update_customer(
            actor, customer, changes=customer_changes(customer, values)
        )
        if changed:
            counts.changed_customers += 1
        else:
            counts.unchanged_customers += 1
    if result.key[0] == "id":
        if pk is None:
            ImportedCustomer.objects.create(team=team, external_id=result.key[1], customer=customer)
        elif result.key not in checked.known_ids:  # found by e-mail: remember the id too
            ImportedCustomer.objects.update_or_create(
                team=team, external_id=result.key[1], defaults={"customer": customer}
            )
    return customer


def _save_contract(
    customer: Customer, result: RowResult, *, actor: Any, counts: Counts, new: bool
) -> None:
    product, start = _contract_key(result)
    existing = (
        None
        if new
        else Contract.objects.filter(customer=customer, product=product, start_date=start).first()
    )
    if existing is None:
        # Deliberately not followups.do_add_contract: an imported contract was signed in the
        # system it comes from (often years ago, 20,000 rows at a time), so it must not open
        # an after-follow case with a schedule call due now (§10 is for a contract signed
        # here, where the page and the API add it). The row itself is written, checked and
        # announced by the same action do_add_contract uses.
        do_create_contract(
            actor,
            customer,
            product=product,
            start_date=start,
            end_date=result.values.get(Field.END),  # type: ignore[arg-type]
            terms=str(result.values.get(Field.TERMS) or ""),
        )
        counts.new_contracts += 1
    elif do_update_contract(actor, existing, changes=contract_changes(existing, result))[1]:
        counts.changed_contracts += 1
