"""The site's own pages: the home page and the accessibility statement."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from partnership.access import public_response


@require_GET
def home(request):
    return render(request, "home.html")


@require_GET
def accessibility(request):
    return public_response(request, render(request, "accessibility.html"))
