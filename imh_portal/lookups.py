"""Lookups the ORM lacks, registered on every field."""

from django.db.models import Field, Lookup


@Field.register_lookup
class AnyOf(Lookup):
    """``field = ANY(array)``, e.g. ``pk__any=ArraySubquery(ids)``.

    PostgreSQL runs an array subquery once and probes the column's index for
    each element, so the condition can be OR-ed with other indexed conditions
    in one bitmap scan; ``IN (subquery)`` OR-ed with anything else forces a scan
    of the whole table.
    """

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]
