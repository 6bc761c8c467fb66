"""The admin's forms. Each refuses bad input with a message beside the field
(templates/admin/_form.html sets aria-invalid and aria-describedby) and
keeps what was typed."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import CheckboxInput, ListWidget

try:  # WTForms 3.3 deprecates (value, label) tuples
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - older WTForms
    SelectChoice = None

from ...model.programme import MODULES
from ...policy import ADMIN, COORDINATOR, FACILITATOR
from ...store import plans_store, programmes
from ...store.users import MIN_PASSWORD_LENGTH

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab and newline are fine


def options(pairs, group: str | None = None) -> list:
    """(value, label) pairs as the installed WTForms wants select choices."""
    if SelectChoice is None:
        return list(pairs)
    return [SelectChoice(value, label, optgroup=group) for value, label in pairs]


def grouped_options(groups: dict) -> list | dict:
    """{group label: [(value, label)]} as optgroups."""
    if SelectChoice is None:
        return groups
    return [option for group, pairs in groups.items() for option in options(pairs, str(group))]


def strip(value):
    return value.strip() if isinstance(value, str) else value


def no_control(form, field):
    if isinstance(field.data, str) and _CONTROL.search(field.data.replace("\r", "")):
        raise ValidationError(_l("Remove the control characters from the text."))


def required(message):
    """Something other than spaces (checked after the strip filter)."""
    return DataRequired(message)


def at_most(n: int):
    return Length(max=n, message=_l("At most %(max)d characters."))


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class ProgrammeForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[
        required(_l("Write the programme's name.")), at_most(200), no_control])
    network = StringField(_l("Network"), filters=[strip], validators=[
        required(_l("Write the network's name, e.g. Digi Rogaland.")), at_most(100),
        no_control])
    period_from = DateField(_l("Period from"), validators=[Optional()])
    period_to = DateField(_l("Period to"), validators=[Optional()])
    consent_text = TextAreaField(_l("Consent text"), filters=[strip], validators=[
        Optional(), at_most(4000), no_control])
    retention_months = IntegerField(_l("Retention period (months)"), default=24, validators=[
        InputRequired(_l("Write a number of months.")),
        NumberRange(1, 120, _l("Write a number of months from %(min)s to %(max)s."))])
    min_group_size = IntegerField(_l("Minimum group size"), default=3, validators=[
        InputRequired(_l("Write a number.")),
        NumberRange(*programmes.MIN_GROUP_RANGE,
                    _l("Write a number from %(min)s to %(max)s."))])

    def validate_period_to(self, field):
        if field.data and self.period_from.data and field.data < self.period_from.data:
            raise ValidationError(_l("The period cannot end before it starts."))


for _module in MODULES:
    setattr(ProgrammeForm, f"module_{_module.number}", StringField(
        _l("Module %(number)s", number=_module.number), filters=[strip], validators=[
            required(_l("Write the module's title.")), at_most(100), no_control]))


def module_fields(form: ProgrammeForm) -> list:
    return [getattr(form, f"module_{module.number}") for module in MODULES]


class MunicipalityForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[
        required(_l("Write the municipality's name.")), at_most(100), no_control])
    kommunenummer = StringField(_l("Kommunenummer"), filters=[strip], validators=[Optional()])
    expected_participants = IntegerField(_l("Expected participants"), validators=[
        Optional(), NumberRange(0, 1000, _l("Write a number from %(min)s to %(max)s."))])

    def validate_name(self, field):
        if field.data and not re.search(r"\w", field.data):
            raise ValidationError(_l("The name must contain letters."))

    def validate_kommunenummer(self, field):
        if field.data and not re.fullmatch(r"[0-9]{4}", field.data):
            raise ValidationError(_l("Kommunenummer is 4 digits, e.g. 1103 or 0301."))


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file."))])


ROLE_LABELS = {FACILITATOR: _l("Facilitator"), ADMIN: _l("Programme admin"),
               COORDINATOR: _l("Coordinator")}


class InviteForm(FlaskForm):
    role = SelectField(_l("Role"), choices=options(ROLE_LABELS.items()),
                       validators=[InputRequired()])
    municipality = SelectField(_l("Municipality (for a coordinator)"), coerce=int,
                               validate_choice=True)
    note = StringField(_l("E-mail or name"), filters=[strip], validators=[
        required(_l("Write who the link is for, so you know later.")), at_most(200),
        no_control])

    def validate_municipality(self, field):
        if self.role.data == COORDINATOR and not field.data:
            raise ValidationError(_l("Choose the coordinator's municipality."))


class AcceptInviteForm(FlaskForm):
    username = StringField(_l("Username"), filters=[strip], validators=[
        required(_l("Choose a username.")), at_most(80), no_control])
    password = PasswordField(_l("Password"), validators=[
        InputRequired(_l("Choose a password.")),
        Length(min=MIN_PASSWORD_LENGTH, max=200,
               message=_l("The password must be %(min)d to %(max)d characters."))])
    confirm = PasswordField(_l("Password again"), validators=[
        InputRequired(_l("Write the password again.")),
        EqualTo("password", _l("The two passwords are not the same."))])

    def validate_username(self, field):
        if field.data and re.search(r"\s", field.data):
            raise ValidationError(_l("A username has no spaces."))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class GatheringForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        Optional(), at_most(200), no_control])
    date = DateField(_l("Date"), validators=[InputRequired(_l("Choose the date."))])
    module = SelectField(_l("Module"), coerce=int, validators=[InputRequired()])
    municipalities = MultiCheckboxField(_l("Municipalities"), coerce=int)
    plan = SelectField(_l("Session plan"))
    pick = IntegerField(_l("How many"), validators=[
        Optional(), NumberRange(1, 200, _l("Write a number from %(min)s to %(max)s."))])

    def validate_municipalities(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one municipality."))


class NewPlanForm(FlaskForm):
    source = SelectField(_l("Start from"), validators=[InputRequired()])
    name = StringField(_l("Name"), filters=[strip], validators=[
        Optional(), at_most(plans_store.MAX_NAME), no_control])


class PlanForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[
        required(_l("Give the plan a name.")), at_most(plans_store.MAX_NAME), no_control])
    toml = TextAreaField(_l("The plan (TOML)"), validators=[
        required(_l("The plan is empty.")),
        Length(max=plans_store.MAX_TOML, message=_l("At most %(max)d characters."))])
    check = SubmitField(_l("Check and preview"))
    save = SubmitField(_l("Save"))
