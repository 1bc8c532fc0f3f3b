"""The open-data API (``/api/v1/``): the published figure releases, read-only and without log-in, by the Dutch
API Design Rules (Logius). ``views`` holds the operations, ``schemas`` what they return, ``problems`` the error
responses, ``middleware`` what every response under ``/api/v1`` carries (version header, CORS, problem details)."""

API_VERSION = "1.0.0"
API_PREFIX = "/api/v1"
