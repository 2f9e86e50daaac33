"""The directory as Open Referral HSDS 3.0: a read API, an export and an import.

Each published listing is one HSDS ``organization`` offering one ``service`` at
its ``location``\\s; service types, models and credential kinds are the terms
of three ``taxonomy``\\s. ``mapping`` turns rows into HSDS records and records
back into listing drafts, ``api`` serves them under ``/api/hsds/``, and
``importer`` reads HSDS files into draft listings for moderators to review.
"""
