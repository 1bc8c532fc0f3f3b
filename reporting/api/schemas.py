"""What the API returns, in Dutch (API Design Rules: the interface language is Dutch)."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

STATUS = {"provisional": "voorlopig", "final": "vastgesteld"}
KIND = {"first": "eerste-publicatie", "revision": "revisie", "correction": "correctie"}


class Cijfer(Schema):
    """Eén gepubliceerd cijfer: een cijfer uit het register of één onderdeel van een uitgesplitst cijfer."""

    sleutel: str = Field(description="De sleutel van deze waarde, bijvoorbeeld `assignments.by_level.HBO`.")
    cijfer: str = Field(description="Het cijfer waartoe deze waarde behoort, bijvoorbeeld `assignments.by_level`.")
    onderdelen: list[str] = Field(description="De onderdelen van een uitgesplitst cijfer (leeg voor een enkel cijfer).")
    onderdeelLabels: list[str] = Field(description="De Nederlandse namen van die onderdelen.")
    label: str = Field(description="De Nederlandse naam van deze waarde.")
    waarde: int | Literal["<5", "n.b."] = Field(
        description="Een geheel getal, of `<5` voor een aantal onder de 5 (en een aandeel van zo'n aantal), of `n.b.` "
        "(niet beschikbaar) voor een aandeel van te weinig studenten (`pipeline.inflow_percent` onder 10 teruggemelde "
        "studenten)."
    )


class Publicatie(Schema):
    """Een publicatie van de cijfers van één peildatum: een versie, voorlopig of vastgesteld."""

    id: int = Field(description="Het nummer van de publicatie.")
    peildatum: dt.date = Field(description="De cijfers zoals ze waren aan het eind van deze dag (Europe/Amsterdam).")
    versie: int = Field(description="Het versienummer binnen de peildatum; 1 is de eerste publicatie.")
    status: Literal["voorlopig", "vastgesteld"] = Field(description="Voorlopige cijfers kunnen nog worden bijgesteld.")
    soort: Literal["eerste-publicatie", "revisie", "correctie"] = Field(
        description="Een revisie stelt voorlopige cijfers bij; een correctie herstelt een fout."
    )
    reden: str = Field(description="Waarom deze versie is gepubliceerd (leeg bij een eerste publicatie).")
    vervangt: int | None = Field(description="Het nummer van de publicatie die deze vervangt.")
    vervangenDoor: int | None = Field(description="Het nummer van de publicatie die deze vervangt, als die er is.")
    gepubliceerdOp: dt.datetime = Field(description="Wanneer deze versie is gepubliceerd.")
    sha256: str = Field(
        pattern="^[0-9a-f]{64}$",
        description="SHA-256 van de cijfers in canonieke JSON (RFC 8785): gelijk aan `sha256sum` van `downloadUrl`.",
    )
    url: str = Field(description="Het adres van deze publicatie in de API.")
    downloadUrl: str = Field(description="De cijfers van deze publicatie als bestand (canonieke JSON).")


class PublicatieMetCijfers(Publicatie):
    """Een publicatie met al haar cijfers."""

    cijfers: list[Cijfer] = Field(description="De openbare cijfers, zoals gepubliceerd.")


class Publicaties(Schema):
    """Eén pagina publicaties, nieuwste peildatum en versie eerst."""

    publicaties: list[Publicatie]
    pagina: int = Field(description="Het nummer van deze pagina.")
    paginaGrootte: int = Field(description="Het aantal publicaties per pagina.")
    aantalPaginas: int = Field(description="Het aantal pagina's.")
    totaal: int = Field(description="Het aantal publicaties.")


class OngeldigeParameter(Schema):
    naam: str = Field(description="De parameter met een ongeldige waarde.")
    code: str = Field(description="Wat er mis is, als code.")
    reden: str = Field(description="Wat er mis is, in het Nederlands.")


class Probleem(Schema):
    """Een foutmelding volgens RFC 9457 (`application/problem+json`)."""

    type: str = Field(description="`about:blank`: de status zegt wat voor fout het is.")
    title: str = Field(description="De soort fout, in het Nederlands.")
    status: int = Field(description="De HTTP-status.")
    detail: str = Field(description="Wat er mis is, in het Nederlands.")
    instance: str = Field(description="Het gevraagde pad.")
    invalidParams: list[OngeldigeParameter] | None = Field(
        default=None, description="Bij ongeldige invoer: elke ongeldige parameter."
    )
