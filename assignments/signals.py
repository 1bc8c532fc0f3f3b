"""The bulk writes' signals (``bulk.Copier``), in a module of their own: a receiver imports them without the services.

Sent on the connection's thread with ``ids`` (a range): ``copying`` once a copier has reserved the ids of the new
assignments, before its first COPY; ``copied`` after its last. A receiver may defer its own work on these rows to one
pass at the end of the write (``reporting`` does so with the figures' summaries: ``reporting.summaries.defer``).
"""

from django.dispatch import Signal

copying = Signal()
copied = Signal()
