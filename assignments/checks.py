"""System checks of the assignments app: the matching advice's weights in the settings."""

from django.conf import settings
from django.core.checks import Error, register

from . import matching


@register()
def check_matching_weights(app_configs=None, **kwargs) -> list[Error]:
    """``assignments.E001`` for each thing wrong with ``settings.MATCHING_WEIGHTS`` (the advice then uses the
    default for that factor, so a page never breaks on it)."""
    return [
        Error(problem, hint=f"Factors and defaults: {matching.DEFAULT_WEIGHTS}.", id="assignments.E001")
        for problem in matching.weight_problems(getattr(settings, matching.SETTING, None))
    ]
