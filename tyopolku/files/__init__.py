"""Shared file machinery outside the domain apps: every spreadsheet the product writes or
reads goes through `tyopolku.files.spreadsheets` (safe writers, the bounded reader)."""
