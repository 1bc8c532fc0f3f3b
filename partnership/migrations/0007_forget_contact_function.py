"""``partnership_forget_contact``: overwrite a removed or anonymised contact person's data in their audit events.

The application's role may not UPDATE an audit event table (portal/trails.py); this ``SECURITY DEFINER`` function,
owned by the role that migrates, writes the placeholder name and address (and empties phone and function) in the
events of that one contact, and nothing else (AVG).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION partnership_forget_contact(contact_id bigint, new_name text, new_email text)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    changed integer;
BEGIN
    UPDATE partnership_contactpersonevent
       SET name = new_name, email = new_email, phone = '', function = ''
     WHERE pgh_obj_id = contact_id;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END;
$$;
REVOKE ALL ON FUNCTION partnership_forget_contact(bigint, text, text) FROM PUBLIC;
"""
DROP = "DROP FUNCTION IF EXISTS partnership_forget_contact(bigint, text, text);"


class Migration(migrations.Migration):
    dependencies = [("partnership", "0006_lean_pgh_attach_context")]

    operations = [migrations.RunSQL(CREATE, DROP)]
