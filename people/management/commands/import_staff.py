from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from people.imports import HEADER, ImportFileError, read_table, validate_rows
from people.services import staff_import_apply


class Command(BaseCommand):
    help = "Import staff from CSV or XLSX (header: " + ",".join(HEADER) + "). All rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            rows, errors = validate_rows(read_table(path.read_bytes(), path.name, HEADER))
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(errors)} 行有错误，未导入任何数据。")
        plan = staff_import_apply(rows=rows)
        self.stdout.write(
            f"新增 {len(plan.create)} 人，更新 {len(plan.update)} 人，未变 {plan.unchanged} 人；"
            f"新地市公司 {len(plan.new_branches)}，新营业厅 {len(plan.new_halls)}。"
        )
