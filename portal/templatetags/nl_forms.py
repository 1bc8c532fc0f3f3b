"""Form rendering with NL Design System classes, used by the shared partial templates/includes/form_field.html."""

from django import forms, template
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from partnership.inputs import SearchableCheckboxSelectMultiple

register = template.Library()

# Widget class -> NL Design System (Utrecht) component class. Subclasses match through the MRO.
WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    Input: "utrecht-textbox utrecht-textbox--html-input",
}
INVALID_SUFFIX = {
    "utrecht-textbox": "utrecht-textbox--invalid",
    "utrecht-textarea": "utrecht-textarea--invalid",
    "utrecht-select": "utrecht-select--invalid",
    "utrecht-checkbox": "utrecht-checkbox--invalid",
    "utrecht-radio-button": "utrecht-radio-button--invalid",
}


def widget_css_class(bound_field):
    widget = bound_field.field.widget
    for klass in type(widget).__mro__:
        if klass in WIDGET_CLASSES:
            css = WIDGET_CLASSES[klass]
            break
    else:
        return ""
    if bound_field.errors:
        css = f"{css} {INVALID_SUFFIX[css.split()[0]]}"
    return css


@register.filter
def nl_widget(bound_field):
    """Render the field's widget with its NL Design System class; Django adds aria-invalid/aria-describedby."""
    widget = bound_field.field.widget
    css = " ".join(filter(None, [widget.attrs.get("class", ""), widget_css_class(bound_field)]))
    return bound_field.as_widget(attrs={"class": css} if css else None)


@register.filter
def field_kind(bound_field):
    """The kind of form field for the wrapper's modifier class: text, textarea, select, checkbox, choices or
    searchable (a long, grouped checkbox list with a filter box)."""
    widget = bound_field.field.widget
    if isinstance(widget, SearchableCheckboxSelectMultiple):
        return "searchable"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    return "text"


OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


@register.simple_tag
def select_options(widget):
    """A select's options as Django's ``select_option.html`` writes them, but in Python instead of one template per
    option (a select of 71 organisations: 4.1 ms → 3.0 ms), and with plain string formatting: ``format_html`` and
    ``format_html_join`` check every argument for a lazy string (three quarters of a select's time, the list's
    filter form writing 130 options). portal's ``django/forms/widgets/select.html``, which the TemplatesSetting form
    renderer finds before Django's, calls it."""

    def option_html(option):
        if option["template_name"] != OPTION_TEMPLATE:  # a widget with options of its own
            return render_to_string(option["template_name"], {"widget": option})
        attrs = flatatt(option["attrs"]) if option["attrs"] else ""
        return f'<option value="{escape(str(option["value"]))}"{attrs}>{conditional_escape(option["label"])}</option>'

    parts = []
    for group_name, options, _index in widget["optgroups"]:
        inner = "".join(f"\n  {option_html(option)}" for option in options)
        if group_name:
            inner = f'\n  <optgroup label="{conditional_escape(group_name)}">{inner}\n  </optgroup>'
        parts.append(inner)
    # bandit B308/B703: every value and label went through (conditional_)escape, the attributes through flatatt
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
