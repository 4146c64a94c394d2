"""The record of files imported, by SHA-256, so the import protocol (`riep.core.importing`) knows a file seen before.

A Django app of its own inside core, so its table and migrations stay apart from the rest of core's."""
