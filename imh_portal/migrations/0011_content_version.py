"""The content version row and the function every content table's trigger
calls (the triggers themselves are added after each migrate, for every content
table there is: imh_portal.content_version)."""

from django.db import migrations

CREATE = """
CREATE TABLE imh_portal_content_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    number bigint NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO imh_portal_content_version (id, number, changed_at) VALUES (1, 1, now());

CREATE FUNCTION imh_portal_bump_content_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction: later rows of the same commit change nothing more.
    IF current_setting('imh_portal.content_bumped', true) = 'yes' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('imh_portal.content_bumped', 'yes', true);
    UPDATE imh_portal_content_version
       SET number = number + 1, changed_at = now()
     WHERE id = 1;
    RETURN NULL;
END
$$;
"""

DROP = """
DROP FUNCTION imh_portal_bump_content_version() CASCADE;
DROP TABLE imh_portal_content_version;
"""


class Migration(migrations.Migration):
    dependencies = [("imh_portal", "0010_users_choose_the_language_of_their_emails")]

    operations = [migrations.RunSQL(CREATE, DROP)]
