from subsites.reorganisation import unit_move

from ._reorganisation import ReorganisationCommand, parse_day


class Command(ReorganisationCommand):
    help = "Place a unit under another parent from --on."

    def add_arguments(self, parser):
        parser.add_argument("key")
        parser.add_argument("--parent", required=True)
        self.add_on(parser)

    def handle(self, *args, **options):
        self.run(unit_move, key=options["key"], parent=options["parent"], on=parse_day(options["on"]))
