"""``assignments_forget_followup_respondent``: clear who answered a follow-up in that answer's audit events.

The application's role may not UPDATE an audit event table (portal/trails.py); this ``SECURITY DEFINER`` function,
owned by the role that migrates, empties ``respondent`` in the events of one answer, and nothing else (retention).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION assignments_forget_followup_respondent(answer_id bigint, new_respondent text)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    changed integer;
BEGIN
    UPDATE assignments_followupanswerevent SET respondent = '' WHERE pgh_obj_id = answer_id;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END;
$$;
REVOKE ALL ON FUNCTION assignments_forget_followup_respondent(bigint, text) FROM PUBLIC;
"""
DROP = "DROP FUNCTION IF EXISTS assignments_forget_followup_respondent(bigint, text);"


class Migration(migrations.Migration):
    dependencies = [("assignments", "0012_followups")]

    operations = [migrations.RunSQL(CREATE, DROP)]
