from subsites.reorganisation import unit_rename

from ._reorganisation import ReorganisationCommand, parse_day


class Command(ReorganisationCommand):
    help = "Rename a unit from --on; the old name is kept, valid until the day before."

    def add_arguments(self, parser):
        parser.add_argument("key")
        parser.add_argument("--name", required=True, help="the new Vietnamese name")
        self.add_on(parser)

    def handle(self, *args, **options):
        self.run(unit_rename, key=options["key"], name=options["name"], on=parse_day(options["on"]))
