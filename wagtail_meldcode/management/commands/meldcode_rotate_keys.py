import time

from django.core.management.base import BaseCommand

from ...attachments import rotate_files
from ...key_rotation import encrypted_models, rehash_pseudonyms, rotate_model


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value and attachment file with the first key of "
        "MELDCODE_ENCRYPTION_KEYS, and recompute the pseudonyms' search hashes with the key "
        "derived from it. "
        "Each batch commits on its own; values already under the first key are skipped, so "
        "an interrupted run is resumed by running the command again. When it finishes, the "
        "old keys can be removed from the setting."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=None,
            help="Rows per transaction (default: MELDCODE_ROTATION_BATCH, 500).",
        )

    def handle(self, *args, batch_size=None, **options):
        started = time.monotonic()
        rotated = 0
        for model, fields in encrypted_models():
            label = model._meta.label
            self.stdout.write(f"{label} ({', '.join(f.name for f in fields)}):")

            def progress(p, label=label):
                self.stdout.write(
                    f"  {label}: {p.rows}/{p.total} rows, {p.rotated} value(s) re-encrypted "
                    f"(up to pk {p.last_pk})"
                )

            result = rotate_model(model, fields, batch_size=batch_size, report=progress)
            rotated += result.rotated
            self.stdout.write(f"  {label}: done, {result.rotated} value(s) re-encrypted.")
        self.stdout.write("Search hashes of the pseudonyms:")
        hashed = rehash_pseudonyms(batch_size=batch_size, report=lambda p: self.stdout.write(
            f"  {p.rows}/{p.total} cases, {p.rotated} hash(es) recomputed (up to pk {p.last_pk})"
        ))
        self.stdout.write(f"  done, {hashed.rotated} hash(es) recomputed.")
        self.stdout.write("Attachment files:")
        files = rotate_files(report=lambda p: self.stdout.write(
            f"  {p.files}/{p.total} files, {p.rotated} re-encrypted"
        ))
        rotated += files.rotated
        self.stdout.write(f"  done, {files.rotated} file(s) re-encrypted.")
        self.stdout.write(self.style.SUCCESS(
            f"{rotated} value(s) re-encrypted with the newest key in "
            f"{time.monotonic() - started:.1f}s. Every value now reads with the first key "
            "alone; the old keys can be removed."
        ))
